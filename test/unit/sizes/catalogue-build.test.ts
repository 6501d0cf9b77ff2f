import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildCatalogue, parseRepoInfoFile, readExtras, type CatalogueExtras } from '../../../scripts/catalogue';

const root = path.join(__dirname, '..', '..', '..');
const fixtures = path.join(root, 'test', 'fixtures', 'repo-info');
const noExtras: CatalogueExtras = { description: 'test', images: [], lifecycles: [], alternatives: [] };

/** A copy of the fixture checkout outside any git repository (or inside a fresh one when `git` is set). */
function copyFixtures(git: boolean): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repo-info-'));
  fs.cpSync(fixtures, dir, { recursive: true });
  if (git) {
    const run = (...args: string[]) =>
      execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        encoding: 'utf8',
      }).trim();
    run('init', '-q');
    run('add', '.');
    run('commit', '-q', '-m', 'fixture');
  }
  return dir;
}

test('a repo-info remote file gives per-platform download size, image date, distribution and version', () => {
  const info = parseRepoInfoFile(fs.readFileSync(path.join(fixtures, 'repos/golang/remote/1.25.md'), 'utf8'));
  assert.equal(info.tag, 'golang:1.25');
  assert.equal(info.commit, '01b535c016d07e973eeb58e43ad1e2552018a407');
  // Attestation manifests ("unknown; unknown") and Windows images are not platforms Layerwise sizes.
  assert.deepEqual(
    info.platforms.map((p) => p.platform),
    ['linux/amd64', 'linux/arm64'],
  );
  const amd64 = info.platforms[0];
  assert.equal(amd64.bytes, 305264123);
  // The newest layer's Last Modified, not the first one's and not the 2017 empty layer's.
  assert.equal(amd64.date, '2026-07-14');
  assert.equal(amd64.distro, 'trixie');
  assert.equal(amd64.version, '1.25.12');
  const alpine = parseRepoInfoFile(fs.readFileSync(path.join(fixtures, 'repos/alpine/remote/3.24.md'), 'utf8'));
  assert.equal(alpine.platforms[0].distro, 'alpine3.24');
  assert.equal(alpine.commit, undefined);
  const lts = parseRepoInfoFile(fs.readFileSync(path.join(fixtures, 'repos/node/remote/lts.md'), 'utf8'));
  assert.equal(lts.platforms[0].version, '24.19.0', 'YARN_VERSION is not the runtime version');
});

test('fixtures → catalogue: commits, dates, distributions, traits and named releases', () => {
  const dir = copyFixtures(false);
  const { catalogue, skipped } = buildCatalogue(dir, noExtras);
  const byRef = new Map(catalogue.images.map((e) => [e.ref, e]));

  const golang = byRef.get('golang:1.25')!;
  assert.equal(golang.line, '1.25');
  assert.equal(golang.variant, 'full');
  assert.equal(golang.distro, 'trixie');
  assert.deepEqual(golang.sizes['linux/amd64'].compressed, {
    bytes: 305264123,
    date: '2026-07-14',
    kind: 'compressed',
    source: {
      repository: 'docker-library/repo-info',
      commit: '01b535c016d07e973eeb58e43ad1e2552018a407',
      path: 'repos/golang/remote/1.25.md',
    },
  });
  assert.equal(golang.sizes['linux/arm64'].compressed?.bytes, 298455317);
  assert.equal(byRef.get('golang:1.25-bookworm')!.distro, 'bookworm');
  assert.equal(byRef.get('golang:1.25-bookworm')!.sizes['linux/amd64'].compressed?.date, '2026-07-14');

  // node:lts names no number: its version puts it on line 24, an entry of its own (no node:24 file) and an alias.
  const lts = byRef.get('node:lts')!;
  assert.equal(lts.line, '24');
  assert.deepEqual(
    catalogue.aliases.map((a) => [a.ref, a.release, a.line, a.version]),
    [['node:lts', 'lts', '24', '24.19.0']],
  );
  assert.deepEqual([lts.libc, lts.packageManager], ['glibc', 'apt']);
  // The local page beside it gives the on-disk size, labelled as such, with its own commit and date.
  const onDisk = lts.sizes['linux/amd64'].onDisk!;
  assert.deepEqual(
    [onDisk.kind, onDisk.bytes, onDisk.date, onDisk.approximate],
    ['onDisk', 170750000, '2026-09-17', true],
  );
  assert.equal(onDisk.source.path, 'repos/node/local/lts.md');
  assert.match(onDisk.source.note!, /later build \(24\.21\.0\).*~ 170\.75 Mb/);

  // Outside a git checkout, a file without a commit comment cannot be cited: it is left out and reported.
  assert.equal(byRef.get('alpine:3.24'), undefined);
  assert.ok(skipped.some((s) => s.startsWith('alpine:3.24: no repo-info commit')));
  assert.equal(catalogue.retrieved, '2026-09-17');
});

test('in a git checkout the commit comes from git log, and a wanted tag the copy lacks is reported', () => {
  const dir = copyFixtures(true);
  const head = execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  const { catalogue, skipped } = buildCatalogue(dir, noExtras, ['alpine:3.24', 'golang:1.25', 'node:20']);
  assert.deepEqual(
    catalogue.images.map((e) => e.ref),
    ['alpine:3.24', 'golang:1.25'],
  );
  const alpine = catalogue.images[0];
  assert.equal(alpine.sizes['linux/amd64'].compressed?.source.commit, head);
  // An alpine image is musl with apk, read from the image's base, not assumed.
  assert.deepEqual(
    [alpine.libc, alpine.shell, alpine.packageManager, alpine.distro],
    ['musl', true, 'apk', 'alpine3.24'],
  );
  // A commit written in the file wins over the checkout's (the trimmed copies carry theirs).
  assert.equal(
    catalogue.images[1].sizes['linux/amd64'].compressed?.source.commit,
    '01b535c016d07e973eeb58e43ad1e2552018a407',
  );
  assert.deepEqual(skipped, ['node:20: not in this repo-info copy']);
});

test('the committed input reproduces the bundled catalogue exactly', () => {
  const input = path.join(root, 'scripts', 'catalogue-input');
  const tags = fs
    .readFileSync(path.join(input, 'tags.txt'), 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);
  const { catalogue } = buildCatalogue(input, readExtras(input), tags);
  const bundled = JSON.parse(fs.readFileSync(path.join(root, 'server', 'data', 'base-images.json'), 'utf8'));
  assert.deepEqual(catalogue, bundled);
});
