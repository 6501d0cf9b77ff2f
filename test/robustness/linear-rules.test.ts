// Regression: removed-in-later-layer re-ran every command's "what does it add" check for every
// command of the same RUN, so a RUN of 10 000 `&&` commands took ~15 minutes and froze the
// server. The growth must stay about linear: 4× the commands may cost at most ~8× the time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { rule } from '../../server/src/rules/removed-in-later-layer';
import { cpuMs } from '../../bench/stats';

const longRun = (n: number) =>
  `FROM debian\nRUN apt-get update \\\n${Array.from({ length: n }, (_, i) => `  && echo line${i} && npm cache clean --force \\\n`).join('')}  && true\n`;

function costOf(n: number): number {
  const text = longRun(n);
  analyze({ text, rules: [rule] });
  const t0 = cpuMs();
  for (let i = 0; i < 3; i++) analyze({ text, rules: [rule] });
  return (cpuMs() - t0) / 3;
}

test('removed-in-later-layer stays about linear in the commands of one RUN', () => {
  const small = costOf(250);
  const large = costOf(1_000);
  assert.ok(large < small * 8 + 50, `250 commands: ${small.toFixed(0)} ms, 1 000 commands: ${large.toFixed(0)} ms`);
});
