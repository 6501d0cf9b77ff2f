// A small JSON file cache for look-ups (extension global storage or the CLI cache dir).
// Best effort: a cache that cannot be read or written behaves as empty.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';

interface CacheRecord<T> {
  key: string;
  storedAt: number;
  value: T;
}

function fileFor(dir: string, key: string): string {
  return path.join(dir, `size-${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`);
}

/** The value stored under `key` if younger than `maxAgeMs`, else undefined. */
export async function readCache<T>(dir: string, key: string, maxAgeMs: number, now: number): Promise<T | undefined> {
  try {
    const record = JSON.parse(await fs.readFile(fileFor(dir, key), 'utf8')) as CacheRecord<T>;
    if (record.key !== key || now - record.storedAt > maxAgeMs || record.storedAt > now) return undefined;
    return record.value;
  } catch {
    return undefined;
  }
}

/** Stores `value` atomically (write then rename) so a concurrent reader never sees half a file. */
export async function writeCache<T>(dir: string, key: string, value: T, now: number): Promise<void> {
  const file = fileFor(dir, key);
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(temp, JSON.stringify({ key, storedAt: now, value } satisfies CacheRecord<T>));
    await fs.rename(temp, file);
  } catch {
    await fs.rm(temp, { force: true }).catch(() => undefined);
  }
}

/** Where the CLI (and a server started without a storage path) keeps its cache. */
export function defaultCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home = homedir(),
): string {
  if (env.LAYERWISE_CACHE_DIR) return env.LAYERWISE_CACHE_DIR;
  if (platform === 'win32')
    return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'layerwise', 'cache');
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'layerwise');
  return path.join(env.XDG_CACHE_HOME ?? path.join(home, '.cache'), 'layerwise');
}
