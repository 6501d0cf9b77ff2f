// Safe build and compare paths on real files (safePaths.ts, splitContext.ts, tarPack.ts): the
// copy Compare builds from never follows or writes through a symlink out of the workspace, never
// blocks on a FIFO, keeps a sparse file sparse, and is removed; the build context tar carries FIFOs
// and hard links as the docker CLI does (checked inside a real build); an image label naming a
// path outside the workspace is ignored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Dockerode from 'dockerode';
import { ensureBaseImages, ensureDockerDaemon, removeImagesQuietly } from '../support/docker-env';
import { prepareSplitContext } from '../../client/src/commands/splitContext';
import { copyContextFiles, resolveInside, writeInside } from '../../server/src/docker/safePaths';
import { listContextFiles } from '../../server/src/docker/buildContext';
import { buildImage, layerwiseTag } from '../../server/src/docker/build';

let docker: Dockerode;
const tags: string[] = [];
const temps: string[] = [];

function temp(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

before(async () => {
  docker = new Dockerode({ socketPath: (await ensureDockerDaemon()).socketPath });
  await ensureBaseImages();
});

after(async () => {
  await removeImagesQuietly(docker, tags);
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

/** A Next.js app the split wants `output: 'standalone'` in, with next.config.js as given. */
function nextApp(configFile: (dir: string) => void): string {
  const dir = temp('lw-next-');
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name: 'web',
      scripts: { build: 'next build', start: 'next start' },
      dependencies: { next: '14.2.3', react: '18.3.1', 'react-dom': '18.3.1' },
    }),
  );
  fs.writeFileSync(path.join(dir, 'package-lock.json'), '{}');
  fs.writeFileSync(
    path.join(dir, 'Dockerfile'),
    'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\nCMD ["npm", "start"]\n',
  );
  configFile(dir);
  return dir;
}

test('a next.config.js linking out of the workspace is never written through; the split says it left the edit out', async () => {
  const outside = temp('lw-outside-');
  const target = path.join(outside, 'next.config.js');
  const original = 'module.exports = { reactStrictMode: true };\n';
  fs.writeFileSync(target, original);
  const app = nextApp((dir) => fs.symlinkSync(target, path.join(dir, 'next.config.js')));
  const prepared = await prepareSplitContext(app, 'Dockerfile', fs.readFileSync(path.join(app, 'Dockerfile'), 'utf8'));
  assert.ok(!('refused' in prepared), JSON.stringify(prepared));
  temps.push(prepared.dir);
  assert.equal(fs.readFileSync(target, 'utf8'), original, 'the file outside the workspace is unchanged');
  assert.ok(
    fs.lstatSync(path.join(prepared.dir, 'next.config.js')).isSymbolicLink(),
    'the copy keeps the link as a link',
  );
  assert.ok(
    prepared.notes.some((n) => /next\.config\.js is a link out of the build context/.test(n)),
    prepared.notes.join('\n'),
  );
});

test('a dangling next.config.js link creates nothing where it points', async () => {
  const outside = temp('lw-dangling-');
  const pointsTo = path.join(outside, 'chosen-by-the-repo.js');
  const app = nextApp((dir) => fs.symlinkSync(pointsTo, path.join(dir, 'next.config.js')));
  const prepared = await prepareSplitContext(app, 'Dockerfile', fs.readFileSync(path.join(app, 'Dockerfile'), 'utf8'));
  if ('refused' in prepared) assert.fail(prepared.refused);
  temps.push(prepared.dir);
  assert.equal(fs.existsSync(pointsTo), false);
  assert.deepEqual(fs.readdirSync(outside), []);
});

test('a next.config.js inside the workspace gets the edit in the copy only', async () => {
  const app = nextApp((dir) =>
    fs.writeFileSync(path.join(dir, 'next.config.js'), 'module.exports = { reactStrictMode: true };\n'),
  );
  const prepared = await prepareSplitContext(app, 'Dockerfile', fs.readFileSync(path.join(app, 'Dockerfile'), 'utf8'));
  if ('refused' in prepared) assert.fail(prepared.refused);
  temps.push(prepared.dir);
  assert.match(fs.readFileSync(path.join(prepared.dir, 'next.config.js'), 'utf8'), /standalone/);
  assert.doesNotMatch(fs.readFileSync(path.join(app, 'next.config.js'), 'utf8'), /standalone/);
});

test('writeInside replaces a link in the copy instead of writing through it, and refuses paths outside', async () => {
  const root = temp('lw-root-');
  const outside = temp('lw-out-');
  fs.writeFileSync(path.join(outside, 'x'), 'keep');
  fs.symlinkSync(path.join(outside, 'x'), path.join(root, 'x'));
  assert.equal(await writeInside(root, path.join(root, 'x'), 'new'), true);
  assert.equal(fs.readFileSync(path.join(outside, 'x'), 'utf8'), 'keep');
  assert.equal(fs.lstatSync(path.join(root, 'x')).isFile(), true);
  fs.symlinkSync(outside, path.join(root, 'dir'));
  assert.equal(
    await writeInside(root, path.join(root, 'dir', 'y'), 'no'),
    false,
    'a linked parent folder leads outside',
  );
  assert.equal(fs.existsSync(path.join(outside, 'y')), false);
  assert.equal(await writeInside(root, path.join(root, '..', 'z'), 'no'), false);
});

test(
  'a FIFO in the context: the copy skips it without blocking, the build tar carries it as a FIFO',
  { timeout: 300_000 },
  async () => {
    const dir = temp('lw-fifo-');
    fs.writeFileSync(
      path.join(dir, 'Dockerfile'),
      'FROM debian:bookworm-slim\nCOPY . /ctx/\nRUN test -p /ctx/pipe && test -f /ctx/a.txt\n',
    );
    fs.writeFileSync(path.join(dir, 'a.txt'), 'a');
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    const copy = temp('lw-fifo-copy-');
    const started = Date.now();
    const report = await copyContextFiles(dir, copy, listContextFiles(dir, 'Dockerfile'));
    assert.ok(Date.now() - started < 10_000);
    assert.deepEqual(report.skipped, [{ path: 'pipe', why: 'FIFO' }]);
    assert.equal(fs.readFileSync(path.join(copy, 'a.txt'), 'utf8'), 'a');
    const tag = layerwiseTag(`safe-fifo-${process.pid}`);
    tags.push(tag);
    const result = await buildImage(docker, { contextDir: dir, dockerfile: 'Dockerfile', tag, network: 'none' });
    assert.match(result.imageId, /^sha256:/);
  },
);

test(
  'hard links in the context are packed once, as links (the image has one file with two names)',
  { timeout: 300_000 },
  async () => {
    const dir = temp('lw-hardlink-');
    fs.writeFileSync(
      path.join(dir, 'Dockerfile'),
      'FROM debian:bookworm-slim\nCOPY . /ctx/\nRUN test "$(stat -c %h /ctx/one.bin)" = 2 && test /ctx/one.bin -ef /ctx/two.bin\n',
    );
    fs.writeFileSync(path.join(dir, 'one.bin'), Buffer.alloc(3_000_000, 7));
    fs.linkSync(path.join(dir, 'one.bin'), path.join(dir, 'two.bin'));
    const tag = layerwiseTag(`safe-hardlink-${process.pid}`);
    tags.push(tag);
    const result = await buildImage(docker, { contextDir: dir, dockerfile: 'Dockerfile', tag, network: 'none' });
    const history = (await docker.getImage(result.imageId).history()) as { CreatedBy: string; Size: number }[];
    const copyLayer = history.find((h) => /COPY/.test(h.CreatedBy));
    assert.ok(copyLayer && copyLayer.Size < 4_000_000, `the COPY layer holds the bytes once: ${copyLayer?.Size}`);
  },
);

test(
  'a 1 GB sparse file: copied without blocking the event loop, still sparse, and the copy is removed',
  { timeout: 300_000 },
  async () => {
    const app = temp('lw-sparse-');
    fs.writeFileSync(
      path.join(app, 'package.json'),
      JSON.stringify({ name: 'api', scripts: { start: 'node index.js' }, dependencies: { express: '4.19.2' } }),
    );
    fs.writeFileSync(path.join(app, 'package-lock.json'), '{}');
    fs.writeFileSync(path.join(app, 'index.js'), 'require("express")\n');
    fs.writeFileSync(
      path.join(app, 'Dockerfile'),
      'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "index.js"]\n',
    );
    const big = path.join(app, 'data.img');
    fs.closeSync(fs.openSync(big, 'w'));
    fs.truncateSync(big, 1 << 30);
    fs.writeFileSync(path.join(app, 'tail.bin'), 'x');
    let maxLag = 0;
    let last = Date.now();
    const timer = setInterval(() => {
      maxLag = Math.max(maxLag, Date.now() - last - 20);
      last = Date.now();
    }, 20);
    const prepared = await prepareSplitContext(
      app,
      'Dockerfile',
      fs.readFileSync(path.join(app, 'Dockerfile'), 'utf8'),
    ).finally(() => clearInterval(timer));
    if ('refused' in prepared) assert.fail(prepared.refused);
    const copied = fs.statSync(path.join(prepared.dir, 'data.img'));
    assert.equal(copied.size, 1 << 30);
    assert.ok(copied.blocks * 512 < 10 * (1 << 20), `the copy stays sparse: ${copied.blocks * 512} bytes on disk`);
    assert.ok(maxLag < 1000, `the event loop kept running (longest stall ${maxLag} ms)`);
    fs.rmSync(prepared.dir, { recursive: true, force: true });
    assert.equal(fs.existsSync(prepared.dir), false);
  },
);

test('an image label is untrusted: only a regular file inside the workspace resolves', () => {
  const root = temp('lw-ws-');
  const outside = temp('lw-ws-out-');
  fs.mkdirSync(path.join(root, 'api'));
  fs.writeFileSync(path.join(root, 'api', 'Dockerfile'), 'FROM scratch\n');
  fs.writeFileSync(path.join(outside, 'Dockerfile'), 'FROM scratch\n');
  fs.symlinkSync(path.join(outside, 'Dockerfile'), path.join(root, 'linked.Dockerfile'));
  assert.equal(resolveInside(root, 'api/Dockerfile'), fs.realpathSync(path.join(root, 'api', 'Dockerfile')));
  for (const label of [
    `../${path.basename(outside)}/Dockerfile`,
    path.join(outside, 'Dockerfile'),
    'linked.Dockerfile',
    'api',
    'api/Dockerfile\0x',
    '/etc/passwd',
    '',
  ]) {
    assert.equal(resolveInside(root, label), undefined, label);
  }
});
