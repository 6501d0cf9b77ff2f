// core/astMemo.ts scans each instruction's arguments once for every dockerfile-ast user in the
// process. It must change nothing but speed: the validator's diagnostics, formatting, semantic
// tokens, symbols and Layerwise's model and findings are identical with and without it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { validate } from 'dockerfile-utils';
import { setArgumentsMemo } from '../../server/src/core/astMemo';
import { analyze } from '../../server/src/core/analyze';
import { service } from '../../server/src/lsp/languageService';
import { DEEP, realDockerfiles, trapInputs, mutatedDockerfile } from './inputs';

/** The result, or the error's message: a service bug must stay the same bug either way. */
function outcome(compute: () => unknown): unknown {
  try {
    return compute();
  } catch (e) {
    return `threw ${(e as Error).message}`;
  }
}

function everything(text: string): string {
  const doc = { uri: 'file:///x/Dockerfile' };
  const { model, findings } = analyze({ text });
  return JSON.stringify({
    validate: outcome(() => validate(text)),
    format: outcome(() => service.format(text, { tabSize: 4, insertSpaces: true })),
    tokens: outcome(() => service.computeSemanticTokens(text)),
    symbols: outcome(() => service.computeSymbols(doc, text)),
    folding: outcome(() => service.computeFoldingRanges(text)),
    model: { ...model, globalArgs: [...model.globalArgs] },
    findings,
  });
}

function same(text: string, label: string): void {
  setArgumentsMemo(false);
  const plain = everything(text);
  setArgumentsMemo(true);
  assert.equal(everything(text), plain, `${label}: results differ with the arguments memo`);
}

test('identical results with and without the memo: real files, traps, mutations', () => {
  let cases = 0;
  for (const { name, text } of [...realDockerfiles(), ...trapInputs().filter((t) => t.text.length < 60_000)]) { same(text, name); cases++; }
  const seeds = [...realDockerfiles(), ...trapInputs().filter((t) => t.text.length < 20_000)];
  fc.assert(fc.property(mutatedDockerfile(seeds), (text) => { same(text, 'mutated'); cases++; }), { numRuns: DEEP ? 3_000 : 100 });
  console.log(`robustness/astMemo: ${cases} texts compared`);
});
