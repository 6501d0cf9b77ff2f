// Connection resolution on real sockets and real docker contexts (temp HOME with
// ~/.docker/config.json and contexts/meta), against the private daemon; and the clear
// messages for no daemon, permission denied and a wrong context.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureDockerDaemon } from '../support/docker-env';
import {
  resolveConnection,
  createDockerClient,
  contextDirName,
  candidateSockets,
} from '../../server/src/docker/connection';
import { describeDockerError } from '../../server/src/docker/problems';
import { defaultDaemon } from '../../server/src/sizes/daemon';

let socket: string;
before(async () => {
  socket = (await ensureDockerDaemon()).socketPath;
});

function tempHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lw-home-'));
}

function writeContext(home: string, name: string, host: string, current: boolean): void {
  const meta = path.join(home, '.docker/contexts/meta', contextDirName(name));
  fs.mkdirSync(meta, { recursive: true });
  fs.writeFileSync(
    path.join(meta, 'meta.json'),
    JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }),
  );
  if (current)
    fs.writeFileSync(path.join(home, '.docker/config.json'), JSON.stringify({ auths: {}, currentContext: name }));
}

async function ping(resolution: ReturnType<typeof resolveConnection>): Promise<string> {
  assert.ok(resolution.ok, JSON.stringify(resolution));
  await createDockerClient(resolution.connection).ping();
  return resolution.connection.label;
}

test('the setting wins over DOCKER_HOST, which wins over contexts', async () => {
  const home = tempHome();
  writeContext(home, 'elsewhere', 'unix:///nonexistent/docker.sock', true);
  const env = { DOCKER_HOST: 'unix:///nonexistent/other.sock' };
  assert.equal(await ping(resolveConnection({ setting: `unix://${socket}`, env, home })), `unix://${socket} (setting)`);
  assert.equal(
    await ping(resolveConnection({ env: { DOCKER_HOST: `unix://${socket}` }, home })),
    `unix://${socket} (DOCKER_HOST)`,
  );
});

test('the current context of ~/.docker/config.json is used, and DOCKER_CONTEXT overrides it', async () => {
  const home = tempHome();
  writeContext(home, 'private', `unix://${socket}`, true);
  writeContext(home, 'broken', 'unix:///nonexistent/docker.sock', false);
  const current = resolveConnection({ env: {}, home });
  assert.equal(await ping(current), `unix://${socket} (context "private")`);
  assert.ok(current.ok && current.connection.source === 'current context');
  const overridden = resolveConnection({ env: { DOCKER_CONTEXT: 'broken' }, home });
  assert.ok(
    overridden.ok && overridden.connection.context === 'broken' && overridden.connection.source === 'DOCKER_CONTEXT',
  );
  const err = await createDockerClient(overridden.connection)
    .ping()
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  const problem = describeDockerError(err, overridden.connection);
  assert.equal(problem.kind, 'no-daemon');
  assert.match(problem.message, /context "broken".*docker context use default/);
});

test('a context that does not exist is a wrong-context problem with the fix', () => {
  const home = tempHome();
  fs.mkdirSync(path.join(home, '.docker'));
  fs.writeFileSync(path.join(home, '.docker/config.json'), JSON.stringify({ currentContext: 'gone' }));
  const r = resolveConnection({ env: {}, home });
  assert.ok(!r.ok);
  assert.equal(r.problem.kind, 'wrong-context');
  assert.match(r.problem.message, /"gone"/);
  assert.match(r.problem.fix, /docker context use/);
});

test('with nothing configured, the first existing usual socket is used (Podman under XDG_RUNTIME_DIR here)', async () => {
  const home = tempHome();
  const runtime = tempHome();
  fs.mkdirSync(path.join(runtime, 'podman'));
  fs.symlinkSync(socket, path.join(runtime, 'podman/podman.sock'));
  const env = { XDG_RUNTIME_DIR: runtime };
  const earlier = candidateSockets(env, home)
    .slice(0, -2)
    .filter((s) => fs.existsSync(s));
  const r = resolveConnection({ env, home });
  if (earlier.length > 0) {
    // This machine has a system socket: it comes first, as the docker CLI would pick it.
    assert.ok(r.ok && r.connection.endpoint.socketPath === earlier[0]);
  } else {
    assert.equal(await ping(r), `unix://${path.join(runtime, 'podman/podman.sock')} (default socket)`);
  }
  // Docker Desktop's per-user socket is preferred over Podman's.
  fs.mkdirSync(path.join(home, '.docker/run'), { recursive: true });
  fs.symlinkSync(socket, path.join(home, '.docker/run/docker.sock'));
  const desktop = resolveConnection({ env, home });
  if (earlier.length === 0)
    assert.equal(await ping(desktop), `unix://${path.join(home, '.docker/run/docker.sock')} (default socket)`);
});

test('tcp, TLS and ssh hosts are parsed as the docker CLI reads them', () => {
  const certs = tempHome();
  for (const f of ['ca.pem', 'cert.pem', 'key.pem']) fs.writeFileSync(path.join(certs, f), 'pem');
  const tls = resolveConnection({
    env: { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs },
    home: '/h',
  });
  assert.ok(tls.ok);
  assert.deepEqual(tls.connection.endpoint, {
    protocol: 'https',
    host: '10.0.0.5',
    port: 2376,
    tls: { ca: `${certs}/ca.pem`, cert: `${certs}/cert.pem`, key: `${certs}/key.pem` },
  });
  const plain = resolveConnection({ env: { DOCKER_HOST: 'tcp://127.0.0.1:2375' }, home: '/h' });
  assert.ok(plain.ok && plain.connection.endpoint.protocol === 'http' && plain.connection.endpoint.port === 2375);
  const ssh = resolveConnection({ env: { DOCKER_HOST: 'ssh://me@build-box:2222' }, home: '/h' });
  assert.ok(ssh.ok);
  assert.deepEqual(ssh.connection.endpoint, {
    protocol: 'ssh',
    host: 'build-box',
    port: 2222,
    username: 'me',
    sshHome: '/h',
  });
  const bad = resolveConnection({ setting: 'ftp://x', env: {}, home: '/h' });
  assert.ok(!bad.ok && bad.problem.kind === 'bad-host');
});

test('no daemon: a socket path where nothing listens gives the clear message and the fix', async () => {
  const r = resolveConnection({
    env: { DOCKER_HOST: `unix://${path.join(tempHome(), 'none.sock')}` },
    home: tempHome(),
  });
  assert.ok(r.ok);
  const err = await createDockerClient(r.connection)
    .ping()
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  const problem = describeDockerError(err, r.connection, 'listing images');
  assert.equal(problem.kind, 'no-daemon');
  assert.match(problem.message, /No Docker daemon answers at unix:\/\/.*none\.sock \(DOCKER_HOST\)/);
  assert.match(problem.fix, /layerwise\.docker\.host/);
  // A socket file whose server is gone: connection refused, same message.
  const dead = path.join(tempHome(), 'dead.sock');
  const server = net.createServer().listen(dead);
  await new Promise((resolve) => server.once('listening', resolve));
  server.close();
  fs.closeSync(fs.openSync(dead, 'a'));
  const refused = await createDockerClient({ ...r.connection, endpoint: { protocol: 'unix', socketPath: dead } })
    .ping()
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  assert.equal(describeDockerError(refused, r.connection).kind, 'no-daemon');
});

function runPing(
  env: NodeJS.ProcessEnv,
  uid?: number,
): Promise<{ ok: boolean; label?: string; problem?: { kind: string; message: string; fix: string } }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'support/panel-ping.ts')],
      {
        env: { PATH: process.env.PATH, HOME: tempHome(), ...env },
        uid,
        cwd: path.join(__dirname, '..', '..'),
        timeout: 60_000,
      },
      (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout.trim().split('\n').pop()!)),
    );
  });
}

test('permission denied: the private daemon socket (root:docker 0660) seen by user nobody', async () => {
  const mode = fs.statSync(socket).mode & 0o777;
  assert.equal(mode & 0o006, 0, 'the socket is not world-accessible, so another user must be refused');
  const asRoot = await runPing({ DOCKER_HOST: `unix://${socket}` });
  assert.equal(asRoot.ok, true);
  const asNobody = await runPing({ DOCKER_HOST: `unix://${socket}`, TSX_TSCONFIG_PATH: '' }, 65534);
  assert.equal(asNobody.ok, false);
  assert.equal(asNobody.problem?.kind, 'permission-denied');
  assert.match(asNobody.problem!.message, /Permission denied on unix:\/\/.*docker\.sock \(DOCKER_HOST\)/);
  assert.match(asNobody.problem!.fix, /usermod -aG docker/);
});

test('the size look-ups take their daemon from the same resolver', async () => {
  const home = tempHome();
  writeContext(home, 'private', `unix://${socket}`, true);
  const viaContext = defaultDaemon({ env: {}, home });
  assert.ok(viaContext);
  assert.equal(await viaContext.ping().then(String), 'OK');
  assert.equal(
    defaultDaemon({ env: {}, home: tempHome(), fs: { readText: () => undefined, exists: () => false } }),
    undefined,
  );
});
