// Regression: `ARG A2=${A1}${A1}` chains double the value per line; at ~30 lines the string
// outgrew V8's limit and parseDockerfile threw RangeError (no diagnostics at all for the file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { substitute, MAX_SUBSTITUTED_LENGTH } from '../../server/src/core/substitute';
import { parseDockerfile } from '../../server/src/core/parse';

test('doubling ARG chains stop resolving past the cap instead of throwing', () => {
  const lines = ['ARG A0=xy'];
  for (let i = 0; i < 60; i++) lines.push(`ARG A${i + 1}=\${A${i}}\${A${i}}`);
  const model = parseDockerfile(`${lines.join('\n')}\nFROM node:\${A3}\nFROM node:\${A60}\n`);
  assert.equal(model.stages[0].image.resolved, `node:${'xy'.repeat(8)}`);
  const far = model.stages[1].image.resolved;
  assert.ok(far === null || far.length <= MAX_SUBSTITUTED_LENGTH, 'past the cap nothing huge is resolved');
});

test('many references to a long value in one word are bounded too', () => {
  const vars = new Map([['L', 'z'.repeat(60_000)]]);
  const r = substitute('${L}'.repeat(10_000), vars);
  assert.equal(r.complete, false);
  assert.ok(r.value.length <= 50_000);
  assert.equal(substitute('${L}', vars).value.length, 60_000, 'below the cap it still resolves');
  assert.ok(MAX_SUBSTITUTED_LENGTH >= 60_000);
});
