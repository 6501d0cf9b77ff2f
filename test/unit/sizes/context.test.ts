import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { measureContext, measureCopySources } from '../../../server/src/sizes/context';
import { fileSystemView } from '../../../server/src/core/workspace';

let dir: string;

function write(rel: string, bytes: number): void {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), Buffer.alloc(bytes, 1));
}

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-context-'));
  write('package.json', 100);
  write('package-lock.json', 1_000);
  write('src/index.ts', 2_000);
  write('src/lib/util.ts', 3_000);
  write('node_modules/big/index.js', 500_000);
  write('node_modules/keep.txt', 10);
  write('.git/objects/pack', 70_000);
  write('.env', 5);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('without .dockerignore everything is sent, largest entries first', () => {
  const m = measureContext(fileSystemView(dir), undefined);
  assert.equal(m.bytes, 100 + 1_000 + 2_000 + 3_000 + 500_000 + 10 + 70_000 + 5);
  assert.equal(m.files, 8);
  assert.deepEqual(m.largest.slice(0, 2).map((e) => [e.path, e.bytes]), [['node_modules/', 500_010], ['.git/', 70_000]]);
});

test('.dockerignore exclusions and !exceptions follow Docker matching', () => {
  const m = measureContext(fileSystemView(dir), 'node_modules\n.git\n.env\n!node_modules/keep.txt\n');
  assert.equal(m.bytes, 100 + 1_000 + 2_000 + 3_000 + 10);
  assert.ok(m.largest.some((e) => e.path === 'node_modules/' && e.bytes === 10), 'the exception is still sent');
});

test('COPY sources: folders, globs and the whole context', () => {
  const view = fileSystemView(dir);
  const ignoreFile = 'node_modules\n.git\n';
  assert.equal(measureCopySources(view, ignoreFile, ['package*.json']).bytes, 1_100);
  assert.equal(measureCopySources(view, ignoreFile, ['src/']).bytes, 5_000);
  assert.equal(measureCopySources(view, ignoreFile, ['./src', 'package.json']).bytes, 5_100);
  assert.equal(measureCopySources(view, ignoreFile, ['.']).bytes, 6_105);
  assert.equal(measureCopySources(view, ignoreFile, ['nope/']).files, 0);
});

test('a walk stops at maxFiles and says so', () => {
  const m = measureContext(fileSystemView(dir), undefined, { maxFiles: 3 });
  assert.equal(m.truncated, true);
  assert.equal(m.files, 3);
});
