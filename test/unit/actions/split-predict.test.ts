// The split's size prediction (issue 14 §4): the runner base in on-disk terms, plus the production
// dependencies and build output measured in the workspace, the saving against the original, and the
// uncertainty said in the title whenever a part is estimated or missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { splitDockerfile, type SplitResult } from '../../../server/src/actions/split/index';
import { fileSystemView, readWorkspaceFacts } from '../../../server/src/core/workspace';

const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'actions', 'split', 'ts-api');
const MB = 1_000_000;

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-predict-'));
  fs.cpSync(FIXTURE, dir, { recursive: true, filter: (src) => !/expected\./.test(src) });
  return dir;
}

/** A package folder holding one file of `bytes`, with its own dependencies. */
function addPackage(dir: string, name: string, bytes: number, dependencies: Record<string, string> = {}) {
  const pkg = path.join(dir, 'node_modules', name);
  fs.mkdirSync(pkg, { recursive: true });
  fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name, dependencies }));
  fs.writeFileSync(path.join(pkg, 'index.js'), Buffer.alloc(bytes));
}

function split(dir: string, runner: 'distroless' | 'slim' | 'alpine', options = {}): SplitResult {
  const text = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
  const out = splitDockerfile(text, readWorkspaceFacts(fileSystemView(dir)), { runner, ...options });
  assert.ok(!('refused' in out), JSON.stringify(out));
  return out;
}

test('with node_modules and a build here: base + production dependencies + output, and the saving against the original', () => {
  const dir = workspace();
  try {
    addPackage(dir, 'express', 2 * MB, { 'body-parser': '1' });
    addPackage(dir, 'body-parser', 1 * MB);
    addPackage(dir, 'typescript', 20 * MB); // a devDependency: not in the runner
    fs.mkdirSync(path.join(dir, 'dist'));
    fs.writeFileSync(path.join(dir, 'dist', 'index.js'), Buffer.alloc(3 * MB));
    const base = 100 * MB;
    const out = split(dir, 'distroless', { baseSizes: () => base, originalBytes: 1000 * MB });
    const p = out.prediction!;
    assert.deepEqual(p.unmeasured, []);
    // package.json files add a few bytes: within 1 kB of base + 2 + 1 + 3 MB.
    assert.ok(Math.abs(p.bytes - (base + 6 * MB)) < 1000, `${p.bytes}`);
    assert.equal(p.label, '≈ 106 MB on disk, −89 %');
    assert.match(out.title, /runner distroless, ≈ 106 MB on disk, −89 %$/);
    assert.ok(p.saving! > 0.89 && p.saving! < 0.9);

    // Without the built original's size, the saving is against the original predicted the same way:
    // its base (the same lookup), its COPY . . (which sends node_modules and dist too) and the whole node_modules.
    const predicted = split(dir, 'distroless', { baseSizes: () => base }).prediction!;
    assert.match(predicted.label, /^≈ 106 MB on disk(, −\d+ % or more)?$/);
    // The original runs apt-get: not measured, so its figure is a floor and the saving a lower bound.
    assert.match(predicted.label, /−\d+ % or more$/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('without node_modules or a build the figure is a floor naming what it leaves out; no saving is claimed from two floors', () => {
  const dir = workspace();
  try {
    const p = split(dir, 'distroless').prediction!;
    assert.match(p.label, /^≥ 181 MB on disk \+ dependencies \(no node_modules here\), dist \(not built here\)$/);
    assert.equal(p.saving, undefined);
    // Against a built original the floor bounds the saving from above.
    assert.match(split(dir, 'distroless', { originalBytes: 1200 * MB }).prediction!.label, /, at most −85 %$/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('every runner gets an on-disk figure; one sized from a download only says its spread', () => {
  const dir = workspace();
  try {
    for (const runner of ['distroless', 'slim', 'alpine'] as const) {
      const out = split(dir, runner);
      assert.ok(out.prediction, `${runner}: no prediction`);
      assert.match(out.title, /, [≈≥] [\d.]+ MB( ± [\d.]+ MB)? on disk/, out.title);
    }
    // distroless nodejs20 has a published on-disk figure of its own line: no spread. node:20-alpine is
    // sized from another line's entry (the catalogue keeps current lines only): a spread is stated.
    assert.equal(split(dir, 'distroless').prediction!.spread, undefined);
    const alpine = split(dir, 'alpine').prediction!;
    assert.ok(alpine.spread && alpine.spread > 0.2 * alpine.bytes, JSON.stringify(alpine));
    // An image the caller cannot size and the catalogue knows only by download: ± stated.
    fs.writeFileSync(
      path.join(dir, 'Dockerfile'),
      fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8').replace('FROM node:20', 'FROM node:22'),
    );
    const slim22 = split(dir, 'slim').prediction!;
    assert.ok(slim22.spread && slim22.spread > 0.2 * slim22.bytes, JSON.stringify(slim22));
    assert.match(slim22.label, /^≥ \d+ MB ± \d+ MB on disk/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("Next.js: standalone is predicted from the build's file traces (.nft.json) before output: 'standalone' is set", () => {
  const app = path.join(__dirname, '..', '..', 'fixtures', 'apps', 'next-app');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-predict-next-'));
  try {
    fs.cpSync(app, dir, { recursive: true, filter: (src) => !/\/(node_modules|\.next)$/.test(src) });
    const text = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    const floor = splitDockerfile(text, readWorkspaceFacts(fileSystemView(dir)), { runner: 'distroless' });
    assert.ok(!('refused' in floor));
    assert.match(floor.prediction!.label, /standalone \(not built here\)/);

    // A traced build: the server trace names next's server file, a page trace names a chunk and a package.
    const write = (rel: string, bytes: number | string) => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), typeof bytes === 'string' ? bytes : Buffer.alloc(bytes));
    };
    write('node_modules/next/dist/server/next-server.js', 4 * MB);
    write('node_modules/react/index.js', 1 * MB);
    write('node_modules/typescript/lib/typescript.js', 9 * MB); // not traced: not in standalone
    write(
      '.next/next-server.js.nft.json',
      JSON.stringify({ files: ['../node_modules/next/dist/server/next-server.js'] }),
    );
    write('.next/server/app/page.js', 2 * MB);
    write(
      '.next/server/app/page.js.nft.json',
      JSON.stringify({ files: ['../../../node_modules/react/index.js', 'page.js'] }),
    );
    write('.next/static/chunks/main.js', 1 * MB);
    const out = splitDockerfile(text, readWorkspaceFacts(fileSystemView(dir)), {
      runner: 'distroless',
      baseSizes: () => 100 * MB,
    });
    assert.ok(!('refused' in out));
    // base + traced (4 + 1) + .next/server (2) + .next/static (1) + public, within what public and manifests add.
    const extra = out.prediction!.bytes - 108 * MB;
    assert.ok(extra >= 0 && extra < 0.2 * MB, `${out.prediction!.label} (${extra} bytes over)`);
    assert.match(out.prediction!.label, /^≈ 108 MB on disk/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
