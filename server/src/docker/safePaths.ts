// File-system steps of building that must not escape or stall: resolving an untrusted
// workspace-relative path (an image label), copying a build context for Compare (asynchronous,
// symlinks kept as links and never followed, holes of sparse files kept, FIFOs/sockets/devices
// skipped as a copy cannot carry them), and writing into such a copy without ever writing
// through a symlink.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** True when `child` is `root` or below it (both absolute). */
export function isInside(root: string, child: string): boolean {
  const rel = path.relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The regular file `rel` names inside `root`, after following every symlink, or undefined:
 * absolute paths, `..` that leaves the root, links out of it, NUL bytes and non-files are refused.
 */
export function resolveInside(root: string, rel: string): string | undefined {
  if (typeof rel !== 'string' || !rel || rel.includes('\0') || path.isAbsolute(rel) || /^[a-zA-Z]:/.test(rel))
    return undefined;
  const candidate = path.resolve(root, rel);
  if (!isInside(path.resolve(root), candidate)) return undefined;
  try {
    const realRoot = fs.realpathSync(root);
    const real = fs.realpathSync(candidate);
    if (!isInside(realRoot, real) || !fs.statSync(real).isFile()) return undefined;
    return real;
  } catch {
    return undefined;
  }
}

export interface CopyReport {
  /** Relative paths not copied, with why (`FIFO`, `socket`, `device`). */
  skipped: { path: string; why: string }[];
}

const CHUNK = 1 << 20;

/** Copies a regular file without blocking, writing only its non-zero chunks: holes stay holes. */
export async function copyFileSparse(from: string, to: string, signal?: AbortSignal): Promise<void> {
  const input = await fs.promises.open(from, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  try {
    const output = await fs.promises.open(
      to,
      fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW,
      (await input.stat()).mode & 0o777,
    );
    try {
      const buffer = Buffer.alloc(CHUNK);
      const zero = Buffer.alloc(CHUNK);
      let position = 0;
      for (;;) {
        signal?.throwIfAborted();
        const { bytesRead } = await input.read(buffer, 0, CHUNK, position);
        if (bytesRead === 0) break;
        const chunk = buffer.subarray(0, bytesRead);
        if (!chunk.equals(zero.subarray(0, bytesRead))) await output.write(chunk, 0, bytesRead, position);
        position += bytesRead;
      }
      await output.truncate(position);
    } finally {
      await output.close();
    }
  } finally {
    await input.close();
  }
}

/**
 * Copies `files` (relative to `from`, `/`-separated, as listContextFiles gives them) into the empty
 * folder `to`. Directories are created, symlinks recreated as the same links (never followed),
 * regular files copied sparsely, special files skipped and reported.
 */
export async function copyContextFiles(
  from: string,
  to: string,
  files: string[],
  signal?: AbortSignal,
): Promise<CopyReport> {
  const report: CopyReport = { skipped: [] };
  for (const rel of files) {
    signal?.throwIfAborted();
    const source = path.join(from, rel);
    const target = path.join(to, rel);
    if (!isInside(to, target)) continue;
    const st = await fs.promises.lstat(source).catch(() => undefined);
    if (!st) continue;
    if (st.isDirectory()) {
      await fs.promises.mkdir(target, { recursive: true });
      continue;
    }
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    if (st.isSymbolicLink()) await fs.promises.symlink(await fs.promises.readlink(source), target);
    else if (st.isFile()) await copyFileSparse(source, target, signal);
    else report.skipped.push({ path: rel, why: st.isFIFO() ? 'FIFO' : st.isSocket() ? 'socket' : 'device' });
  }
  return report;
}

/**
 * Writes `text` to `file` inside `root` (a copy Layerwise owns) as a new regular file: whatever
 * was there, a symlink included, is replaced rather than written through; parents must be real
 * folders inside the root. Returns false (writing nothing) when the path would leave the root.
 */
export async function writeInside(root: string, file: string, text: string): Promise<boolean> {
  const target = path.resolve(file);
  if (!isInside(path.resolve(root), target) || target === path.resolve(root)) return false;
  const realRoot = await fs.promises.realpath(root);
  const parent = await fs.promises.realpath(path.dirname(target)).catch(() => undefined);
  if (!parent || !isInside(realRoot, parent)) return false;
  const at = path.join(parent, path.basename(target));
  await fs.promises.rm(at, { force: true });
  const handle = await fs.promises.open(
    at,
    fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW,
    0o644,
  );
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
  return true;
}

/**
 * The current text of `file` inside `root` when it is a regular file there or a link to one
 * inside the root; undefined for links out of the root, dangling links and missing files.
 */
export async function readInside(root: string, file: string): Promise<string | undefined> {
  const real = resolveInside(root, path.relative(root, file));
  return real === undefined ? undefined : fs.promises.readFile(real, 'utf8');
}
