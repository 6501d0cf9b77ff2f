// server/src/codeCache.ts: dist/server.js starts the language server from V8's code cache. A fresh
// Node process per step (a cache is only read at start), a real bundle in a temp folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { CODE_CACHE_HEADER, codeCacheFile, codeCacheFolder } from '../../server/src/codeCache';
import { defaultCacheDir } from '../../server/src/sizes/cache';

const CODE_CACHE = path.resolve(__dirname, '..', '..', 'server', 'src', 'codeCache.ts');

/** Runs `bundle` through runWithCodeCache in a new process: how it was compiled and what the bundle saw. */
/** `folder` undefined: the folder the environment names (codeCacheFolder()). */
function start(
  bundle: string,
  folder: string | undefined,
  env: NodeJS.ProcessEnv = {},
): { how: string; seen: Record<string, unknown> } {
  const script = `const { runWithCodeCache } = require(${JSON.stringify(CODE_CACHE)});
const how = runWithCodeCache(${JSON.stringify(bundle)}${folder === undefined ? '' : `, ${JSON.stringify(folder)}`});
process.stdout.write(JSON.stringify({ how, seen: globalThis.seen }));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return JSON.parse(out);
}

const BUNDLE = (answer: number) => `const helper = require('./helper.js');
function work(n) { let s = 0; for (let i = 0; i < n; i++) s += helper(i); return s; }
globalThis.seen = { answer: ${answer}, work: work(10), filename: __filename, dirname: __dirname,
  cached: require.cache[__filename] === module, exportsAreThis: this === module.exports };
`;

test('the second start runs from the cache the first one wrote; a changed bundle of the same length is compiled again', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-code-cache-'));
  try {
    const bundle = path.join(dir, 'languageServer.js');
    fs.writeFileSync(path.join(dir, 'helper.js'), 'module.exports = (i) => i * 2;\n');
    fs.writeFileSync(bundle, BUNDLE(41));
    const folder = path.join(dir, 'cache');
    const first = start(bundle, folder);
    assert.equal(first.how, 'source');
    assert.deepEqual(first.seen, {
      answer: 41,
      work: 90,
      filename: bundle,
      dirname: dir,
      cached: true,
      exportsAreThis: true,
    });
    const cacheFile = codeCacheFile(folder, bundle);
    assert.ok(fs.statSync(cacheFile).size > CODE_CACHE_HEADER, 'the first start wrote the cache at exit');
    if (process.platform !== 'win32') assert.equal(fs.statSync(folder).mode & 0o777, 0o700);

    const second = start(bundle, folder);
    assert.equal(second.how, 'cache');
    assert.deepEqual(second.seen, first.seen);

    // Same length, other code: V8 alone would take the old bytecode; the bundle's identity refuses it.
    fs.writeFileSync(bundle, BUNDLE(42));
    const changed = start(bundle, folder);
    assert.equal(changed.how, 'source');
    assert.equal(changed.seen.answer, 42);
    assert.equal(start(bundle, folder).how, 'cache', 'the changed bundle wrote its own cache');

    // Rewritten in place with its old modification time put back (as `rsync -t --inplace` or `cp -p`
    // would): the change time still tells.
    const { atime, mtime } = fs.statSync(bundle);
    fs.writeFileSync(bundle, BUNDLE(43));
    fs.utimesSync(bundle, atime, mtime);
    const touched = start(bundle, folder);
    assert.equal(touched.how, 'source');
    assert.equal(touched.seen.answer, 43);
    assert.equal(start(bundle, folder).how, 'cache');

    // Bytes V8 rejects (right identity, damaged data): compiled from source, and the cache written anew.
    const saved = fs.readFileSync(cacheFile);
    fs.writeFileSync(
      cacheFile,
      Buffer.concat([saved.subarray(0, CODE_CACHE_HEADER), Buffer.alloc(saved.length - CODE_CACHE_HEADER, 7)]),
    );
    const damaged = start(bundle, folder);
    assert.equal(damaged.how, 'source');
    assert.equal(damaged.seen.answer, 43);
    assert.equal(start(bundle, folder).how, 'cache');

    // The folder from the environment; LAYERWISE_CODE_CACHE=off: a plain require, nothing written.
    const named = path.join(dir, 'named');
    assert.equal(start(bundle, undefined, { LAYERWISE_CODE_CACHE: named }).how, 'source');
    assert.equal(start(bundle, undefined, { LAYERWISE_CODE_CACHE: named }).how, 'cache');
    const plain = start(bundle, undefined, { LAYERWISE_CODE_CACHE: 'off' });
    assert.equal(plain.how, 'require');
    assert.equal(plain.seen.answer, 43);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the cache folder: the setting, off, else code/ in the user cache folder sizes/cache.ts names', () => {
  assert.equal(codeCacheFolder({ LAYERWISE_CODE_CACHE: '/x/c' }, 'linux', '/home/u'), '/x/c');
  assert.equal(codeCacheFolder({ LAYERWISE_CODE_CACHE: 'off' }, 'linux', '/home/u'), undefined);
  for (const [env, platform, home] of [
    [{}, 'linux', '/home/u'],
    [{ XDG_CACHE_HOME: '/xdg' }, 'linux', '/home/u'],
    [{}, 'darwin', '/Users/u'],
    [{ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u'],
  ] as const)
    assert.equal(codeCacheFolder(env, platform, home), path.join(defaultCacheDir(env, platform, home), 'code'));
  assert.equal(codeCacheFolder({}, 'linux', '/home/u'), path.join('/home/u', '.cache', 'layerwise', 'code'));
});
