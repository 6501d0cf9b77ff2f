// Build through the daemon API (context tar honouring .dockerignore), history → line mapping,
// exact waste from /images/{id}/get, comparison, cancel and build failure — all on the private daemon.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Dockerode from 'dockerode';
import { ensureBaseImages, ensureDockerDaemon, removeImagesQuietly } from '../support/docker-env';
import { buildImage, BuildError, layerwiseTag } from '../../server/src/docker/build';
import { computeImageWaste, imageDetail, listImages, DOCKERFILE_LABEL } from '../../server/src/docker/images';
import { mapHistoryToDockerfile } from '../../server/src/docker/layerMap';
import { explainWaste, sizeBuckets, compareSizes } from '../../server/src/docker/report';
import { describeDockerError } from '../../server/src/docker/problems';
import { parseDockerfile } from '../../server/src/core/parse';

const WASTE_DIR = path.join(__dirname, '..', 'fixtures', 'panel', 'waste');
const LABEL = `test/panel-build-${process.pid}/Dockerfile`;
const created: string[] = [];
let docker: Dockerode;

before(async () => {
  const daemon = await ensureDockerDaemon();
  await ensureBaseImages();
  docker = new Dockerode({ socketPath: daemon.socketPath });
});

after(async () => {
  await removeImagesQuietly(docker, created);
});

let wasteImage: { imageId: string; tag: string } | undefined;
async function buildWasteImage() {
  if (wasteImage) return wasteImage;
  const log: string[] = [];
  const tag = layerwiseTag(`panel-waste-${process.pid}`);
  const result = await buildImage(docker, {
    contextDir: WASTE_DIR,
    dockerfile: 'Dockerfile',
    tag,
    dockerfileLabel: LABEL,
    network: 'none',
    onLog: (l) => log.push(l),
  });
  created.push(result.tag);
  assert.ok(
    log.some((l) => /Step 2\/\d+ : RUN head -c 50000000/.test(l)),
    'the build log streams the steps',
  );
  wasteImage = result;
  return result;
}

test('builds through the API: tagged layerwise/<name>:<timestamp>, labelled with the Dockerfile, listed by label', async () => {
  const result = await buildWasteImage();
  assert.match(result.tag, /^layerwise\/panel-waste-\d+:\d{8}-\d{6}$/);
  assert.match(result.imageId, /^(sha256:)?[0-9a-f]{12,64}$/);
  const listed = await listImages(docker, { dockerfileLabel: LABEL });
  assert.equal(listed.length, 1);
  assert.ok(listed[0].tags.includes(result.tag));
  assert.equal(listed[0].labels[DOCKERFILE_LABEL], LABEL);
  const all = await listImages(docker);
  assert.ok(all.length > listed.length);
});

test('maps the history back to the Dockerfile lines; base layers are grouped as base', async () => {
  const { tag } = await buildWasteImage();
  const detail = await imageDetail(docker, tag);
  const model = parseDockerfile(fs.readFileSync(path.join(WASTE_DIR, 'Dockerfile'), 'utf8'));
  const rows = mapHistoryToDockerfile(detail.history, model);
  const mapped = rows.filter((r) => !r.fromBase);
  // The classic builder records the build's labels as one last LABEL entry, with no line of its own.
  assert.deepEqual(
    mapped.map((r) => r.line),
    [1, 2, 3, 4, 5, undefined],
  );
  assert.match(mapped[5].instruction, /^LABEL dev\.layerwise\.dockerfile=/);
  assert.equal(mapped[0].size, 50_000_000);
  assert.ok(rows.filter((r) => r.fromBase).length >= 1);
  const buckets = sizeBuckets(rows, 'debian:bookworm-slim');
  assert.equal(buckets[0].label, 'base image debian:bookworm-slim');
  assert.ok(buckets.some((b) => b.line === 1 && b.bytes === 50_000_000));
});

test('wasted space is exact: 50 000 000 bytes added at line 2, removed at line 3; the overwritten note counts its first copy', async () => {
  const { tag } = await buildWasteImage();
  const detail = await imageDetail(docker, tag);
  const rows = mapHistoryToDockerfile(
    detail.history,
    parseDockerfile(fs.readFileSync(path.join(WASTE_DIR, 'Dockerfile'), 'utf8')),
  );
  let progress = 0;
  const waste = await computeImageWaste(docker, tag, { onProgress: (b) => (progress = b) });
  const noteBytes = fs.statSync(path.join(WASTE_DIR, 'note.txt')).size;
  assert.equal(waste.totalBytes, 50_000_000 + noteBytes);
  assert.ok(progress >= 50_000_000, 'progress reports the archive bytes read');
  const words = explainWaste(waste, rows);
  assert.equal(words[0].text, '`/big` 50 MB added at line 2, removed at line 3 — still shipped');
  assert.equal(words[0].bytes, 50_000_000);
  assert.deepEqual(
    [words[1].path, words[1].bytes, words[1].addedLine, words[1].removedLine, words[1].how],
    ['/note.txt', noteBytes, 3, 4, 'overwritten'],
  );
});

test('compares two images: totals, delta in bytes and percent', async () => {
  const { tag } = await buildWasteImage();
  const a = await imageDetail(docker, 'debian:bookworm-slim');
  const b = await imageDetail(docker, tag);
  const cmp = compareSizes({ bytes: b.size, buckets: [] }, { bytes: a.size, buckets: [] });
  assert.equal(cmp.deltaBytes, a.size - b.size);
  assert.ok(cmp.deltaBytes <= -50_000_000);
  assert.ok(cmp.deltaPercent < 0 && cmp.deltaPercent > -100);
  assert.match(cmp.summary, /smaller \(-\d+\.\d%\)$/);
});

test('the context tar honours .dockerignore, exceptions included (checked inside the build)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-ignore-'));
  fs.writeFileSync(
    path.join(dir, 'Dockerfile'),
    'FROM debian:bookworm-slim\nCOPY . /ctx/\nRUN test -e /ctx/kept.txt && test -e /ctx/logs/keep.log && test ! -e /ctx/secret.env && test ! -e /ctx/logs/a.log && test ! -e /ctx/node_modules\n',
  );
  fs.writeFileSync(path.join(dir, '.dockerignore'), 'secret.env\nlogs/*.log\n!logs/keep.log\nnode_modules\n');
  fs.mkdirSync(path.join(dir, 'logs'));
  fs.mkdirSync(path.join(dir, 'node_modules/x'), { recursive: true });
  for (const [f, t] of [
    ['kept.txt', 'k'],
    ['secret.env', 'S=1'],
    ['logs/a.log', 'a'],
    ['logs/keep.log', 'k'],
    ['node_modules/x/index.js', 'm'],
  ])
    fs.writeFileSync(path.join(dir, f), t);
  const tag = layerwiseTag(`panel-ignore-${process.pid}`);
  created.push(tag);
  const result = await buildImage(docker, { contextDir: dir, dockerfile: 'Dockerfile', tag, network: 'none' });
  assert.ok(result.imageId);
});

test('a failing step rejects with the daemon message, classified as a build failure', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-fail-'));
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM debian:bookworm-slim\nRUN exit 3\n');
  const err = await buildImage(docker, {
    contextDir: dir,
    dockerfile: 'Dockerfile',
    tag: layerwiseTag('panel-fail'),
    network: 'none',
  }).then(
    () => assert.fail('the build should fail'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof BuildError);
  assert.match(err.message, /returned a non-zero code: 3/);
  assert.equal(describeDockerError(err, undefined, 'building').kind, 'build-failed');
});

test('cancel aborts the request; the daemon stops the build and tags nothing', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-cancel-'));
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM debian:bookworm-slim\nRUN sleep 60\n');
  const controller = new AbortController();
  const tag = layerwiseTag(`panel-cancel-${process.pid}`);
  const started = Date.now();
  const err = await buildImage(docker, {
    contextDir: dir,
    dockerfile: 'Dockerfile',
    tag,
    network: 'none',
    signal: controller.signal,
    onLog: (line) => line.startsWith('Step 2/2') && setTimeout(() => controller.abort(), 500),
  }).then(
    () => assert.fail('a cancelled build must not resolve'),
    (e: unknown) => e,
  );
  assert.ok(Date.now() - started < 30_000, 'cancel returns promptly');
  assert.equal(describeDockerError(err, undefined, 'building').kind, 'cancelled');
  await assert.rejects(docker.getImage(tag).inspect(), /no such image|404/i);
  // The daemon removes the cancelled step's container (forcerm): none left running `sleep 60`.
  await new Promise((r) => setTimeout(r, 2000));
  const containers = await docker.listContainers({ all: true });
  assert.ok(!containers.some((c) => /sleep 60/.test(c.Command)), 'no container of the cancelled build is left');
});
