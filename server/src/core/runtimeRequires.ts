// A cheap scan for the trap that makes `--omit=dev` wrong: run-time code that requires a
// package listed only in devDependencies. Follows relative requires a few levels deep. One home
// for the rule (dev-dependencies-in-final-stage) and the split: both ask the same question.
import * as path from 'node:path';
import type { DockerfileModel, StageModel } from './model';
import type { PackageJsonFacts, WorkspaceView } from './workspace';
import type { FileEdit } from './findings';
import { chainInstructions } from './queries';
import { plainNodeScript } from './startCommand';

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

/**
 * devDependencies (not also dependencies) that the given entry files reach at run time. With
 * `production` (the image runs with NODE_ENV=production), code that only runs when NODE_ENV is not
 * production (`if (!isProduction) { await import('vite') }`, Vite's SSR server) is left out.
 */
export function devDependenciesUsedAtRuntime(
  view: WorkspaceView,
  pkg: PackageJsonFacts,
  entries: string[],
  options: { production?: boolean } = {},
): string[] {
  const devOnly = new Set(
    Object.keys(pkg.devDependencies).filter((d) => !(d in pkg.dependencies) && !d.startsWith('@types/')),
  );
  if (devOnly.size === 0) return [];
  const found = new Set<string>();
  // A bare package name (`-r dotenv/config`) is itself a run-time dependency.
  for (const e of entries) {
    const name = packageName(e);
    if (name && devOnly.has(name)) found.add(name);
  }
  for (const file of runtimeFiles(view, entries)) {
    const text = view.readText(file, 512 * 1024) ?? '';
    for (const spec of specifiers(options.production ? withoutDevelopmentBranches(text) : text)) {
      const name = packageName(spec);
      if (name && devOnly.has(name)) found.add(name);
    }
  }
  return [...found].sort();
}

/**
 * The app's own files that run: the entries and what they require relatively, a few levels deep
 * (bounded). Entries that are package names (`dotenv/config`) resolve to no file and drop out.
 * The split also reads them for what the app does at run time (files it writes).
 */
export function runtimeFiles(view: WorkspaceView, entries: string[]): string[] {
  const seen = new Set<string>();
  const queue = entries.map((e) => path.posix.normalize(e));
  while (queue.length && seen.size < MAX_FILES) {
    const file = resolveFile(view, queue.shift()!);
    if (!file || seen.has(file)) continue;
    seen.add(file);
    for (const spec of specifiers(view.readText(file, 512 * 1024) ?? '')) {
      if (spec.startsWith('.')) queue.push(path.posix.join(path.posix.dirname(file), spec));
    }
  }
  return [...seen];
}

const NODE_ENV = String.raw`process\.env\.NODE_ENV`;
const PRODUCTION = String.raw`(['"\`])production\2`;

/**
 * The text with the blocks that run only when NODE_ENV is not `production` blanked out (kept the
 * same length): `if (!isProduction) {…}` where `isProduction = process.env.NODE_ENV === 'production'`,
 * `if (isDev) {…}` where `isDev = process.env.NODE_ENV !== 'production'` (or `=== 'development'`),
 * the same comparisons written in the condition, and the `else {…}` of an `if (isProduction)`.
 */
export function withoutDevelopmentBranches(text: string): string {
  const prodNames = new Set<string>();
  const devNames = new Set<string>();
  const binding = new RegExp(
    String.raw`\b(?:const|let|var)\s+([\w$]+)\s*=\s*\(?\s*${NODE_ENV}\s*(===?|!==?)\s*(['"\`])(production|development)\3`,
    'g',
  );
  for (const m of text.matchAll(binding)) {
    const equals = m[2].startsWith('=');
    const production = m[4] === 'production';
    (equals === production ? prodNames : devNames).add(m[1]);
  }
  const name = (set: Set<string>) => (set.size ? [...set].map((n) => n.replace(/\$/g, '\\$')).join('|') : '(?!)');
  const devCondition = new RegExp(
    String.raw`^\s*(?:!\s*(?:${name(prodNames)})|(?:${name(devNames)})|${NODE_ENV}\s*!==?\s*${PRODUCTION.replace('\\2', '\\1')}|${NODE_ENV}\s*===?\s*(['"\`])development\2)\s*$`,
  );
  const prodCondition = new RegExp(
    String.raw`^\s*(?:(?:${name(prodNames)})|!\s*(?:${name(devNames)})|${NODE_ENV}\s*===?\s*${PRODUCTION.replace('\\2', '\\1')})\s*$`,
  );
  let out = text;
  const blank = (from: number, to: number) => {
    out = out.slice(0, from) + out.slice(from, to).replace(/[^\n]/g, ' ') + out.slice(to);
  };
  for (const m of text.matchAll(/\bif\s*\(/g)) {
    const close = matching(text, m.index + m[0].length - 1, '(', ')');
    if (close < 0) continue;
    const condition = text.slice(m.index + m[0].length, close);
    const open = /^\s*\{/.exec(text.slice(close + 1));
    if (!open) continue;
    const blockStart = close + 1 + open[0].length - 1;
    const blockEnd = matching(text, blockStart, '{', '}');
    if (blockEnd < 0) continue;
    if (devCondition.test(condition)) blank(blockStart, blockEnd + 1);
    else if (prodCondition.test(condition)) {
      const other = /^\s*else\s*\{/.exec(text.slice(blockEnd + 1));
      if (!other) continue;
      const elseStart = blockEnd + 1 + other[0].length - 1;
      const elseEnd = matching(text, elseStart, '{', '}');
      if (elseEnd > 0) blank(elseStart, elseEnd + 1);
    }
  }
  return out;
}

/** The text with comments blanked (lines kept), strings left as they are. */
function withoutComments(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      for (i++; i < text.length && text[i] !== c && (c === '`' || text[i] !== '\n'); i++) if (text[i] === '\\') i++;
    } else if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
      const end = text[i + 1] === '/' ? text.indexOf('\n', i) : text.indexOf('*/', i + 2) + 2;
      const stop = end <= 1 || end < 0 ? text.length : end;
      out += text.slice(from, i) + text.slice(i, stop).replace(/[^\n]/g, ' ');
      from = stop;
      i = stop - 1;
    }
  }
  return out + text.slice(from);
}

/** The index of the bracket closing the one at `at`, skipping strings and comments; -1 when unbalanced. */
function matching(text: string, at: number, open: string, close: string): number {
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
    } else if (c === '/' && text[i + 1] === '/') i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
    else if (c === '/' && text[i + 1] === '*')
      i = text.indexOf('*/', i + 2) < 0 ? text.length : text.indexOf('*/', i + 2) + 1;
    else if (c === open) depth++;
    else if (c === close && --depth === 0) return i;
  }
  return -1;
}

/** Module specifiers a file loads at run time (type-only imports and JSDoc `import('x')` types left out). */
function specifiers(text: string): string[] {
  const out: string[] = [];
  for (const line of withoutComments(text).split('\n')) {
    if (TYPE_ONLY.test(line)) continue;
    for (const m of line.matchAll(SPECIFIER)) out.push(m[1]);
  }
  return out;
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
      } else if (/\.(c|m)?(j|t)sx?$/.test(name) && !/\.d\.ts$/.test(name) && !/\.(test|spec)\./.test(name))
        out.push(child);
    }
  };
  walk(dir);
  return out;
}

const PRELOAD = new Set(['-r', '--require', '--import', '--loader']);

/** The file node runs first in `node [options] file …` arguments (relative to the app folder), if any. */
export function nodeEntryOf(nodeArgs: readonly string[]): string | undefined {
  return nodeArgs.find((a, i) => !a.startsWith('-') && !PRELOAD.has(nodeArgs[i - 1]));
}

/** Modules node loads before the entry (`-r dotenv/config`, `--import ./tracing.js`). */
export function nodePreloadsOf(nodeArgs: readonly string[]): string[] {
  return nodeArgs.flatMap((a, i) =>
    PRELOAD.has(nodeArgs[i - 1]) ? [a] : /^--(require|import|loader)=/.test(a) ? [a.slice(a.indexOf('=') + 1)] : [],
  );
}

/**
 * The files the image's start command runs, for the scan: `node file` (ENTRYPOINT and CMD joined),
 * or the plain `node …` behind `npm start` / `npm run x`; failing that, package.json's `main` (npm's
 * own default start is `node server.js`).
 */
export function startFiles(
  model: DockerfileModel,
  final: StageModel,
  pkg: PackageJsonFacts,
  view: WorkspaceView,
): string[] {
  const chain = chainInstructions(model, final);
  const argv = (keyword: string): string[] => {
    const ins = chain.filter((i) => i.keyword === keyword).pop();
    if (!ins) return [];
    if (ins.execForm) return ins.args.map((w) => w.value);
    return ins.commands.length === 1 ? ins.commands[0].words.map((w) => w.value) : [];
  };
  const entrypoint = argv('ENTRYPOINT');
  const effective =
    entrypoint[0] === 'node' ? [...entrypoint, ...argv('CMD')] : entrypoint.length ? entrypoint : argv('CMD');
  let nodeArgs: string[] | undefined;
  if (effective[0] === 'node') nodeArgs = effective.slice(1);
  else if (['npm', 'yarn', 'pnpm'].includes(effective[0] ?? '')) {
    const script = effective[1] === 'run' || effective[1] === 'run-script' ? effective[2] : effective[1];
    nodeArgs = script ? plainNodeScript(pkg, script, view)?.slice(1) : undefined;
  }
  const entry = nodeArgs && nodeEntryOf(nodeArgs);
  const files = [...(entry ? [entry] : []), ...(nodeArgs ? nodePreloadsOf(nodeArgs) : [])];
  if (!entry && pkg.main) files.push(pkg.main);
  if (!entry && !pkg.main && view.exists('server.js')) files.push('server.js');
  return files.map((f) => (packageName(f) ? f : path.posix.normalize(f)));
}

/**
 * The edit to package.json that moves `names` from devDependencies to dependencies, keeping the
 * file's own indentation and order (entries are appended to `dependencies`). One edit replacing the
 * whole text, so it applies as one change; undefined when the file is not the simple JSON layout
 * this understands (then no fix is offered rather than a wrong one).
 */
export function moveToDependenciesEdit(file: string, text: string, names: string[]): FileEdit | undefined {
  let parsed: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const dev = parsed.devDependencies ?? {};
  if (names.some((n) => !(n in dev))) return undefined;
  const deps: Record<string, string> = { ...(parsed.dependencies ?? {}) };
  const devLeft: Record<string, string> = {};
  for (const [name, version] of Object.entries(dev)) {
    if (names.includes(name)) deps[name] = version;
    else devLeft[name] = version;
  }
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  // Top-level keys sit one indent deep, so every line after the object's first shifts by one indent.
  const render = (obj: Record<string, string>) =>
    JSON.stringify(obj, null, indent)
      .split('\n')
      .join(eol + indent);
  // Replace the two objects where they stand; a missing `dependencies` goes right before devDependencies.
  const span = (key: string): [number, number] | undefined => {
    const m = new RegExp(`"${key}"\\s*:\\s*\\{`).exec(text);
    if (!m) return undefined;
    let depth = 0;
    for (let i = m.index + m[0].length - 1; i < text.length; i++) {
      if (text[i] === '"') {
        i++;
        while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
        continue;
      }
      if (text[i] === '{') depth++;
      else if (text[i] === '}' && --depth === 0) return [m.index, i + 1];
    }
    return undefined;
  };
  const devSpan = span('devDependencies');
  const depSpan = span('dependencies');
  if (!devSpan || (depSpan && depSpan[0] < devSpan[1] && devSpan[0] < depSpan[1])) return undefined;
  const devText = Object.keys(devLeft).length ? `"devDependencies": ${render(devLeft)}` : '"devDependencies": {}';
  const depText = `"dependencies": ${render(deps)}`;
  let out: string;
  if (depSpan) {
    const parts = [
      [depSpan, depText],
      [devSpan, devText],
    ] as [[number, number], string][];
    parts.sort((a, b) => b[0][0] - a[0][0]);
    out = text;
    for (const [[start, end], replacement] of parts) out = out.slice(0, start) + replacement + out.slice(end);
  } else {
    out = `${text.slice(0, devSpan[0])}${depText},${eol}${indent}${devText}${text.slice(devSpan[1])}`;
  }
  try {
    JSON.parse(out);
  } catch {
    return undefined;
  }
  const lines = text.split(/\r\n|\r|\n/);
  return {
    file,
    range: {
      start: { line: 0, character: 0 },
      end: { line: lines.length - 1, character: lines[lines.length - 1].length },
    },
    newText: out,
  };
}
