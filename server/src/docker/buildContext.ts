// The files `docker build` would send for a context folder: everything not excluded by
// `.dockerignore` (docker's pattern rules, via @balena/dockerignore), plus the Dockerfile and
// `.dockerignore` themselves, which the daemon always needs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore from '@balena/dockerignore';
import { packFiles } from './tarPack';
import type { Readable } from 'node:stream';

export function listContextFiles(contextDir: string, dockerfileRel: string): string[] {
  const text = readOptional(path.join(contextDir, '.dockerignore'));
  const patterns = text
    ? text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'))
    : [];
  const matcher = ignore().add(patterns);
  // With an exception (`!keep`), an excluded folder may still hold files to send: walk it.
  const hasExceptions = patterns.some((p) => p.startsWith('!'));
  const always = new Set([dockerfileRel.split(path.sep).join('/'), '.dockerignore']);
  const out: string[] = [];
  const walk = (rel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(contextDir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      const excluded = matcher.ignores(child);
      if (entry.isDirectory()) {
        if (!excluded) out.push(child);
        if (!excluded || hasExceptions) walk(child);
      } else if (!excluded || always.has(child)) {
        out.push(child);
      }
    }
  };
  walk('');
  return out;
}

/** The context as a tar stream, ready for POST /build. */
export function packBuildContext(contextDir: string, dockerfileRel: string): Readable {
  return packFiles(contextDir, listContextFiles(contextDir, dockerfileRel));
}

function readOptional(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
