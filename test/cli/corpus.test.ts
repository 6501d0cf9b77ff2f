// The CLI over every real-world Dockerfile of ../shared/corpus: it must never crash or throw
// inside a rule, whatever the file looks like (CRLF, heredocs, escape directives, Windows).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus');

function dockerfilesIn(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : dockerfilesIn(p);
    return /(^|\.)Dockerfile$|^Dockerfile(\.|$)/.test(e.name) ? [p] : [];
  });
}

test('layerwise lint --format json runs over every corpus file: exit 0/1/2, no internal errors', () => {
  assert.ok(
    fs.existsSync(CORPUS),
    `the corpus is missing: expected ${CORPUS} beside the repository (CI checks out shared/ there)`,
  );
  const expected = dockerfilesIn(CORPUS);
  assert.ok(expected.length >= 60, `found only ${expected.length} Dockerfiles in ${CORPUS}`);
  const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', CORPUS], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 300_000,
    maxBuffer: 64 << 20,
  });
  assert.ok(
    r.status === 0 || r.status === 1 || r.status === 2,
    `exit ${r.status} ${r.signal ?? ''}: ${r.stderr.slice(-2000)}`,
  );
  assert.doesNotMatch(r.stderr, /internal error|TypeError|RangeError|at .*\.js:\d+/, r.stderr);
  const rows = JSON.parse(r.stdout) as { file: string; rule: string }[];
  // Each file was linted: every file with findings is one we expect, and findings cover most files.
  const linted = new Set(rows.map((x) => path.resolve(ROOT, x.file)));
  for (const f of linted) assert.ok(expected.includes(f), `unexpected file in output: ${f}`);
  assert.ok(linted.size >= expected.length * 0.8, `only ${linted.size} of ${expected.length} files have findings`);
  // A throw outside a rule would end the run with exit 2 and an internal-error line, caught above.
});
