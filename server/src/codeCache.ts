// Starting the language server from V8's code cache (issue 16 §3). Node 20 has no compile cache of
// its own (module.enableCompileCache came in 22.1), so every start parsed the whole 0.8 MB bundle
// again and compiled each function its first diagnostics ran (~90 ms of a ~450 ms cold start's CPU).
// Here the bundle is compiled through vm.Script with the bytes V8 serialised after an earlier start:
// the functions that start used come back compiled. V8 checks the bytes against its version, its
// flags and the source's length and rejects any other (then this start compiles as before and writes
// them again); the file names the V8 version and starts with the bundle's size, inode, and modification
// and change times besides (a new build or install of the bundle writes a new file, and no tool sets a
// file's change time). Not a hash of the source: Node's crypto and a SHA-256 of 0.8 MB were ~4 ms of
// every start, and a build always leaves a new time.
// Only node: built-ins (and the cache folder's name): this runs before anything else of the server is loaded.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import Module from 'node:module';
import { defaultCacheDir } from './sizes/cache';

/**
 * Where the code cache lives: `LAYERWISE_CODE_CACHE` (a folder, or `off`), else `code/` in Layerwise's
 * cache folder of the user (sizes/cache.ts; never a shared temp folder: another user could plant bytecode there).
 */
export function codeCacheFolder(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string | undefined {
  const setting = env.LAYERWISE_CODE_CACHE;
  if (setting === 'off') return undefined;
  return setting || path.join(defaultCacheDir(env, platform, home), 'code');
}

/**
 * The cache file of `file` under `folder`: one per bundle name, V8 version and CPU, so an editor's
 * Electron and a terminal's Node (other V8s) each keep theirs; a new build of the bundle replaces it.
 */
export function codeCacheFile(folder: string, file: string): string {
  return path.join(folder, `${path.basename(file, '.js')}-v8-${process.versions.v8}-${process.arch}.cache`);
}

/**
 * The file starts with the identity of the bundle it was made from (V8 itself checks only the length of
 * the source): its size, inode, and modification and change times in ns, padded to a fixed length.
 */
const bundleIdentity = (stat: fs.BigIntStats) =>
  `${stat.size}:${stat.ino}:${stat.mtimeNs}:${stat.ctimeNs}`.padEnd(CODE_CACHE_HEADER).slice(0, CODE_CACHE_HEADER);
/** Bytes before V8's data in a cache file. */
export const CODE_CACHE_HEADER = 96;

/** After this long the start-up's functions are compiled (first diagnostics are out): write them then. */
const WRITE_AFTER_MS = 5_000;

/**
 * Runs the CommonJS bundle `file` as `require(file)` would, compiled with the code cache when there is
 * a valid one; when there was none (or V8 rejected it), writes one WRITE_AFTER_MS later or at exit,
 * whichever comes first. Any failure of the cache itself falls back to a plain `require`.
 * Says how the bundle was compiled: from the cache, from source (a cache written later), or by `require`.
 */
export function runWithCodeCache(file: string, folder = codeCacheFolder()): 'cache' | 'source' | 'require' {
  let compiled: { script: vm.Script; cacheFile: string; identity: string; cached: boolean } | undefined;
  if (folder) {
    try {
      // Before the read: a bundle replaced in between gets a cache under the old identity, never used.
      const identity = bundleIdentity(fs.statSync(file, { bigint: true }));
      const source = fs.readFileSync(file, 'utf8');
      const cacheFile = codeCacheFile(folder, file);
      let cachedData: Buffer | undefined;
      try {
        const saved = fs.readFileSync(cacheFile);
        // Another build of the bundle (or no cache yet): compiled from source, written below.
        if (saved.subarray(0, CODE_CACHE_HEADER).toString('latin1') === identity)
          cachedData = saved.subarray(CODE_CACHE_HEADER);
      } catch {
        // No cache yet.
      }
      const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
      compiled = { script, cacheFile, identity, cached: cachedData !== undefined && !script.cachedDataRejected };
    } catch {
      compiled = undefined;
    }
  }
  if (!compiled) {
    require(file);
    return 'require';
  }
  const { script, cacheFile, identity, cached } = compiled;
  if (!cached) {
    let written = false;
    const write = () => {
      if (written) return;
      written = true;
      writeCodeCache(cacheFile, Buffer.concat([Buffer.from(identity, 'latin1'), script.createCachedData()]));
    };
    setTimeout(write, WRITE_AFTER_MS).unref();
    process.once('exit', write);
  }
  const bundle = new Module(file, module);
  bundle.filename = file;
  bundle.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(
    path.dirname(file),
  );
  (Module as unknown as { _cache: Record<string, Module> })._cache[file] = bundle;
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(bundle.exports, bundle.exports, Module.createRequire(file), bundle, file, path.dirname(file));
  bundle.loaded = true;
  return cached ? 'cache' : 'source';
}

/** Writes the cache atomically (two servers may start at once); a failure only costs the next start its cache. */
function writeCodeCache(cacheFile: string, data: Buffer): void {
  try {
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
    const temp = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(temp, data, { mode: 0o600 });
    fs.renameSync(temp, cacheFile);
  } catch {
    // Read-only or full disk: the next start compiles from source again.
  }
}
