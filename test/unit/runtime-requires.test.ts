// What the run-time scan of core/runtimeRequires.ts reads: development-only branches of a server
// that runs with NODE_ENV=production (Vite's SSR template) and JSDoc `import('x')` types are not loads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { devDependenciesUsedAtRuntime, withoutDevelopmentBranches } from '../../server/src/core/runtimeRequires';
import { fileSystemView, readWorkspaceFacts } from '../../server/src/core/workspace';

const VITE_APP = path.join(__dirname, '..', 'fixtures', 'apps', 'vite-ssr-react');

test("Vite's SSR server: vite is needed only without NODE_ENV=production", () => {
  const facts = readWorkspaceFacts(fileSystemView(VITE_APP));
  assert.deepEqual(devDependenciesUsedAtRuntime(facts.view, facts.packageJson!, ['server.js']), ['vite']);
  assert.deepEqual(
    devDependenciesUsedAtRuntime(facts.view, facts.packageJson!, ['server.js'], { production: true }),
    [],
  );
});

test('development branches: named flags, written comparisons and the else of a production test; the rest is kept', () => {
  const text = [
    "const isProduction = process.env.NODE_ENV === 'production'",
    'const isDev = process.env.NODE_ENV !== "production"',
    "if (!isProduction) { require('a') }",
    "if (isDev) { require('b') } else { require('keep1') }",
    "if (process.env.NODE_ENV === 'development') { require('c') }",
    "if (process.env.NODE_ENV !== 'production') { if (x) { require('d') } }",
    "if (isProduction) { require('keep2') } else { require('e') }",
    "if (other) { require('keep3') }",
    "const s = '} { if (!isProduction) {'; require('keep4')",
  ].join('\n');
  const out = withoutDevelopmentBranches(text);
  assert.equal(out.length, text.length);
  assert.equal(out.split('\n').length, text.split('\n').length);
  const required = [...out.matchAll(/require\('(\w+)'\)/g)].map((m) => m[1]);
  assert.deepEqual(required, ['keep1', 'keep2', 'keep3', 'keep4']);
});

test('JSDoc import() types and commented-out requires are not run-time loads', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-requires-'));
  try {
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ dependencies: {}, devDependencies: { vite: '1', pino: '1', real: '1' } }),
    );
    fs.writeFileSync(
      path.join(dir, 'server.js'),
      "/** @type {import('vite').ViteDevServer} */\n// require('pino')\nconst url = 'http://x'; require('real')\n",
    );
    const facts = readWorkspaceFacts(fileSystemView(dir));
    assert.deepEqual(devDependenciesUsedAtRuntime(facts.view, facts.packageJson!, ['server.js']), ['real']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
