// What a build sends: the bytes of the context folder that `.dockerignore` does not exclude
// (Docker's own matching, via @balena/dockerignore), in total and for the sources of a COPY/ADD.
import ignore from '@balena/dockerignore';
import type { WorkspaceFacts, WorkspaceView } from './workspace';

export interface ContextEntry {
  /** Top-level path, directories end with `/`. */
  path: string;
  bytes: number;
  files: number;
}

export interface ContextMeasure {
  bytes: number;
  files: number;
  /** The walk stopped at `maxFiles`: the figures are a lower bound. */
  truncated: boolean;
  /** Largest top-level entries that are sent, biggest first. */
  largest: ContextEntry[];
}

export interface MeasureOptions {
  /** Stop after this many files (a huge context must not freeze a hover). */
  maxFiles?: number;
  /** How many top-level entries to report. */
  top?: number;
  /** Stop once this many bytes are sent (a rule only needs to know the limit is passed). */
  stopAtBytes?: number;
  /** Stop after this many milliseconds. */
  maxMillis?: number;
  /** Do not descend into these folders (context-relative), e.g. dependency trees a rule does not care about. */
  skipDir?: (rel: string) => boolean;
}

interface SentFile {
  path: string;
  bytes: number;
}

/** Turns a COPY source (`src/`, `package*.json`, `.`) into a matcher of context-relative paths. */
export function sourceMatcher(source: string): (file: string) => boolean {
  const clean = source.replace(/^\.\/+/, '').replace(/\/+$/, '');
  if (clean === '' || clean === '.') return () => true;
  const pattern = clean
    .split('/')
    .map((part) =>
      part
        .replace(/[.+^${}()|\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]'),
    )
    .join('/');
  let re: RegExp;
  try {
    re = new RegExp(`^${pattern}(?:/.*)?$`);
  } catch {
    // An unbalanced `[` (half-typed `COPY ["a",`) is no glob class: match the text literally.
    re = new RegExp(`^${clean.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:/.*)?$`);
  }
  return (file) => re.test(file);
}

/** Walks the context once, yielding every file the build would send. */
export function sentFiles(
  view: WorkspaceView,
  dockerignore: string | undefined,
  maxFiles: number,
  limits: MeasureOptions = {},
): { files: SentFile[]; truncated: boolean } {
  const deadline = limits.maxMillis !== undefined ? Date.now() + limits.maxMillis : Number.POSITIVE_INFINITY;
  let sent = 0;
  const ig = ignore().add(dockerignore ?? '');
  // With `!exception` lines an excluded folder may still send files, so it must be walked.
  const hasExceptions = /^\s*!/m.test(dockerignore ?? '');
  const files: SentFile[] = [];
  const stack = [''];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    for (const name of view.list(dir)) {
      const isDir = name.endsWith('/');
      const rel = dir + (isDir ? name.slice(0, -1) : name);
      const ignored = ig.ignores(rel);
      if (isDir) {
        if ((!ignored || hasExceptions) && !limits.skipDir?.(rel)) stack.push(`${rel}/`);
        continue;
      }
      if (ignored) continue;
      const bytes = view.size(rel) ?? 0;
      files.push({ path: rel, bytes });
      sent += bytes;
      if (files.length >= maxFiles || sent > (limits.stopAtBytes ?? Number.POSITIVE_INFINITY) || Date.now() > deadline)
        return { files, truncated: true };
    }
  }
  return { files, truncated: false };
}

function summarise(files: SentFile[], truncated: boolean, top: number): ContextMeasure {
  const byTop = new Map<string, ContextEntry>();
  let bytes = 0;
  for (const f of files) {
    bytes += f.bytes;
    const slash = f.path.indexOf('/');
    const key = slash < 0 ? f.path : f.path.slice(0, slash + 1);
    const entry = byTop.get(key) ?? { path: key, bytes: 0, files: 0 };
    entry.bytes += f.bytes;
    entry.files += 1;
    byTop.set(key, entry);
  }
  const largest = [...byTop.values()].sort((a, b) => b.bytes - a.bytes).slice(0, top);
  return { bytes, files: files.length, truncated, largest };
}

/** Bytes the whole context sends, honouring `.dockerignore`. */
export function measureContext(
  view: WorkspaceView,
  dockerignore: string | undefined,
  options: MeasureOptions = {},
): ContextMeasure {
  const { files, truncated } = sentFiles(view, dockerignore, options.maxFiles ?? 200_000, options);
  return summarise(files, truncated, options.top ?? 5);
}

/** Bytes a COPY/ADD copies from the context for the given sources (`.`, `src/`, `package*.json`). */
export function measureCopySources(
  view: WorkspaceView,
  dockerignore: string | undefined,
  sources: string[],
  options: MeasureOptions = {},
): ContextMeasure {
  const { files, truncated } = sentFiles(view, dockerignore, options.maxFiles ?? 200_000);
  const matchers = sources.map(sourceMatcher);
  return summarise(
    files.filter((f) => matchers.some((m) => m(f.path))),
    truncated,
    options.top ?? 5,
  );
}

/** Folders a build sends but that hold no secrets of the project's own (dependency trees, VCS data). */
const NOT_SHIPPED_DIRS = /(^|\/)(node_modules|\.git|vendor|__pycache__|\.venv|venv)$/;

/** The walk of `key` for these facts: run on first use, then kept in `facts.contextWalks`. */
function walkOnce<T>(facts: WorkspaceFacts, key: string, walk: () => T): T {
  const hit = facts.contextWalks.get(key);
  if (hit) return hit.value as T;
  const value = walk();
  facts.contextWalks.set(key, { at: Date.now(), value });
  return value;
}

/**
 * What the whole context sends, for a size limit: bounded (≈ 30 µs a file, so ~30k files a second),
 * stopping once `limitBytes` is passed (then `truncated`, the figure a lower bound).
 */
export function contextSizeOf(facts: WorkspaceFacts, limitBytes: number): ContextMeasure {
  return walkOnce(facts, `size ${limitBytes}`, () =>
    measureContext(facts.view, facts.dockerignore, {
      maxFiles: 100_000,
      maxMillis: 1_000,
      stopAtBytes: limitBytes,
      top: 3,
    }),
  );
}

/** The context-relative paths a build sends, outside dependency trees and VCS data (bounded: 20,000 files, 200 ms). */
export function projectFilesSent(facts: WorkspaceFacts): string[] {
  return walkOnce(facts, 'project files', () => {
    const skipDir = (rel: string) => NOT_SHIPPED_DIRS.test(rel);
    return sentFiles(facts.view, facts.dockerignore, 20_000, { skipDir, maxMillis: 200 }).files.map((f) => f.path);
  });
}

/** How long a host may reuse each walk while the `.dockerignore` and the top-level entries stay the same. */
export const CONTEXT_WALK_REUSE_MS: Record<'size' | 'project files', number> = { size: 30_000, 'project files': 5_000 };

/**
 * Hands `next` the walks of `previous` (same context folder, same `.dockerignore` and top-level entries)
 * that are younger than CONTEXT_WALK_REUSE_MS: the language server calls this per keystroke so a big
 * context is not walked on every one.
 */
export function reuseContextWalks(previous: WorkspaceFacts, next: WorkspaceFacts, now = Date.now()): void {
  if (previous.contextDir !== next.contextDir || previous.dockerignore !== next.dockerignore) return;
  if (previous.topLevel.join('\n') !== next.topLevel.join('\n')) return;
  for (const [key, walk] of previous.contextWalks) {
    const maxAge = key.startsWith('size ') ? CONTEXT_WALK_REUSE_MS.size : CONTEXT_WALK_REUSE_MS['project files'];
    if (now - walk.at < maxAge && !next.contextWalks.has(key)) next.contextWalks.set(key, walk);
  }
}
