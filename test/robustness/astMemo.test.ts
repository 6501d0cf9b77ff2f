// core/astMemo.ts shares one parse of a text, and one scan of each instruction's arguments (variables, heredocs), among
// every dockerfile-ast user in the process. It must change nothing but speed: the validator's
// diagnostics, formatting, semantic tokens, symbols and Layerwise's model and findings are identical
// with and without it, also when every consumer has already used the shared tree once. The validator's
// stage-name grouping (lsp/validatorSpeedup.ts) and the document links' stage-name look-up
// (lsp/linksSpeedup.ts) are switched with the memos and held to the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { validate } from 'dockerfile-utils';
import { DockerfileParser } from 'dockerfile-ast';
import { setArgumentsMemo, setParseMemo } from '../../server/src/core/astMemo';
import { analyzeAll } from '../../server/src/lint/lintFile';
import { service } from '../../server/src/lsp/languageService';
import { setValidatorSpeedup } from '../../server/src/lsp/validatorSpeedup';
import { setLinksSpeedup } from '../../server/src/lsp/linksSpeedup';
import { DEEP, realDockerfiles, trapInputs, mutatedDockerfile } from './inputs';

/** The result, or the error's message: a service bug must stay the same bug either way. */
function outcome(compute: () => unknown): unknown {
  try {
    return compute();
  } catch (e) {
    return `threw ${(e as Error).message}`;
  }
}

/** Which image dockerfile-ast says holds each position (the memo bisects stage ranges): 'initial', a stage's index, the file, or null. */
function containingImages(text: string): unknown[] {
  const dockerfile = DockerfileParser.parse(text) as unknown as {
    getContainingImage(p: { line: number; character: number }): unknown;
  };
  const stages = (dockerfile as unknown as { buildStages: unknown[] }).buildStages;
  const initial = (dockerfile as unknown as { initialInstructions: unknown }).initialInstructions;
  const lines = text.split(/\r\n|\r|\n/);
  const answers: unknown[] = [];
  for (let line = -1; line <= lines.length; line++)
    for (const character of [0, 1, (lines[line] ?? '').length, 10_000]) {
      const image = dockerfile.getContainingImage({ line, character });
      answers.push(
        image === null ? null : image === initial ? 'initial' : image === dockerfile ? 'file' : stages.indexOf(image),
      );
    }
  return answers;
}

/** Each instruction's variables as dockerfile-ast resolves them: defined, a build argument, an environment variable. */
function variables(text: string): unknown[] {
  return DockerfileParser.parse(text)
    .getInstructions()
    .flatMap((instruction) =>
      instruction
        .getVariables()
        .map((v) => [v.getName(), v.getRange(), v.isDefined(), v.isBuildVariable(), v.isEnvironmentVariable()]),
    );
}

/** Each instruction's here-documents as dockerfile-ast finds them (the memo skips the scan without a `<<` argument). */
function heredocs(text: string): unknown[] {
  return DockerfileParser.parse(text)
    .getInstructions()
    .map((instruction) =>
      outcome(() =>
        (instruction as unknown as { getHeredocs(): Heredoc[] })
          .getHeredocs()
          .map((h) => [h.getName(), h.getRange(), h.getNameRange(), h.getContentRange(), h.getDelimiterRange()]),
      ),
    );
}
type Heredoc = {
  getName(): string;
  getRange(): unknown;
  getNameRange(): unknown;
  getContentRange(): unknown;
  getDelimiterRange(): unknown;
};

/** Here-documents written every way the scan could see one: split markers, markers inside words, flags, tabs. */
const HEREDOC_TEXTS = [
  'FROM debian\nRUN <<EOF\napt-get update\nEOF\n',
  'FROM debian\nRUN cat<<EOF\nx\nEOF\n',
  'FROM debian\nRUN <\\\n<EOF\nx\nEOF\n',
  'FROM debian\nRUN echo \\\n  <<EOF\nx\nEOF\n',
  'FROM debian\nCOPY --chmod=755 <<EOF /x\n#!/bin/sh\nEOF\n',
  'FROM debian\nRUN 0<<EOF cat\nx\nEOF\n',
  'FROM debian\nRUN <<-EOF\n\tx\n\tEOF\n',
  'FROM debian\nRUN <<"EOF" <<\'B\' cat\na\nEOF\nb\nB\n',
  'FROM debian\nRUN --mount=type=cache,target=/x <<EOF\nx\nEOF\nRUN echo a <b\n',
  'FROM debian\nRUN echo "<<EOF"\nRUN echo x << EOF\nRUN a \\\n# c\n b\n',
  '# escape=`\nFROM debian\nRUN <`\n<EOF\nx\nEOF\n',
  'FROM debian\r\nRUN <<EOF\r\nx\r\nEOF\r\n',
];

/** FROMs every way the document links tell apart: registries with pages of their own, stage names, names without a slash. */
const LINK_TEXTS = [
  'FROM ghcr.io/owner/tool:1 AS tool\nFROM ghcr.io/single\nFROM tool\nFROM Tool\nFROM owner/image AS image\nFROM image\n',
  'FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\nFROM quay.io/org/app@sha256:abc\nFROM build\nFROM node:20 AS node\nFROM node\n',
  'FROM ghcr.io\nFROM quay.io/\nFROM $X AS x\nFROM x\nFROM scratch\nFROM localhost:5000/a/b\n',
];

/** Every consumer of the tree in the server, in the given order (they share one tree with the memos on). */
function everything(text: string, reversed = false): string {
  const doc = { uri: 'file:///x/Dockerfile' };
  // a few positions inside instructions: where hover, highlights, completion and rename look
  const positions = text
    .split(/\r\n|\r|\n/)
    .slice(0, 40)
    .flatMap((line, i) => (/^\s*[A-Za-z]/.test(line) ? [{ line: i, character: Math.min(line.length, 6) }] : []))
    .slice(0, 4);
  const consumers: [string, () => unknown][] = [
    [
      'analyze',
      () => {
        const { model, findings } = analyzeAll({ text });
        return { model: { ...model, globalArgs: [...model.globalArgs] }, findings };
      },
    ],
    ['validate', () => validate(text)],
    ['variables', () => variables(text)],
    ['heredocs', () => heredocs(text)],
    ['containing', () => containingImages(text)],
    ['format', () => service.format(text, { tabSize: 4, insertSpaces: true })],
    ['tokens', () => service.computeSemanticTokens(text)],
    ['symbols', () => service.computeSymbols(doc, text)],
    ['folding', () => service.computeFoldingRanges(text)],
    ['links', () => service.computeLinks(text)],
    ...positions.flatMap((at, i): [string, () => unknown][] => [
      [`hover${i}`, () => service.computeHover(text, at)],
      [`highlight${i}`, () => service.computeHighlightRanges(text, at)],
      [`definition${i}`, () => service.computeDefinition(doc, text, at)],
      [`rename${i}`, () => service.computeRename(doc, text, at, 'renamed')],
      [`signature${i}`, () => service.computeSignatureHelp(text, at)],
    ]),
  ];
  if (reversed) consumers.reverse();
  const results = Object.fromEntries(consumers.map(([name, compute]) => [name, outcome(compute)]));
  return JSON.stringify(
    Object.keys(results)
      .sort()
      .map((name) => [name, results[name]]),
  );
}

function memos(on: boolean): void {
  setArgumentsMemo(on);
  setParseMemo(on);
  setValidatorSpeedup(on);
  setLinksSpeedup(on);
}

function same(text: string, label: string): void {
  memos(false);
  const plain = everything(text);
  memos(true);
  assert.equal(everything(text), plain, `${label}: results differ with the memos`);
  // the second time round, in the other order, every consumer gets the tree all the others used
  assert.equal(everything(text, true), plain, `${label}: results differ on a tree shared with earlier consumers`);
}

test('identical results with and without the memo: real files, traps, mutations', () => {
  let cases = 0;
  for (const { name, text } of [
    ...realDockerfiles(),
    ...trapInputs().filter((t) => t.text.length < 60_000),
    ...HEREDOC_TEXTS.map((text, i) => ({ name: `heredoc ${i}`, text })),
    ...LINK_TEXTS.map((text, i) => ({ name: `links ${i}`, text })),
  ]) {
    same(text, name);
    cases++;
  }
  const seeds = [...realDockerfiles(), ...trapInputs().filter((t) => t.text.length < 20_000)];
  fc.assert(
    fc.property(mutatedDockerfile(seeds), (text) => {
      same(text, 'mutated');
      cases++;
    }),
    { numRuns: DEEP ? 3_000 : 100 },
  );
  console.log(`robustness/astMemo: ${cases} texts compared`);
});
