// The CLI's own container image (packages/cli/Dockerfile) shows Layerwise's advice: no findings at all,
// not even info, and an unprivileged user. It is built and run on the private daemon in
// test/docker/cli-image.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

test('packages/cli/Dockerfile: layerwise lint reports nothing (exit 0 with --max-warnings 0)', () => {
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, 'dist/cli.js'), 'lint', '--format', 'json', '--max-warnings', '0', 'packages/cli/Dockerfile'],
    { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
  );
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [], 'zero findings, info included');
  assert.equal(r.stderr, '');
});
