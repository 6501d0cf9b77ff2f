// In-process property tests of the analysis core on hostile text: fast, so they run many cases.
// The same inputs go through the real server over stdio in server.property.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeAll } from '../../server/src/lint/lintFile';
import { parseDockerfile } from '../../server/src/core/parse';
import { fixAllText } from '../../server/src/actions/fixAll';
import { DEEP, realDockerfiles, trapInputs, mutatedDockerfile, truncationOffsets } from './inputs';

const real = realDockerfiles();
const traps = trapInputs();
let casesRun = 0;

/** Everything the core promises for any text: no throw, no rule error, ranges inside the text, fixAll idempotent. */
function checkText(text: string, label: string): void {
  casesRun++;
  const result = analyzeAll({ text });
  assert.deepEqual(result.ruleErrors, [], `${label}: a rule threw`);
  const lineCount = result.model.lines.length;
  for (const f of result.findings) {
    const { start, end } = f.range;
    assert.ok(start.line >= 0 && start.character >= 0, `${label}: ${f.rule} negative position`);
    assert.ok(end.line < lineCount, `${label}: ${f.rule} ends on line ${end.line} of ${lineCount}`);
    assert.ok(
      start.line < end.line || (start.line === end.line && start.character <= end.character),
      `${label}: ${f.rule} range reversed`,
    );
  }
  if (!result.findings.some((f) => f.fixes?.some((x) => x.safe))) return;
  const lint = (t: string) => analyzeAll({ text: t }).findings;
  const once = fixAllText(text, lint);
  assert.ok(once.settled, `${label}: fixAll did not settle`);
  parseDockerfile(once.text);
  assert.equal(fixAllText(once.text, lint).text, once.text, `${label}: fixAll is not idempotent`);
}

test('real Dockerfiles and the traps analyse cleanly', () => {
  assert.ok(real.length >= 3, 'real Dockerfiles found');
  for (const { name, text } of [...real, ...traps]) checkText(text, name);
});

test('real Dockerfiles truncated at byte offsets (all in deep mode, sampled otherwise)', () => {
  let files = 0;
  for (const { name, text } of real) {
    for (const at of truncationOffsets(text.length, 40)) checkText(text.slice(0, at), `${name} cut at ${at}`);
    files++;
  }
  assert.equal(files, real.length);
});

test('mutated Dockerfiles (fast-check): never throw, ranges in bounds, fixAll idempotent', () => {
  fc.assert(
    fc.property(mutatedDockerfile([...real, ...traps.filter((t) => t.text.length < 50_000)]), (text) =>
      checkText(text, 'mutated'),
    ),
    { numRuns: DEEP ? 20_000 : 1_500 },
  );
});

test('random strings of any code points', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (text) => checkText(text, 'random')),
    { numRuns: DEEP ? 10_000 : 500 },
  );
});

test('cases run (printed for the report)', () => {
  console.log(`robustness/analyze: ${casesRun} texts analysed`);
  assert.ok(casesRun > 2000);
});
