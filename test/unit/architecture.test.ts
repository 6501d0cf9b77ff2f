// Layers, checked: every import in server/src and client/src points down (or sideways where allowed).
//   core ← docker, sizes ← rules, actions ← lint ← lsp, cli ← entries (server.ts, cli.ts, clientApi.ts)
// and client/src uses server code only through server/src/clientApi.ts. Rules do not import each other
// (rules/all.ts, the generated registry, imports them all), and rules keep no timed state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const SERVER = path.join(ROOT, 'server', 'src');
const CLIENT = path.join(ROOT, 'client');

/** What each part of server/src may import (besides itself and npm packages). */
const ALLOWED: Record<string, string[]> = {
  core: [],
  docker: ['core'],
  sizes: ['core', 'docker'],
  rules: ['core', 'sizes:pure'],
  actions: ['core', 'sizes:pure'],
  lint: ['core', 'sizes', 'rules', 'actions'],
  lsp: ['core', 'docker', 'sizes', 'rules', 'actions', 'lint'],
  cli: ['core', 'docker', 'sizes', 'rules', 'actions', 'lint'],
  entry: ['core', 'docker', 'sizes', 'rules', 'actions', 'lint', 'lsp', 'cli'],
};

/** sizes/ modules without I/O: what rules and actions may use (the catalogue, reading image references). */
const PURE_SIZES = new Set(['catalogue', 'family', 'reference', 'platform']);

/**
 * Known exceptions, each with the reason it is still here and when it goes away. Keep this list short
 * (empty today: docker/splitContext.ts, which reached up into the split and the CLI, moved to the client).
 */
const EXCEPTIONS: { from: string; to: string; why: string }[] = [];

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'node_modules' ? [] : filesUnder(p);
    return /\.(ts|mts|cts)$/.test(d.name) && !d.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Every module specifier a file names: static imports and re-exports (type-only too), import(), require(). */
function importsOf(text: string): string[] {
  const out: string[] = [];
  const patterns = [
    /^\s*(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/gm,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) out.push(m[1]);
  return out;
}

function resolveRelative(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return base;
}

/** The layer of a server file: its first folder under server/src, or `entry` for the files at the top. */
function layerOf(file: string): string {
  const rel = path.relative(SERVER, file).split(path.sep);
  return rel.length === 1 ? 'entry' : rel[0];
}

/** A wrong direction in server/src, or undefined when `from` may import `to`. */
function serverViolation(from: string, to: string): string | undefined {
  const rel = (f: string) => path.relative(SERVER, f).split(path.sep).join('/');
  if (EXCEPTIONS.some((e) => e.from === rel(from) && e.to === rel(to))) return undefined;
  if (!to.startsWith(SERVER + path.sep)) return `${rel(from)} imports ${path.relative(ROOT, to)}, outside server/src`;
  const a = layerOf(from);
  const b = layerOf(to);
  if (!(a in ALLOWED)) return `${rel(from)}: server/src/${a}/ is not a known layer (add it to ALLOWED)`;
  if (a === 'rules' && b === 'rules') {
    const importer = path.basename(from);
    const imported = path.basename(to);
    if (importer === 'all.ts' || imported === 'types.ts') return undefined;
    return `${rel(from)} imports another rule (${rel(to)}): move the shared fact down to core`;
  }
  if (a === b) return undefined;
  const allowed = ALLOWED[a];
  if (allowed.includes(b)) return undefined;
  if (b === 'sizes' && allowed.includes('sizes:pure') && PURE_SIZES.has(path.basename(to, '.ts'))) return undefined;
  return `${rel(from)} (${a}) imports ${rel(to)} (${b}): ${a} may import ${allowed.join(', ') || 'nothing above it'}`;
}

test('server/src: every import points down the layers', () => {
  const problems: string[] = [];
  for (const file of filesUnder(SERVER)) {
    for (const spec of importsOf(fs.readFileSync(file, 'utf8'))) {
      const target = resolveRelative(file, spec);
      if (target === undefined || target.endsWith('.json') || target.endsWith('.cjs')) continue;
      const problem = serverViolation(file, target);
      if (problem) problems.push(problem);
    }
  }
  assert.deepEqual(problems, []);
});

test('client: server code only through server/src/clientApi.ts', () => {
  const entry = path.join(SERVER, 'clientApi.ts');
  const problems: string[] = [];
  for (const file of filesUnder(CLIENT)) {
    for (const spec of importsOf(fs.readFileSync(file, 'utf8'))) {
      const target = resolveRelative(file, spec);
      if (target?.startsWith(SERVER + path.sep) && target !== entry)
        problems.push(`${path.relative(ROOT, file)} imports ${path.relative(ROOT, target)}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('rules keep no timed state: no clocks in rule files', () => {
  const clocks = filesUnder(path.join(SERVER, 'rules')).filter((f) =>
    /\b(Date\.now|performance\.now|setTimeout|setInterval)\s*\(/.test(fs.readFileSync(f, 'utf8')),
  );
  assert.deepEqual(
    clocks.map((f) => path.relative(ROOT, f)),
    [],
  );
});

test('the checker itself: it sees every import form and rejects a wrong direction', () => {
  assert.deepEqual(
    importsOf(
      "import a from './a';\nimport type { B } from '../b';\nexport * from './c';\nexport { d } from './d';\nconst e = require('./e');\nawait import('./f');\nimport './g';\n",
    ),
    ['./a', '../b', './c', './d', './g', './f', './e'],
  );
  const at = (rel: string) => path.join(SERVER, ...rel.split('/'));
  assert.match(
    serverViolation(at('core/analyze.ts'), at('rules/all.ts')) ?? '',
    /core\/analyze\.ts \(core\) imports rules\/all\.ts/,
  );
  assert.match(serverViolation(at('rules/a-rule.ts'), at('rules/other-rule.ts')) ?? '', /imports another rule/);
  assert.match(
    serverViolation(at('rules/a-rule.ts'), at('actions/split/nextjs.ts')) ?? '',
    /rules may import core, sizes:pure/,
  );
  assert.match(serverViolation(at('rules/a-rule.ts'), at('sizes/registry.ts')) ?? '', /\(sizes\)/);
  assert.equal(serverViolation(at('rules/a-rule.ts'), at('sizes/catalogue.ts')), undefined);
  assert.equal(serverViolation(at('lsp/x.ts'), at('lint/lintFile.ts')), undefined);
});
