// Exact waste on image archives we generate: real layer tars (GNU tar) with whiteouts, wrapped
// in a `docker save`-style archive, read by the streaming scanner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scanImageArchive } from '../../../server/src/docker/archive';
import { computeWaste, commonFolder, type LayerListing } from '../../../server/src/docker/waste';

type Tree = Record<string, string | number | null>; // text, byte count, or null for an (empty) directory

function layerTar(tree: Tree): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-layer-'));
  for (const [rel, content] of Object.entries(tree)) {
    const abs = path.join(dir, rel);
    if (content === null) fs.mkdirSync(abs, { recursive: true });
    else {
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, typeof content === 'number' ? Buffer.alloc(content, 1) : content);
    }
  }
  return execFileSync('tar', ['-c', '--format=pax', '-C', dir, '.'], { maxBuffer: 1 << 30 });
}

/** A legacy `docker save` archive: `<n>/layer.tar`, `<config>.json`, `manifest.json` last, as Docker writes it. */
function imageArchive(layers: Buffer[], options: { duplicateOf?: Record<number, number> } = {}): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-image-'));
  const names: string[] = [];
  layers.forEach((tar, i) => {
    fs.mkdirSync(path.join(dir, `l${i}`));
    const target = options.duplicateOf?.[i];
    if (target !== undefined) fs.symlinkSync(`../l${target}/layer.tar`, path.join(dir, `l${i}/layer.tar`));
    else fs.writeFileSync(path.join(dir, `l${i}/layer.tar`), tar);
    names.push(`l${i}/layer.tar`);
  });
  const config = { history: layers.map((_, i) => ({ created_by: `/bin/sh -c step ${i}` })), rootfs: { diff_ids: [] } };
  fs.writeFileSync(path.join(dir, 'cfg.json'), JSON.stringify(config));
  fs.writeFileSync(
    path.join(dir, 'manifest.json'),
    JSON.stringify([{ Config: 'cfg.json', RepoTags: ['t:1'], Layers: names }]),
  );
  return execFileSync('tar', ['-c', '-C', dir, ...names.map((n) => n.split('/')[0]), 'cfg.json', 'manifest.json'], {
    maxBuffer: 1 << 30,
  });
}

async function* chunks(data: Buffer, size = 4096): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function wasteOf(layers: Tree[], options?: { duplicateOf?: Record<number, number> }) {
  const scanned = await scanImageArchive(chunks(imageArchive(layers.map(layerTar), options)));
  return { scanned, report: computeWaste(scanned.layers) };
}

test('50 000 000 bytes written then deleted are exactly 50 000 000 bytes wasted, attributed to both layers', async () => {
  const { report } = await wasteOf([{ 'etc/os-release': 'debian' }, { big: 50_000_000 }, { '.wh.big': '' }]);
  assert.equal(report.totalBytes, 50_000_000);
  assert.deepEqual(report.groups, [
    { path: '/big', bytes: 50_000_000, files: 1, addedLayer: 1, removedLayer: 2, how: 'removed' },
  ]);
  assert.deepEqual(report.perLayer, [0, 50_000_000, 0]);
});

test('a file overwritten twice counts each superseded copy once, the shipped copy never', async () => {
  const { report } = await wasteOf([{ 'app/f': 100 }, { 'app/f': 200 }, { 'app/f': 300 }]);
  assert.equal(report.totalBytes, 300);
  assert.deepEqual(
    report.groups.map((g) => [g.path, g.bytes, g.addedLayer, g.removedLayer, g.how]),
    [
      ['/app/f', 200, 1, 2, 'overwritten'],
      ['/app/f', 100, 0, 1, 'overwritten'],
    ],
  );
});

test('a deleted folder is one group with its files; directories themselves are not counted', async () => {
  const { report } = await wasteOf([
    { 'usr/lib/gcc/a': 1000, 'usr/lib/gcc/sub/b': 2000, 'usr/lib/gcc/empty': null, 'usr/lib/keep': 5 },
    { 'usr/lib/.wh.gcc': '' },
  ]);
  assert.deepEqual(report.groups, [
    { path: '/usr/lib/gcc', bytes: 3000, files: 2, addedLayer: 0, removedLayer: 1, how: 'removed' },
  ]);
});

test('an opaque folder hides lower contents but keeps what its own layer adds', async () => {
  const { report } = await wasteOf([
    { 'var/cache/x': 700, 'var/cache/y': 300 },
    { 'var/cache/.wh..wh..opq': '', 'var/cache/new': 50 },
    { 'var/cache/.wh.new': '' },
  ]);
  assert.equal(report.totalBytes, 1050);
  assert.deepEqual(
    report.groups.map((g) => [g.path, g.bytes, g.files, g.addedLayer, g.removedLayer]),
    [
      ['/var/cache', 1000, 2, 0, 1],
      ['/var/cache/new', 50, 1, 1, 2],
    ],
  );
});

test('a whiteout hides lower layers only, never a file of its own layer', async () => {
  const { report } = await wasteOf([{ a: 10 }, { '.wh.a': '', b: 20 }, { c: 1 }]);
  assert.equal(report.totalBytes, 10);
});

test('a file replacing a folder hides the folder contents; a folder replacing a file hides the file', async () => {
  const { report } = await wasteOf([
    { 'x/one': 40, 'x/two': 60, y: 25 },
    { x: 5, 'y/inside': 1 },
  ]);
  assert.equal(report.totalBytes, 125);
  assert.deepEqual(
    report.groups.map((g) => [g.path, g.bytes, g.files, g.how]),
    [
      ['/x', 100, 2, 'overwritten'],
      ['/y', 25, 1, 'overwritten'],
    ],
  );
});

test('an unchanged re-added file in a later layer is still a superseded copy (chown -R, touch)', async () => {
  const { report } = await wasteOf([{ 'srv/data': 1234 }, { 'srv/data': 1234 }]);
  assert.equal(report.totalBytes, 1234);
});

test('a repeated layer stored as a symlink is read once and listed twice', async () => {
  const { scanned, report } = await wasteOf([{ a: 10 }, { a: 10 }], { duplicateOf: { 1: 0 } });
  assert.equal(scanned.layers.length, 2);
  assert.equal(scanned.layers[0], scanned.layers[1]);
  assert.equal(report.totalBytes, 10);
});

test('an image with no waste reports zero; hard links carry no bytes', async () => {
  const { report, scanned } = await wasteOf([{ a: 10, 'b/c': 20 }, { d: 1 }]);
  assert.equal(report.totalBytes, 0);
  assert.deepEqual(report.groups, []);
  assert.deepEqual(
    scanned.layers.map((l) => l.bytes),
    [30, 1],
  );
});

test('commonFolder names the deepest folder holding every path', () => {
  assert.equal(commonFolder(['/a/b/c', '/a/b/d/e']), '/a/b');
  assert.equal(commonFolder(['/a/b/c']), '/a/b/c');
  assert.equal(commonFolder(['/x', '/y']), '/');
});

test('computeWaste is exact on listings: same file deleted after two writes', () => {
  const layer = (entries: [string, number][], whiteouts: string[] = []): LayerListing => ({
    entries: entries.map(([p, size]) => ({ path: p, size, kind: 'file' })),
    whiteouts,
    opaqueDirs: [],
    bytes: entries.reduce((s, [, n]) => s + n, 0),
  });
  const report = computeWaste([layer([['/f', 5]]), layer([['/f', 7]]), layer([], ['/f'])]);
  assert.equal(report.totalBytes, 12);
  assert.deepEqual(report.perLayer, [5, 7, 0]);
});
