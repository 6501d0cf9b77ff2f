#!/usr/bin/env node
// Compiles the VS Code integration suite for the extension host: one CommonJS file per test plus the
// mocha entry, into out/integration/. `vscode` is provided by the host and mocha comes from node_modules.
//   node test/vscode/build-tests.mjs [--out DIR] [--no-typecheck]   (DIR must be inside the repo: mocha resolves from it)
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths.mjs';

const sourceDir = path.join(repoRoot, 'test/integration');
// --out DIR: a private folder for one run, so parallel runs do not delete each other's tests
const outArg = process.argv.indexOf('--out');
const outDir = path.resolve(outArg > 0 ? process.argv[outArg + 1] : path.join(repoRoot, 'out/integration'));

function testSources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testSources(full);
    return entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

const started = Date.now();
rmSync(outDir, { recursive: true, force: true }); // a deleted test must not keep running from a stale .js
await build({
  entryPoints: [path.join(sourceDir, 'index.ts'), ...testSources(sourceDir)],
  outbase: sourceDir,
  outdir: outDir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode', 'mocha'],
  sourcemap: 'inline',
  logLevel: 'warning',
});
if (!process.argv.includes('--no-typecheck')) {
  // esbuild strips types without checking them; a type error in a test must fail the build.
  try {
    execFileSync(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', path.join(sourceDir, 'tsconfig.json')],
      { stdio: 'inherit' });
  } catch {
    console.log('[build-tests] FAILED: type errors in test/integration (above)');
    process.exit(1);
  }
}
console.log(`[build-tests] ${testSources(sourceDir).length} test file(s) -> ${path.relative(repoRoot, outDir)} in ${Date.now() - started} ms`);
