// A cheap scan for the trap that makes `--omit=dev` wrong: run-time code that requires a
// package listed only in devDependencies. Follows relative requires a few levels deep.
import * as path from 'path';
import type { PackageJsonFacts, WorkspaceView } from '../../core/workspace';

const SPECIFIER = /(?:require\s*\(\s*|import\s*\(\s*|\bfrom\s+|^\s*import\s+)['"]([^'"]+)['"]/gm;
const TYPE_ONLY = /^\s*import\s+type\s/;
const EXTENSIONS = ['', '.js', '.cjs', '.mjs', '.ts', '.tsx', '.jsx', '/index.js', '/index.ts'];
const MAX_FILES = 200;

/** Package name of a bare specifier (`@scope/pkg/sub` → `@scope/pkg`), or undefined for relative/builtin. */
function packageName(spec: string): string | undefined {
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:')) return undefined;
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** devDependencies (not also dependencies) that the given entry files reach at run time. */
export function devDependenciesUsedAtRuntime(view: WorkspaceView, pkg: PackageJsonFacts, entries: string[]): string[] {
  const devOnly = new Set(Object.keys(pkg.devDependencies).filter((d) => !(d in pkg.dependencies) && !d.startsWith('@types/')));
  if (devOnly.size === 0) return [];
  const found = new Set<string>();
  const seen = new Set<string>();
  const queue: string[] = [];
  for (const e of entries) {
    // A bare package name (`-r dotenv/config`) is itself a run-time dependency.
    const name = packageName(e);
    if (name && devOnly.has(name)) found.add(name);
    else queue.push(path.posix.normalize(e));
  }
  while (queue.length && seen.size < MAX_FILES) {
    const file = resolveFile(view, queue.shift()!);
    if (!file || seen.has(file)) continue;
    seen.add(file);
    const text = view.readText(file, 512 * 1024);
    if (!text) continue;
    for (const line of text.split('\n')) {
      if (TYPE_ONLY.test(line)) continue;
      for (const m of line.matchAll(SPECIFIER)) {
        const spec = m[1];
        const name = packageName(spec);
        if (name && devOnly.has(name)) found.add(name);
        else if (spec.startsWith('.')) queue.push(path.posix.join(path.posix.dirname(file), spec));
      }
    }
  }
  return [...found].sort();
}

function resolveFile(view: WorkspaceView, rel: string): string | undefined {
  const clean = rel.replace(/^\.\//, '');
  for (const ext of EXTENSIONS) {
    const candidate = clean + ext;
    if (view.size(candidate) !== undefined) return candidate;
  }
  // Compiled output (dist/index.js) is not in the context: read the TypeScript source instead.
  const ts = clean.replace(/\.js$/, '.ts');
  if (ts !== clean && view.size(ts) !== undefined) return ts;
  return undefined;
}

/** Every .ts/.js file under a source folder (bounded), for builds whose entry is compiled output. */
export function sourceFiles(view: WorkspaceView, dir: string, limit = MAX_FILES): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of view.list(rel)) {
      if (out.length >= limit) return;
      const child = rel === '.' ? name : path.posix.join(rel, name);
      if (name.endsWith('/')) {
        if (name !== 'node_modules/' && !name.startsWith('.')) walk(child.replace(/\/$/, ''));
      } else if (/\.(c|m)?(j|t)sx?$/.test(name) && !/\.d\.ts$/.test(name) && !/\.(test|spec)\./.test(name)) out.push(child);
    }
  };
  walk(dir);
  return out;
}
