// A real dockerd killed (SIGKILL) while `GET /images/{id}/get` streams an image to the waste
// scan: the scan must fail with "Docker stopped answering", leave no unhandled rejection, and
// later look-ups on the dead socket must fail fast. Uses a dedicated short-lived dockerd (never
// the shared private one), stopped by PID with its containerd.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { startShortLivedDaemon, type ShortLivedDaemon } from '../docker/support/shortLivedDaemon';
import { ensureDockerDaemon, DOCKER_API_VERSION } from '../support/docker-env';
import { computeImageWaste } from '../../server/src/docker/images';
import { describeDockerError } from '../../server/src/docker/problems';
import { lookupLocalImage } from '../../server/src/sizes/daemon';

const SETUP_TIMEOUT = 10 * 60_000;
let daemon: ShortLivedDaemon | undefined;
let work: string;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

before(
  async () => {
    await ensureDockerDaemon(); // installs dockerd on a fresh machine
    process.on('unhandledRejection', onUnhandled);
    daemon = await startShortLivedDaemon();
    // A 96 MB layer of random bytes: long enough to be mid-stream when the daemon dies.
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-killed-'));
    const fd = fs.openSync(path.join(work, 'big.bin'), 'w');
    for (let i = 0; i < 96; i++) fs.writeSync(fd, randomBytes(1 << 20));
    fs.closeSync(fd);
    const imported = spawnSync(
      'bash',
      ['-c', `tar -C "${work}" -cf - big.bin | docker -H "unix://${daemon.socketPath}" import - lw-killed:big`],
      {
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, DOCKER_API_VERSION },
      },
    );
    assert.equal(imported.status, 0, `docker import: ${imported.stderr}`);
  },
  { timeout: SETUP_TIMEOUT },
);

after(async () => {
  process.off('unhandledRejection', onUnhandled);
  await daemon?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test(
  'dockerd killed during /images/get: "Docker stopped answering", then fast failures',
  { timeout: 120_000 },
  async () => {
    const d = daemon!;
    let killedAtBytes = 0;
    const scan = computeImageWaste(d.docker, 'lw-killed:big', {
      onProgress: (bytes) => {
        if (killedAtBytes) return;
        killedAtBytes = bytes;
        d.kill();
      },
    });
    const started = Date.now();
    const error = await scan.then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(killedAtBytes > 0, 'the daemon was killed mid-stream');
    assert.ok(error, 'a half-read archive must not pass for an image');
    assert.equal(describeDockerError(error, undefined, 'reading the image').kind, 'daemon-died', String(error));
    assert.ok(Date.now() - started < 60_000, 'the scan did not hang on the dead socket');
    await d.exited();

    const t0 = Date.now();
    const lookup = await lookupLocalImage(d.socketPath, 'lw-killed:big', { timeoutMs: 2_000 });
    assert.equal(lookup.ok, false);
    assert.ok(Date.now() - t0 < 3_000);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(unhandled, [], 'no unhandled rejection');
  },
);
