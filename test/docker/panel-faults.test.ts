// Fault states on a dedicated short-lived dockerd (never the shared one): the daemon killed in the
// middle of a build, then gone for good; and 1 000 images listed and paged without stalling.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { startShortLivedDaemon, type ShortLivedDaemon } from './support/shortLivedDaemon';
import { ensureDockerDaemon } from '../support/docker-env';
import { buildImage } from '../../server/src/docker/build';
import { listImages } from '../../server/src/docker/images';
import { pageImages } from '../../server/src/docker/imageList';
import { describeDockerError } from '../../server/src/docker/problems';
import { watchImageEvents } from '../../server/src/docker/events';
import type { ResolvedConnection } from '../../server/src/docker/connection';

let daemon: ShortLivedDaemon;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

before(async () => {
  await ensureDockerDaemon(); // installs dockerd on a fresh machine
  process.on('unhandledRejection', onUnhandled);
  daemon = await startShortLivedDaemon();
});

after(async () => {
  process.off('unhandledRejection', onUnhandled);
  await daemon?.stop();
});

/** One `docker load` archive holding 1 000 images that share one tiny layer (a label tells them apart). */
function thousandImagesArchive(): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-many-'));
  fs.mkdirSync(path.join(dir, 'layer'));
  fs.writeFileSync(path.join(dir, 'n.txt'), 'one layer for all\n');
  execFileSync('tar', ['-c', '-f', path.join(dir, 'layer/layer.tar'), '-C', dir, 'n.txt']);
  const diffId = `sha256:${createHash('sha256')
    .update(fs.readFileSync(path.join(dir, 'layer/layer.tar')))
    .digest('hex')}`;
  const manifest = [];
  for (let i = 0; i < 1000; i++) {
    const config = JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      created: new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString(),
      config: { Labels: { n: String(i) } },
      rootfs: { type: 'layers', diff_ids: [diffId] },
      history: [{ created_by: `image ${i}` }],
    });
    const name = `${createHash('sha256').update(config).digest('hex')}.json`;
    fs.writeFileSync(path.join(dir, name), config);
    manifest.push({ Config: name, RepoTags: [`lw-many:t${i}`], Layers: ['layer/layer.tar'] });
  }
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  fs.rmSync(path.join(dir, 'n.txt'));
  return execFileSync('tar', ['-c', '-C', dir, '.'], { maxBuffer: 1 << 28 });
}

test('1 000 images: listed and paged in well under a second per page, filter included', async () => {
  const docker = daemon.docker;
  const loading = await docker.loadImage(Readable.from([thousandImagesArchive()]) as unknown as NodeJS.ReadableStream, {
    quiet: true,
  });
  for await (const _ of loading as AsyncIterable<Buffer>) void _;
  const started = Date.now();
  const rows = await listImages(docker);
  const listMs = Date.now() - started;
  assert.equal(rows.length, 1000);
  const t0 = Date.now();
  const first = pageImages(rows);
  const filtered = pageImages(rows, { filter: 'lw-many:t99' });
  const last = pageImages(rows, { offset: 980 });
  const pageMs = Date.now() - t0;
  assert.equal(first.items.length, 50);
  assert.equal(first.total, 1000);
  assert.deepEqual(filtered.items.map((r) => r.tags[0]).sort(), [
    'lw-many:t99',
    'lw-many:t990',
    'lw-many:t991',
    'lw-many:t992',
    'lw-many:t993',
    'lw-many:t994',
    'lw-many:t995',
    'lw-many:t996',
    'lw-many:t997',
    'lw-many:t998',
    'lw-many:t999',
  ]);
  assert.equal(last.items.length, 20);
  assert.ok(pageMs < 100, `paging took ${pageMs} ms`);
  assert.ok(listMs < 5000, `listing 1 000 images took ${listMs} ms`);
  console.log(`# 1 000 images: list ${listMs} ms, three pages ${pageMs} ms`);
});

test('daemon killed during a build: a clear "Docker stopped answering" error, no unhandled rejection; events stop cleanly', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-killed-'));
  fs.writeFileSync(
    path.join(dir, 'Dockerfile'),
    `FROM scratch\n${['a', 'b', 'c', 'd', 'e', 'f'].map((n) => `COPY big /${n}`).join('\n')}\n`,
  );
  const big = fs.openSync(path.join(dir, 'big'), 'w');
  for (let i = 0; i < 20; i++) fs.writeSync(big, Buffer.alloc(5_000_000, i + 1));
  fs.closeSync(big);
  let disconnects = 0;
  const watch = watchImageEvents(daemon.docker, () => undefined, {
    retryMs: 60_000,
    onDisconnect: () => disconnects++,
  });
  const log: string[] = [];
  let killedAt = 0;
  const err = await buildImage(daemon.docker, {
    contextDir: dir,
    dockerfile: 'Dockerfile',
    tag: 'lw-killed:1',
    network: 'none',
    onLog: (line) => {
      log.push(line);
      if (!killedAt && /^Step 2\/\d+/.test(line)) {
        killedAt = Date.now();
        daemon.kill();
      }
    },
  }).then(
    () => assert.fail(`the build must not succeed once the daemon is killed; log:\n${log.join('\n')}`),
    (e: unknown) => e,
  );
  assert.ok(killedAt > 0, 'the daemon was killed mid-build');
  const connection: ResolvedConnection = {
    source: 'setting',
    label: `unix://${daemon.socketPath} (setting)`,
    url: `unix://${daemon.socketPath}`,
    endpoint: { protocol: 'unix', socketPath: daemon.socketPath },
  };
  const problem = describeDockerError(err, connection, 'building');
  assert.equal(problem.kind, 'daemon-died', `${String(err)} → ${JSON.stringify(problem)}`);
  assert.match(problem.message, /closed the connection while building/);
  assert.match(problem.fix, /docker info/);
  // Afterwards the daemon is simply absent.
  await daemon.exited();
  const later = await daemon.docker.ping().then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.equal(describeDockerError(later, connection).kind, 'no-daemon');
  await new Promise((r) => setTimeout(r, 500));
  watch.dispose();
  assert.ok(disconnects >= 1, 'the event watch noticed the daemon went away');
  assert.deepEqual(unhandled, []);
});
