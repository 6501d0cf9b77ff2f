// The analysis writes each finding's rule id and severity onto the object the rule returned (a copy
// per finding was half of what 168,000 findings left for the collector). That is only right while
// every rule hands out new finding objects on each call and keeps none: checked here for every rule
// on its own bad example, analysed twice on one model with different severities.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeModel } from '../../../server/src/core/analyze';
import { DEFAULT_CONFIG } from '../../../server/src/core/config';
import { parseDockerfile } from '../../../server/src/core/parse';
import { fileSystemView, readWorkspaceFacts } from '../../../server/src/core/workspace';
import { ALL_RULES } from '../../../server/src/rules/all';
import { tempWorkspace } from '../../support/ruleTest';

// The rules that judge the build context report their bad example in a context like these.
const WORKSPACES: Record<string, Record<string, string>> = {
  'missing-dockerignore': { 'package.json': '{}', 'server.js': '' },
  'next-without-standalone': {
    'package.json': '{"dependencies":{"next":"14.2.0"}}',
    'next.config.js': 'module.exports = {};\n',
  },
  'context-too-large': { 'package.json': '{}', 'data.bin': 'x'.repeat(4096) },
};

for (const rule of ALL_RULES) {
  test(`${rule.meta.id}: new findings on every call, none shared between analyses`, () => {
    const model = parseDockerfile(rule.meta.examples.bad);
    const files = WORKSPACES[rule.meta.id];
    const workspace = files ? readWorkspaceFacts(fileSystemView(tempWorkspace(files))) : undefined;
    const config = (severity: 'error' | 'info') => ({
      ...DEFAULT_CONFIG,
      contextSizeLimitBytes: 1024,
      rules: { [rule.meta.id]: severity },
    });
    const first = analyzeModel(model, { rules: [rule], workspace, config: config('error') }).findings;
    const second = analyzeModel(model, { rules: [rule], workspace, config: config('info') }).findings;
    assert.ok(first.length > 0, 'the bad example is reported');
    assert.equal(second.length, first.length, 'the same findings both times');
    assert.ok(
      first.every((f) => f.severity === 'error' && f.rule === rule.meta.id),
      'the first analysis keeps its severity',
    );
    assert.ok(
      second.every((f) => f.severity === 'info'),
      'the second analysis has its own',
    );
    const seen = new Set(first);
    assert.ok(!second.some((f) => seen.has(f)), 'no finding object is handed out twice');
    assert.equal(new Set(first).size, first.length, 'no finding object twice in one answer');
  });
}

// Findings on one position are ordered by rule id, in code-unit order (core/analyze.ts: localeCompare's
// first call loads ICU's collation data, milliseconds of the server's cold start). That is the order
// localeCompare gave before, and stays so while rule ids are lower-case letters, digits and hyphens.
test('rule ids are lower-case words with hyphens, in the same order by code units as by localeCompare', () => {
  const ids = ALL_RULES.map((rule) => rule.meta.id);
  for (const id of ids) assert.match(id, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  assert.deepEqual(
    [...ids].sort(),
    [...ids].sort((a, b) => a.localeCompare(b)),
  );
});
