// The docs pages show each rule's bad and good example: the rule must agree with its own docs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runRule } from '../../support/ruleTest';
import { ALL_RULES } from '../../../server/src/rules/all';

const CORRECTNESS_AND_SAFETY = [
  'shell-in-shellless-image',
  'distroless-node-cmd',
  'go-cgo-in-static-image',
  'next-without-standalone',
  'secret-in-image',
  'root-user',
  'npm-as-entrypoint',
  'unpinned-base-image',
  'base-version-mismatch',
  'unnamed-stage',
];
// Workspace-aware rules judge their examples in the workspace the example describes.
const WORKSPACES: Record<string, { bad: Record<string, string>; good: Record<string, string> }> = {
  'next-without-standalone': {
    bad: { 'package.json': '{"dependencies":{"next":"14.2.0"}}', 'next.config.js': 'module.exports = {};\n' },
    good: {
      'package.json': '{"dependencies":{"next":"14.2.0"}}',
      'next.config.js': "module.exports = { output: 'standalone' };\n",
    },
  },
};

for (const id of CORRECTNESS_AND_SAFETY) {
  test(`${id}: reports its bad example, not its good one`, () => {
    const rule = ALL_RULES.find((r) => r.meta.id === id);
    assert.ok(rule, `${id} is in the catalogue`);
    const ws = WORKSPACES[id];
    assert.ok(runRule(rule, rule.meta.examples.bad, { files: ws?.bad }).length > 0, 'bad example');
    assert.deepEqual(
      runRule(rule, rule.meta.examples.good, { files: ws?.good }).map((f) => f.message),
      [],
      'good example',
    );
    assert.equal(rule.meta.fixable, id !== 'unpinned-base-image' && id !== 'base-version-mismatch');
  });
}
