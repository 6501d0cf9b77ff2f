import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rule } from '../../../server/src/rules/context-too-large';
import { runRule, covered, tempWorkspace } from '../../support/ruleTest';
import { analyze } from '../../../server/src/core/analyze';
import { mergeConfig } from '../../../server/src/core/config';
import { fileSystemView, readWorkspaceFacts, type WorkspaceView } from '../../../server/src/core/workspace';
import { formatBytes } from '../../../server/src/core/format';

const MB = 1_000_000;
const config = { contextSizeLimitBytes: 2 * MB };

function bigWorkspace(extra: Record<string, string> = {}): string {
  const dir = tempWorkspace({ 'package.json': '{}', 'src/index.js': 'x', ...extra });
  for (const [folder, count] of [
    ['node_modules/a', 3],
    ['data', 1],
  ] as const) {
    fs.mkdirSync(path.join(dir, folder), { recursive: true });
    for (let i = 0; i < count; i++) fs.writeFileSync(path.join(dir, folder, `f${i}.bin`), Buffer.alloc(MB));
  }
  return dir;
}

test('flags COPY . . when the context sends more than the limit, naming the biggest folders', () => {
  const dir = bigWorkspace();
  const text = 'FROM node:20-slim\nCOPY . .\n';
  const [f, ...rest] = runRule(rule, text, { dir, config });
  assert.equal(rest.length, 0);
  assert.equal(covered(text, f), '.');
  assert.match(f.message, /more than .*MB \(limit 2\.0 MB\)/);
  assert.match(f.message, /largest: node_modules\/ \d\.\d MB, data\/ 1\.0 MB|largest: node_modules\//);
  assert.doesNotMatch(f.message, /0\.0 MB/);
});

test('honours .dockerignore with Docker matching rules, including exceptions', () => {
  assert.deepEqual(
    runRule(rule, 'FROM node:20-slim\nCOPY . .\n', {
      dir: bigWorkspace({ '.dockerignore': 'node_modules\n' }),
      config,
    }),
    [],
  );
  const reincluded = bigWorkspace({ '.dockerignore': 'node_modules\n!node_modules/a\n' });
  assert.equal(runRule(rule, 'FROM node:20-slim\nCOPY . .\n', { dir: reincluded, config }).length, 1);
});

test('no finding under the limit, without a workspace, or without a whole-context copy', () => {
  const dir = bigWorkspace();
  assert.deepEqual(
    runRule(rule, 'FROM node:20-slim\nCOPY . .\n', { dir, config: { contextSizeLimitBytes: 50 * MB } }),
    [],
  );
  assert.deepEqual(runRule(rule, 'FROM node:20-slim\nCOPY . .\n', { config }), []);
  assert.deepEqual(runRule(rule, 'FROM node:20-slim\nCOPY src ./src\n', { dir, config }), []);
});

test('a large context is walked within bounds, once per workspace facts however many analyses read it', () => {
  // Counted, not timed: every entry the walk sizes goes through the view, so the calls are the work done.
  const dir = tempWorkspace({ 'a.txt': 'x' });
  for (let i = 0; i < 3000; i++) fs.writeFileSync(path.join(dir, `small${i}.txt`), 'y'.repeat(1000));
  const real = fileSystemView(dir);
  let sized = 0;
  const counting: WorkspaceView = {
    ...real,
    size(rel) {
      sized++;
      return real.size(rel);
    },
  };
  const workspace = readWorkspaceFacts(counting);
  const config = mergeConfig({ contextSizeLimitBytes: 1_000_000 });
  const text = 'FROM node:20-slim\nCOPY . .\n';
  assert.equal(analyze({ text, workspace, rules: [rule], config }).findings.length, 1);
  const walk = sized;
  // The walk stops once the limit is passed: about 1 000 of the 3 000 files of 1 kB are sized, not all.
  assert.ok(walk > 900 && walk < 1_200, `entries sized by the walk: ${walk}`);
  for (let i = 0; i < 20; i++) analyze({ text: `${text}# edit ${i}\n`, workspace, rules: [rule], config });
  assert.equal(sized, walk, 'later analyses with the same facts reuse the walk');
});

test('counts what Docker sends: a symlink to a big file outside the context is a few bytes, not the file', () => {
  const outside = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'layerwise-outside-'));
  const big = path.join(outside, 'big.bin');
  fs.writeFileSync(big, Buffer.alloc(3 * MB));
  const dir = tempWorkspace({ 'package.json': '{}' });
  fs.symlinkSync(big, path.join(dir, 'data.bin'));
  assert.deepEqual(runRule(rule, 'FROM node:20-slim\nCOPY . .\n', { dir, config }), []);
  // The same bytes as a real file in the context are reported.
  fs.writeFileSync(path.join(dir, 'real.bin'), Buffer.alloc(3 * MB));
  assert.equal(runRule(rule, 'FROM node:20-slim\nCOPY . .\n', { dir, config }).length, 1);
});

test('one unit with the hover: decimal MB for the sizes and the configured limit', () => {
  const dir = bigWorkspace();
  const [f] = runRule(rule, 'FROM node:20-slim\nCOPY . .\n', { dir, config: { contextSizeLimitBytes: 3.5 * MB } });
  // 4 files of 1 000 000 bytes: 4.0 MB in decimal units, as formatBytes (the hover's formatter) prints it; 3.8 if counted in MiB.
  assert.match(
    f.message,
    new RegExp(`sends (more than )?${formatBytes(4 * MB).replace('.', '\\.')} \\(limit 3\\.5 MB\\)`),
  );
  assert.match(f.message, /node_modules\/ 3\.0 MB/);
});
