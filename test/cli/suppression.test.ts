// The CLI's side of suppression comments: problems with them are reported, not swallowed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { tempWorkspace } from '../support/ruleTest';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

test('a misspelt rule id in # layerwise-ignore: one stderr line naming file, line and the nearest rule; exit code unchanged', () => {
  const dir = tempWorkspace({
    Dockerfile: 'FROM node:20-slim\nUSER node\n# layerwise-ignore npm-as-entry\nCMD ["npm", "start"]\n',
  });
  const r = spawnSync(process.execPath, [CLI, 'lint', 'Dockerfile'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, 'warnings only');
  assert.equal(
    r.stderr.trim(),
    'layerwise: Dockerfile:3: no rule is called "npm-as-entry", so this comment silences nothing (did you mean "npm-as-entrypoint"?)',
  );
  assert.match(r.stdout, /npm-as-entrypoint/);
});
