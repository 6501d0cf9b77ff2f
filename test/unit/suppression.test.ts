// Suppression comments through the one analysis entry point, with the real rule catalogue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeAll } from '../../server/src/lint/lintFile';
import { ALL_RULES } from '../../server/src/rules/all';

const rulesAt = (text: string) => analyzeAll({ text }).findings.map((f) => `${f.range.start.line}:${f.rule}`);
const NAIVE =
  'FROM node:latest\nWORKDIR /app\nCOPY . .\nRUN apt-get update && apt-get install -y git\nCMD ["npm", "start"]\n';

test('the naive file reports the rules the suppression tests silence (so each silence can fail)', () => {
  const found = rulesAt(NAIVE);
  for (const expected of [
    '0:unpinned-base-image',
    '0:root-user',
    '3:apt-recommends',
    '3:apt-lists-not-removed',
    '4:npm-as-entrypoint',
  ])
    assert.ok(found.includes(expected), `${expected} in ${found}`);
});

test('# layerwise-ignore a,b above an instruction silences those rules there only', () => {
  const text = NAIVE.replace('RUN apt-get', '# layerwise-ignore apt-recommends, apt-lists-not-removed\nRUN apt-get');
  const found = rulesAt(text);
  assert.ok(!found.some((f) => /apt-recommends|apt-lists-not-removed/.test(f)), found.join());
  assert.ok(
    found.includes('0:unpinned-base-image') && found.includes('5:npm-as-entrypoint'),
    'other rules and instructions still report',
  );
});

test('# layerwise-ignore with blank lines and other comments between it and the instruction; multi-line instructions', () => {
  const text =
    'FROM node:20-slim\n# layerwise-ignore apt-recommends\n\n# installs git\nRUN apt-get update \\\n  && apt-get install -y git \\\n  && rm -rf /var/lib/apt/lists/*\nUSER node\n';
  assert.deepEqual(
    rulesAt(text).filter((f) => f.endsWith('apt-recommends')),
    [],
  );
  assert.ok(
    rulesAt(text.replace('# layerwise-ignore apt-recommends\n', '')).some((f) => f.endsWith('apt-recommends')),
    'reported without the comment, on a continuation line',
  );
});

test('# layerwise-ignore with no rule silences every rule on that instruction; a comment not above an instruction does nothing', () => {
  const text = NAIVE.replace('RUN apt-get', '# layerwise-ignore\nRUN apt-get');
  assert.deepEqual(
    rulesAt(text).filter((f) => f.startsWith('4:')),
    [],
  );
  assert.ok(
    rulesAt(`${NAIVE}# layerwise-ignore npm-as-entrypoint\n`).includes('4:npm-as-entrypoint'),
    'a trailing comment is above nothing',
  );
});

test('# layerwise-ignore-file a anywhere silences the rule in the whole file', () => {
  const found = rulesAt(`${NAIVE}# layerwise-ignore-file root-user, unpinned-base-image\n`);
  assert.ok(!found.some((f) => /root-user|unpinned-base-image/.test(f)), found.join());
  assert.ok(found.some((f) => f.endsWith('npm-as-entrypoint')));
});

test('hadolint pragmas: ignore= on the next instruction, global ignore= for the file, mapped through meta.hadolint', () => {
  const dl3007 = rulesAt('# hadolint ignore=DL3007\nFROM node:latest\nUSER node\n');
  assert.ok(!dl3007.some((f) => f.endsWith('unpinned-base-image')), dl3007.join());
  const apt = NAIVE.replace('RUN apt-get', '# hadolint ignore=DL3009,DL3015\nRUN apt-get');
  assert.ok(!rulesAt(apt).some((f) => /apt-(recommends|lists-not-removed)/.test(f)), rulesAt(apt).join());
  const global = rulesAt('FROM node:20-slim\n# hadolint global ignore=DL3002\nCOPY . .\n');
  assert.ok(!global.some((f) => f.endsWith('root-user')), global.join());
  assert.ok(
    rulesAt('FROM node:20-slim\n# hadolint ignore=DL3002\nCOPY . .\n').some((f) => f.endsWith('root-user')),
    'a line pragma above COPY does not silence a finding on FROM',
  );
  assert.ok(
    rulesAt('# hadolint ignore=DL9999,SC2086\nFROM node:latest\n').some((f) => f.endsWith('unpinned-base-image')),
    'unmapped codes silence nothing',
  );
});

test('every DL code the issue names maps to a rule, and every mapping is a real hadolint code', () => {
  const mapped = new Set(ALL_RULES.flatMap((r) => r.meta.hadolint ?? []));
  for (const code of [
    'DL3002',
    'DL3006',
    'DL3007',
    'DL3009',
    'DL3015',
    'DL3019',
    'DL3020',
    'DL3022',
    'DL3042',
    'DL3060',
  ])
    assert.ok(mapped.has(code), code);
  for (const code of mapped) assert.match(code, /^DL[34]\d{3}$/);
});

test('# layerwise-ignore-file with no rule silences the whole file; unknown rule ids silence nothing else', () => {
  assert.deepEqual(rulesAt(`# layerwise-ignore-file\n${NAIVE}`), []);
  const typo = rulesAt(NAIVE.replace('CMD', '# layerwise-ignore npm-as-entry\nCMD'));
  assert.ok(typo.includes('5:npm-as-entrypoint'), typo.join());
});

test('unknownSuppressionIds: misspelt ids in layerwise-ignore comments, with the nearest rule', async () => {
  const { unknownSuppressionIds } = await import('../../server/src/core/suppression');
  const { parseDockerfile } = await import('../../server/src/core/parse');
  const model = parseDockerfile(
    'FROM node:20\n# layerwise-ignore root-user, npm-as-entry, frobnicate\nCMD ["npm", "start"]\n# layerwise-ignore-file unpined-base-image\n',
  );
  const known = new Set(ALL_RULES.map((r) => r.meta.id));
  assert.deepEqual(unknownSuppressionIds(model, known), [
    { id: 'npm-as-entry', line: 1, suggestion: 'npm-as-entrypoint' },
    { id: 'frobnicate', line: 1, suggestion: undefined },
    { id: 'unpined-base-image', line: 3, suggestion: 'unpinned-base-image' },
  ]);
});
