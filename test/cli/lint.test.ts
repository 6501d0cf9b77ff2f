// The built CLI (dist/cli.js) as a user runs it: formats, exit codes, bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempWorkspace } from '../support/ruleTest';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

function cli(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('no path: lints the bundled example and prints findings', () => {
  const r = cli(['lint']);
  assert.ok(r.code === 0 || r.code === 1, r.err);
  assert.match(r.out, /examples\/naive-node\/Dockerfile/);
  assert.match(r.out, /root-user/);
});

test('--format json: array of {file, rule, severity, message, range} with 0-based LSP ranges', () => {
  const dir = tempWorkspace({ Dockerfile: 'FROM node\nUSER root\n' });
  const r = cli(['lint', '--format', 'json', 'Dockerfile'], dir);
  const rows = JSON.parse(r.out) as {
    file: string;
    rule: string;
    severity: string;
    message: string;
    range: { start: { line: number; character: number } };
  }[];
  const unpinned = rows.find((x) => x.rule === 'unpinned-base-image');
  assert.ok(unpinned, r.out);
  assert.equal(unpinned.file, 'Dockerfile');
  assert.deepEqual(unpinned.range.start, { line: 0, character: 5 });
  assert.equal(unpinned.severity, 'warning');
  assert.ok(rows.some((x) => x.rule === 'root-user' && x.range.start.line === 1));
});

test('--format sarif: valid SARIF 2.1.0 with 1-based regions and the rule list', () => {
  const dir = tempWorkspace({ Dockerfile: 'FROM node:latest\n' });
  const r = cli(['lint', '--format', 'sarif', '.'], dir);
  const sarif = JSON.parse(r.out);
  assert.equal(sarif.version, '2.1.0');
  const run = sarif.runs[0];
  assert.equal(run.tool.driver.name, 'layerwise');
  assert.ok(run.tool.driver.rules.some((x: { id: string }) => x.id === 'unpinned-base-image'));
  const result = run.results.find((x: { ruleId: string }) => x.ruleId === 'unpinned-base-image');
  assert.equal(result.locations[0].physicalLocation.region.startLine, 1);
  assert.equal(result.locations[0].physicalLocation.region.startColumn, 6);
  assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'Dockerfile');
});

test('exit codes: 0 below threshold, 1 at or above it (--max-warnings, errors), 2 for usage errors', () => {
  const dir = tempWorkspace({ Dockerfile: 'FROM node:latest\n', '.layerwise.json': '{"rules": {"root-user": "off"}}' });
  assert.equal(cli(['lint', 'Dockerfile'], dir).code, 0, 'warnings alone do not fail without --max-warnings');
  assert.equal(cli(['lint', '--max-warnings', '0', 'Dockerfile'], dir).code, 1);
  assert.equal(cli(['lint', '--max-warnings', '5', 'Dockerfile'], dir).code, 0);
  fs.writeFileSync(
    path.join(dir, '.layerwise.json'),
    '{"rules": {"unpinned-base-image": "error", "root-user": "off"}}',
  );
  assert.equal(cli(['lint', 'Dockerfile'], dir).code, 1, 'an error-severity finding fails');
  const bad = cli(['lint', '--format', 'xml', 'Dockerfile'], dir);
  assert.equal(bad.code, 2);
  assert.equal(bad.err.trim().split('\n').length, 1, 'one line on stderr');
  assert.equal(cli(['frobnicate'], dir).code, 2);
});

test('bad input: missing file, folder without Dockerfiles, empty file, binary file — clear one-line messages, no stack', () => {
  const dir = tempWorkspace({ 'empty/Dockerfile': '', 'bin/Dockerfile': '', 'nothing/readme.txt': 'hi' });
  fs.writeFileSync(path.join(dir, 'bin/Dockerfile'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 0xff, 0xfe]));
  const missing = cli(['lint', 'nope/Dockerfile'], dir);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /nope\/Dockerfile: no such file or directory/);
  const none = cli(['lint', 'nothing'], dir);
  assert.equal(none.code, 2);
  assert.match(none.err, /no Dockerfiles found/);
  const empty = cli(['lint', 'empty/Dockerfile'], dir);
  assert.equal(empty.code, 0, empty.err);
  const binary = cli(['lint', 'bin/Dockerfile'], dir);
  assert.equal(binary.code, 2);
  assert.match(binary.err, /binary content/);
  for (const r of [missing, none, binary]) assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
});

test('a 50 000-line Dockerfile is linted without trouble', () => {
  const lines = ['FROM node:20'];
  for (let i = 0; i < 50_000; i++) lines.push(i % 2 ? `RUN echo line ${i}` : `ENV K${i}=v${i}`);
  const dir = tempWorkspace({ Dockerfile: `${lines.join('\n')}\n` });
  const r = cli(['lint', '--format', 'json', 'Dockerfile'], dir);
  assert.ok(r.code === 0 || r.code === 1, r.err);
  assert.ok(Array.isArray(JSON.parse(r.out)));
});

test('directories are searched for Dockerfile, Containerfile, *.Dockerfile and Dockerfile.* (not node_modules)', () => {
  const dir = tempWorkspace({
    'a/Dockerfile': 'FROM node\n',
    'b/Containerfile': 'FROM node\n',
    'c/api.Dockerfile': 'FROM node\n',
    'd/Dockerfile.prod': 'FROM node\n',
    'node_modules/x/Dockerfile': 'FROM node\n',
    'e/notes.md': '',
  });
  const rows = JSON.parse(cli(['lint', '--format', 'json', '.'], dir).out) as { file: string }[];
  const files = [...new Set(rows.map((r) => r.file))].sort();
  assert.deepEqual(files, ['a/Dockerfile', 'b/Containerfile', 'c/api.Dockerfile', 'd/Dockerfile.prod']);
});

test('a broken .layerwise.json gives one clear message and exit 2, not silence', () => {
  const dir = tempWorkspace({ Dockerfile: 'FROM node:20\n', '.layerwise.json': '{ "rules": ' });
  const r = cli(['lint', 'Dockerfile'], dir);
  assert.equal(r.code, 2);
  assert.match(r.err, /\.layerwise\.json is not valid JSON/);
});

test('--config FILE is used for every Dockerfile instead of the nearest .layerwise.json; a missing one is exit 2', () => {
  const dir = tempWorkspace({
    'a/Dockerfile': 'FROM node:latest\n',
    'a/.layerwise.json': '{"rules": {"unpinned-base-image": "off"}}',
    'ci/strict.json': '{"rules": {"unpinned-base-image": "error"}}',
  });
  const nearest = JSON.parse(cli(['lint', '--format', 'json', 'a'], dir).out) as { rule: string }[];
  assert.ok(!nearest.some((x) => x.rule === 'unpinned-base-image'), 'the nearest config turns it off');
  const r = cli(['lint', '--format', 'json', '--config', 'ci/strict.json', 'a'], dir);
  assert.equal(r.code, 1, r.err);
  const rows = JSON.parse(r.out) as { rule: string; severity: string }[];
  assert.ok(
    rows.some((x) => x.rule === 'unpinned-base-image' && x.severity === 'error'),
    r.out,
  );
  const missing = cli(['lint', '--config', 'ci/nope.json', 'a'], dir);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /--config ci\/nope\.json: no such file/);
});
