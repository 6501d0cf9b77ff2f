// fixAll must be a fixed point: fixAll(fixAll(x)) == fixAll(x); the result re-parses with the
// same stages; and re-linting it shows no finding that still carries a safe fix. Checked on the
// fixtures and on every Dockerfile of the shared corpus (when present next to the project).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fixAllText, collectSafeFixes } from '../../../server/src/actions/fixAll';
import { applyTextEdits, changedSpan } from '../../../server/src/core/edits';
import { lintText } from '../../../server/src/lint/lintFile';
import { parseDockerfile } from '../../../server/src/core/parse';
import { writeOtherEdits } from '../../../server/src/cli/writeEdits';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'actions', 'fixall');
const CORPUS = process.env.LW_CORPUS ?? path.join(__dirname, '..', '..', '..', '..', 'shared', 'corpus');

function dockerfilesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') out.push(...dockerfilesUnder(p));
    else if (entry.isFile() && /(^Dockerfile|\.Dockerfile$)/.test(entry.name)) out.push(p);
  }
  return out.sort();
}

/** Works on a copy of the Dockerfile's folder: fixes may create or edit files next to it (.dockerignore). */
function checkFixedPoint(original: string): { applied: number; changed: boolean } {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-fixall-'));
  fs.cpSync(path.dirname(original), work, { recursive: true, filter: (src) => !/\/(node_modules|\.git)$/.test(src) });
  const file = path.join(work, path.basename(original));
  try {
    return checkFixedPointIn(file);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function checkFixedPointIn(file: string): { applied: number; changed: boolean } {
  const text = fs.readFileSync(file, 'utf8');
  const lint = (t: string) => lintText(t, { file }).findings;
  const once = fixAllText(text, lint);
  assert.ok(once.settled, `${file}: fixAll did not settle`);
  fs.writeFileSync(file, once.text);
  writeOtherEdits(once.otherEdits);
  const twice = fixAllText(once.text, lint);
  assert.equal(twice.text, once.text, `${file}: a second fixAll changed the file`);
  assert.deepEqual(twice.applied, [], `${file}: a second fixAll still applied ${twice.applied.join('; ')}`);
  const before = parseDockerfile(text);
  const after = parseDockerfile(once.text);
  assert.equal(after.stages.length, before.stages.length, `${file}: stage count changed`);
  const left = lintText(once.text, { file });
  assert.deepEqual(left.ruleErrors, [], `${file}: a rule threw on the fixed text`);
  const stillSafe = left.findings.filter((f) => f.fixes?.some((x) => x.safe));
  assert.deepEqual(
    stillSafe.map((f) => `${f.rule}: ${f.message}`),
    [],
    `${file}: findings with a safe fix remain`,
  );
  return { applied: once.applied.length, changed: once.text !== text };
}

for (const file of dockerfilesUnder(FIXTURES)) {
  test(`fixAll reaches a fixed point: fixtures/${path.basename(file)}`, () => {
    checkFixedPoint(file);
  });
}

test('fixAll applies the safe fixes of the fixtures (something really changes)', () => {
  const applied = dockerfilesUnder(FIXTURES).map((f) => checkFixedPoint(f).applied);
  assert.ok(applied.reduce((a, b) => a + b, 0) > 0, 'no safe fix applied on any fixture');
  assert.equal(
    checkFixedPoint(path.join(FIXTURES, 'already-clean.Dockerfile')).changed,
    false,
    'a clean file keeps its text',
  );
});

const corpus = dockerfilesUnder(CORPUS);
test(
  `fixAll reaches a fixed point on every corpus Dockerfile (${corpus.length})`,
  { skip: corpus.length === 0 ? 'no ../shared/corpus next to the project' : false },
  () => {
    let applied = 0;
    for (const file of corpus) applied += checkFixedPoint(file).applied;
    assert.ok(applied > 0, 'the corpus offers safe fixes: some must apply');
  },
);

test('collectSafeFixes never takes two edits at the same place', () => {
  const at = (line: number, c: number) => ({ line, character: c });
  const insert = (text: string) => ({
    title: text,
    safe: true,
    edits: [{ range: { start: at(0, 4), end: at(0, 4) }, newText: text }],
  });
  const fix = collectSafeFixes([
    { rule: 'a', severity: 'info', message: '', range: { start: at(0, 0), end: at(0, 1) }, fixes: [insert('X')] },
    { rule: 'b', severity: 'info', message: '', range: { start: at(0, 0), end: at(0, 1) }, fixes: [insert('Y')] },
  ]);
  assert.equal(applyTextEdits('FROM node\n', fix!.edits), 'FROMX node\n');
});

test('changedSpan: one edit over the changed part only, for LF and CRLF text', async () => {
  for (const [before, after] of [
    ['FROM a\nADD x /y\nCMD z\n', 'FROM a\nCOPY x /y\nCMD z\n'],
    ['FROM a\r\nRUN pip install x\r\n', 'FROM a\r\nRUN pip install --no-cache-dir x\r\n'],
    ['A\r\nB\r\n', 'A\r\nX\r\nB\r\n'],
    ['same', 'same!'],
    ['abc', ''],
  ]) {
    const edit = changedSpan(before, after);
    assert.equal(applyTextEdits(before, [edit]), after, JSON.stringify({ before, after, edit }));
    if ('range' in edit && before.startsWith('FROM a'))
      assert.ok(edit.range.start.line >= 1, 'the unchanged first line is not part of the edit');
  }
});
