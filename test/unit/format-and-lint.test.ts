// The formatter and linter (Biome, configured in biome.json) run inside `npm test`: the tree must be
// formatted (`npm run format` fixes that) and free of lint findings (`npm run lint` lists them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const BIOME = path.join(ROOT, 'node_modules', '@biomejs', 'biome', 'bin', 'biome');

test('biome ci: every source file is formatted and passes the lint rules', () => {
  const run = spawnSync(process.execPath, [BIOME, 'ci', '--colors=off', '--max-diagnostics=20', '.'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(run.error, undefined, `biome did not run: ${run.error?.message}`);
  assert.equal(run.status, 0, `npm run format / npm run lint would report:\n${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout + run.stderr, /Checked \d+ files?/);
});
