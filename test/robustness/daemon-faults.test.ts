// Daemon faults for the size look-ups (sizes/daemon.ts) and the image waste scan
// (docker/images.ts): no socket, a socket this user may not open (checked by the kernel, as
// `nobody`), a daemon that accepts and never answers, one that answers garbage, and one that
// drops the connection in the middle of `GET /images/{id}/get`. The silent, garbage and
// dropping daemons are small unix-socket servers (fakes: a real dockerd cannot be made to do
// that on cue); the kill of a real dockerd mid-stream is in daemon-killed.test.ts.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import Dockerode from 'dockerode';
import { lookupLocalImage, daemonPlatform } from '../../server/src/sizes/daemon';
import { computeImageWaste } from '../../server/src/docker/images';
import { describeDockerError } from '../../server/src/docker/problems';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-daemon-faults-'));
const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();
let cases = 0;
after(() => {
  for (const s of sockets) s.destroy();
  for (const s of servers) s.close();
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`robustness/daemon: ${cases} look-ups against broken daemons`);
});

/** A unix-socket "daemon" that hands each connection to `onConnection`. */
async function fakeDaemon(name: string, onConnection: (socket: net.Socket) => void): Promise<string> {
  const socketPath = path.join(dir, name);
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return socketPath;
}

/** Settles `promise` or fails after `ms`: a hang is a failure. */
async function within<T>(promise: Promise<T>, ms: number, label: string): Promise<T> {
  cases++;
  let timer: NodeJS.Timeout | undefined;
  const t0 = Date.now();
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${label}: still waiting after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    assert.ok(Date.now() - t0 <= ms + 100, label);
  }
}

test('no socket at all: "unreachable" at once, no platform, a "No Docker daemon" problem', async () => {
  const missing = path.join(dir, 'missing.sock');
  const result = await within(lookupLocalImage(missing, 'node:20'), 2_000, 'look-up');
  assert.equal(result.ok, false);
  assert.equal(!result.ok && result.reason, 'unreachable');
  assert.equal(await within(daemonPlatform(missing), 2_000, 'platform'), undefined);
  const error = await within(
    new Dockerode({ socketPath: missing }).ping().then(
      () => null,
      (e: unknown) => e,
    ),
    2_000,
    'ping',
  );
  assert.equal(describeDockerError(error, undefined).kind, 'no-daemon');
});

test('a socket this user may not open (as nobody): "Permission denied", not a hang', async () => {
  const socketPath = await fakeDaemon('root-only.sock', (s) => s.end());
  fs.chmodSync(socketPath, 0o600);
  fs.chmodSync(dir, 0o755);
  const probe = `
    const Dockerode = require('dockerode');
    new Dockerode({ socketPath: ${JSON.stringify(socketPath)} }).ping().then(() => console.log('{"ok":true}'), (e) => console.log(JSON.stringify({ code: e.code, message: e.message })));`;
  const run = spawnSync(process.execPath, ['-e', probe], {
    cwd: path.resolve(__dirname, '..', '..'),
    uid: 65534,
    gid: 65534,
    encoding: 'utf8',
    timeout: 20_000,
  });
  cases++;
  assert.equal(run.status, 0, run.stderr);
  const error = JSON.parse(run.stdout.trim());
  assert.equal(error.code, 'EACCES', run.stdout);
  assert.equal(describeDockerError(error, undefined).kind, 'permission-denied');
});

test('a daemon that accepts and never answers: look-ups time out with a message', async () => {
  const silent = await fakeDaemon('silent.sock', () => undefined);
  const result = await within(lookupLocalImage(silent, 'node:20', { timeoutMs: 300 }), 1_500, 'look-up');
  assert.equal(result.ok, false);
  assert.equal(!result.ok && result.reason, 'timeout');
  assert.match(!result.ok ? result.message : '', /300 ms/);
  assert.equal(await within(daemonPlatform(silent, 300), 1_500, 'platform'), undefined);
});

test('the waste scan on a silent daemon gives up when cancelled', async () => {
  const silent = await fakeDaemon('silent-get.sock', () => undefined);
  const scan = computeImageWaste(new Dockerode({ socketPath: silent }), 'sha256:abc', {
    signal: AbortSignal.timeout(300),
  });
  const error = await within(
    scan.then(
      () => null,
      (e: unknown) => e,
    ),
    2_000,
    'waste scan',
  );
  assert.ok(error, 'rejects');
  assert.equal(describeDockerError(error, undefined).kind, 'cancelled');
});

test('garbage instead of HTTP, and HTTP with broken JSON', async () => {
  const garbage = await fakeDaemon('garbage.sock', (s) => s.end('\0\0\0 not http at all\r\n\r\n'));
  const broken = await fakeDaemon('broken-json.sock', (s) =>
    s.once('data', () =>
      s.end('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n{"Id": [1'),
    ),
  );
  for (const socketPath of [garbage, broken]) {
    const result = await within(lookupLocalImage(socketPath, 'node:20', { timeoutMs: 1_000 }), 2_000, socketPath);
    assert.equal(result.ok, false, JSON.stringify(result));
  }
});

test('a daemon that drops the connection in the middle of /images/get: "Docker stopped answering"', async () => {
  const dropping = await fakeDaemon('drop.sock', (s) =>
    s.once('data', () => {
      s.write('HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\nTransfer-Encoding: chunked\r\n\r\n');
      // A tar entry that promises 10 MB, then 64 KB of it: the connection dies inside a layer.
      const chunk = Buffer.concat([tarHeader('0123abcd/layer.tar', 10 << 20), Buffer.alloc(64 * 1024, 7)]);
      s.write(`${chunk.length.toString(16)}\r\n`);
      s.write(chunk);
      s.write('\r\n', () => setTimeout(() => s.destroy(), 50));
    }),
  );
  const error = await within(
    computeImageWaste(new Dockerode({ socketPath: dropping }), 'sha256:abc').then(
      () => null,
      (e: unknown) => e,
    ),
    5_000,
    'waste scan',
  );
  assert.ok(error, 'a truncated archive must not pass for an image');
  assert.equal(describeDockerError(error, undefined).kind, 'daemon-died', String(error));
});

/** A ustar header for a regular file of `size` bytes. */
function tarHeader(name: string, size: number): Buffer {
  const header = Buffer.alloc(512, 0);
  header.write(name, 0);
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  header.write('00000000000\0', 136);
  header.write('0', 156);
  header.write('ustar\0' + '00', 257);
  header.fill(' ', 148, 156);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return header;
}
