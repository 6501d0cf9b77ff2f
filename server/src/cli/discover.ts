// Finds Dockerfiles under the paths given on the command line, and reads them safely.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from './io';

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out', '.next', 'vendor', 'target']);

/** Dockerfile, Containerfile, *.Dockerfile, *.dockerfile, Dockerfile.*, Containerfile.* */
export function isDockerfileName(name: string): boolean {
  return /^(Dockerfile|Containerfile)(\..+)?$/i.test(name) || /\.(dockerfile|containerfile)$/i.test(name);
}

export function findDockerfiles(inputs: string[], cwd: string): string[] {
  const found: string[] = [];
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      throw new UsageError(`${input}: no such file or directory`);
    }
    if (st.isFile()) found.push(abs);
    else if (st.isDirectory()) {
      const before = found.length;
      walk(abs, found, 0);
      if (found.length === before)
        throw new UsageError(
          `${input}: no Dockerfiles found (looked for Dockerfile, Containerfile, *.Dockerfile, Dockerfile.*)`,
        );
    } else throw new UsageError(`${input}: not a regular file or directory`);
  }
  return found;
}

function walk(dir: string, out: string[], depth: number): void {
  if (depth > 20) return;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) walk(path.join(dir, e.name), out, depth + 1);
    } else if (e.isFile() && isDockerfileName(e.name)) out.push(path.join(dir, e.name));
  }
}

/** Reads a Dockerfile as text; binary content and unreadable files are input errors. */
export function readDockerfile(file: string, displayName: string): string {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    throw new UsageError(`${displayName}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (buf.subarray(0, 8192).includes(0))
    throw new UsageError(`${displayName}: binary content (NUL bytes), not a Dockerfile`);
  return buf.toString('utf8');
}
