// Mocha entry loaded by the VS Code extension host (extensionTestsPath). test/vscode/build-tests.mjs
// bundles it and every test/integration/**/*.test.ts beside it into out/integration/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** `name` is a test file's base name, or a prefix when it ends with `*` (`untrusted*`). */
function matches(baseName: string, name: string): boolean {
  return name.endsWith('*') ? baseName.startsWith(name.slice(0, -1)) : baseName === name;
}

/** Compiled test files under `dir`, optionally narrowed by LAYERWISE_TEST_FILES=name1,prefix*,... */
function findTestFiles(dir: string): string[] {
  const wanted = process.env.LAYERWISE_TEST_FILES?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTestFiles(full));
    else if (entry.name.endsWith('.test.js')) found.push(full);
  }
  return found
    .filter((file) => !wanted || wanted.some((name) => matches(path.basename(file, '.test.js'), name)))
    .sort();
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    reporter: 'spec',
    timeout: 60_000,
    grep: process.env.LAYERWISE_TEST_GREP || undefined,
  });
  const files = findTestFiles(__dirname);
  if (files.length === 0) {
    return Promise.reject(new Error(`no *.test.js files under ${__dirname} (did build-tests.mjs run?)`));
  }
  // What mocha.loadFiles() does, kept synchronous and CommonJS so `require('vscode')` in tests resolves
  // through the extension host's module loader.
  for (const file of files) {
    mocha.suite.emit('pre-require', globalThis, file, mocha);
    mocha.suite.emit('require', require(file), file, mocha);
    mocha.suite.emit('post-require', globalThis, file, mocha);
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      // The runner passes only on this line: the workbench's exit code alone reads 0 when the host dies.
      console.log(`[layerwise-tests] result: passed=${runner.stats?.passes ?? 0} failed=${failures}`);
      if (failures > 0) reject(new Error(`${failures} test(s) failed`));
      else if (mocha.suite.total() === 0) reject(new Error('no test matched: nothing ran'));
      else resolve();
    });
  });
}
