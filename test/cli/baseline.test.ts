// `layerwise lint --write-baseline` / `--baseline` through the built CLI (dist/cli.js): accepted findings
// stay quiet after lines move, new ones are reported and fail, and SARIF carries the same identities.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempWorkspace } from '../support/ruleTest';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface SarifResult {
  ruleId: string;
  partialFingerprints?: Record<string, string>;
  locations: { physicalLocation: { region: { startLine: number } } }[];
}
function sarifResults(out: string): SarifResult[] {
  return JSON.parse(out).runs[0].results;
}

const BEFORE = [
  'FROM node:20',
  'RUN apt-get update && apt-get install -y curl',
  'COPY . .',
  'RUN npm install',
  'CMD ["node", "server.js"]',
  '',
].join('\n');

// The same instructions, moved down by a comment and blank lines, the RUN split over two lines.
const MOVED = [
  '# syntax=docker/dockerfile:1',
  '# the API server',
  '',
  'FROM node:20',
  '',
  'RUN apt-get update \\',
  '    && apt-get install -y curl',
  'COPY . .',
  'RUN npm install',
  'CMD ["node", "server.js"]',
  '',
].join('\n');

test('--write-baseline records the findings and exits 0; --baseline then hides them even after lines move', () => {
  const dir = tempWorkspace({ 'app/Dockerfile': BEFORE, 'package-lock.json': '{}' });
  const all = cli(['lint', '--format', 'json', 'app'], dir);
  const rows = JSON.parse(all.out) as { rule: string; fingerprint: string }[];
  assert.ok(rows.length >= 3, `the sample must have findings to baseline: ${all.out}`);
  assert.equal(cli(['lint', '--max-warnings', '0', 'app'], dir).code, 1, 'without a baseline the warnings fail');

  const written = cli(['lint', '--write-baseline', 'ci/layerwise-baseline.json', 'app'], dir);
  assert.equal(written.code, 0, written.err);
  assert.match(written.err, new RegExp(`wrote ${rows.length} findings`));
  const file = JSON.parse(fs.readFileSync(path.join(dir, 'ci/layerwise-baseline.json'), 'utf8'));
  assert.equal(file.findings.length, rows.length);
  assert.ok(
    file.findings.every((e: { file: string }) => e.file === '../app/Dockerfile'),
    'paths relative to the baseline file',
  );
  assert.deepEqual(
    file.findings.map((e: { fingerprint: string }) => e.fingerprint).sort(),
    rows.map((r) => r.fingerprint).sort(),
    'the baseline holds the fingerprints the JSON output shows',
  );

  const same = cli(['lint', '--max-warnings', '0', '--baseline', 'ci/layerwise-baseline.json', 'app'], dir);
  assert.equal(same.code, 0, same.out + same.err);
  assert.match(same.out, /No problems found/);
  assert.match(same.err, new RegExp(`${rows.length} findings in the baseline not shown`));

  fs.writeFileSync(path.join(dir, 'app/Dockerfile'), MOVED);
  const moved = cli(
    ['lint', '--format', 'json', '--max-warnings', '0', '--baseline', 'ci/layerwise-baseline.json', 'app'],
    dir,
  );
  assert.equal(moved.code, 0, `lines moved, nothing new: ${moved.out}${moved.err}`);
  assert.deepEqual(JSON.parse(moved.out), []);

  // From another folder, with an absolute baseline path: the same answer.
  const elsewhere = cli(
    ['lint', '--max-warnings', '0', '--baseline', path.join(dir, 'ci/layerwise-baseline.json'), '.'],
    path.join(dir, 'app'),
  );
  assert.equal(elsewhere.code, 0, elsewhere.out + elsewhere.err);
});

test('--baseline reports and fails only on new findings; a changed instruction is new', () => {
  const dir = tempWorkspace({ Dockerfile: BEFORE, 'package-lock.json': '{}' });
  assert.equal(cli(['lint', '--write-baseline', 'baseline.json', 'Dockerfile'], dir).code, 0);
  // One new instruction with a finding, and one old instruction changed (a different package).
  fs.writeFileSync(
    path.join(dir, 'Dockerfile'),
    BEFORE.replace('apt-get install -y curl', 'apt-get install -y wget').replace(
      'COPY . .',
      'COPY . .\nRUN apk add git',
    ),
  );
  const r = cli(['lint', '--format', 'json', '--max-warnings', '0', '--baseline', 'baseline.json', 'Dockerfile'], dir);
  assert.equal(r.code, 1, 'new warnings over --max-warnings fail');
  const rows = JSON.parse(r.out) as { rule: string; range: { start: { line: number } } }[];
  assert.ok(rows.length > 0);
  const lines = new Set(rows.map((x) => x.range.start.line + 1));
  assert.ok(lines.has(2), `the changed RUN (line 2) is reported: ${r.out}`);
  assert.ok(lines.has(4), `the added RUN (line 4) is reported: ${r.out}`);
  assert.ok(!lines.has(5) && !lines.has(1), `unchanged instructions stay in the baseline: ${r.out}`);
  assert.match(r.err, /baseline entr(y|ies) no longer found/);
  // Without --max-warnings the same new warnings do not fail, as without a baseline.
  assert.equal(cli(['lint', '--baseline', 'baseline.json', 'Dockerfile'], dir).code, 0);
});

test('a new error-severity finding fails even when older ones are baselined', () => {
  const dir = tempWorkspace({
    Dockerfile: 'FROM gcr.io/distroless/nodejs20-debian12\nCOPY app.js /app/\nCMD ["/app/app.js"]\n',
  });
  assert.equal(cli(['lint', '--write-baseline', 'b.json', 'Dockerfile'], dir).code, 0);
  fs.appendFileSync(path.join(dir, 'Dockerfile'), 'RUN echo hi\n');
  const r = cli(['lint', '--format', 'json', '--baseline', 'b.json', 'Dockerfile'], dir);
  const rows = JSON.parse(r.out) as { rule: string; severity: string }[];
  assert.ok(
    rows.some((x) => x.rule === 'shell-in-shellless-image' && x.severity === 'error'),
    r.out,
  );
  assert.equal(r.code, 1);
});

test('SARIF results carry partialFingerprints: stable when lines move, distinct for identical instructions', () => {
  const dir = tempWorkspace({ Dockerfile: BEFORE, 'package-lock.json': '{}' });
  const before = sarifResults(cli(['lint', '--format', 'sarif', 'Dockerfile'], dir).out);
  assert.ok(before.length >= 3);
  for (const r of before) assert.match(Object.values(r.partialFingerprints ?? {})[0] ?? '', /^[0-9a-f]{24}:\d+$/);
  fs.writeFileSync(path.join(dir, 'Dockerfile'), MOVED);
  const after = sarifResults(cli(['lint', '--format', 'sarif', 'Dockerfile'], dir).out);
  const ids = (rs: SarifResult[]) => rs.map((r) => `${r.ruleId} ${JSON.stringify(r.partialFingerprints)}`).sort();
  assert.deepEqual(ids(after), ids(before));
  assert.notDeepEqual(
    after.map((r) => r.locations[0].physicalLocation.region.startLine),
    before.map((r) => r.locations[0].physicalLocation.region.startLine),
    'the lines did move',
  );

  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM node:20\nRUN apk add git\nRUN apk add git\n');
  const twice = sarifResults(cli(['lint', '--format', 'sarif', 'Dockerfile'], dir).out).filter(
    (r) => r.ruleId === 'package-manager-cache',
  );
  assert.equal(twice.length, 2);
  const [a, b] = twice.map((r) => Object.values(r.partialFingerprints ?? {})[0]);
  assert.notEqual(a, b);
  assert.equal(a.split(':')[0], b.split(':')[0], 'same text, same hash; the occurrence number tells them apart');
});

test('baseline usage errors exit 2 with one line: missing file, not a baseline, both flags', () => {
  const dir = tempWorkspace({ Dockerfile: 'FROM node:20\n', 'other.json': '{"a": 1}' });
  const missing = cli(['lint', '--baseline', 'nope.json', 'Dockerfile'], dir);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /nope\.json does not exist/);
  assert.equal(missing.out, '', 'nothing reported against a missing baseline');
  const wrong = cli(['lint', '--baseline', 'other.json', 'Dockerfile'], dir);
  assert.equal(wrong.code, 2);
  assert.match(wrong.err, /not a Layerwise baseline/);
  const both = cli(['lint', '--baseline', 'a.json', '--write-baseline', 'b.json', 'Dockerfile'], dir);
  assert.equal(both.code, 2);
  for (const r of [missing, wrong, both]) assert.equal(r.err.trim().split('\n').length, 1, r.err);
});
