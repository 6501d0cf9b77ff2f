// The server's start loads only what its first answers need (issue 16 §3, cold start): Node's crypto
// (scripts/build.mjs: server/src/lazyCrypto.ts), https and tls (lazyHttps.ts), child_process
// (lazy-child-process.cjs) and the Docker client (dist/dockerode.js) come on first use. Checked on the real server over stdio, through to its
// first diagnostics and a hover in a workspace, with what Node had loaded when the process ended.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startServer, fileUri } from '../support/lspClient';
import { tempWorkspace } from '../support/ruleTest';

/** Preloaded into the server: at exit, writes Node's list of loaded built-ins and the required files. */
const RECORDER = `process.on('exit', () => require('node:fs').writeFileSync(process.env.LAYERWISE_TEST_LOADED,
  JSON.stringify({ builtins: process.moduleLoadList, files: Object.keys(require.cache) })));`;

test('first diagnostics and a hover load neither crypto, https, child_process nor the Docker client', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-start-loads-'));
  try {
    const recorder = path.join(dir, 'recorder.js');
    const loaded = path.join(dir, 'loaded.json');
    fs.writeFileSync(recorder, RECORDER);
    const root = tempWorkspace({ 'package.json': '{"dependencies":{"express":"4.19.2"}}', 'server.js': '' });
    const client = await startServer({
      rootDir: root,
      nodeArgs: ['--require', recorder],
      settings: { diagnostics: { debounceMs: 0 }, sizes: { registryLookups: false } },
      env: { ...process.env, LAYERWISE_TEST_LOADED: loaded },
    });
    const uri = fileUri(path.join(root, 'Dockerfile'));
    const published = client.nextDiagnostics(uri, 1, 30_000);
    client.open(uri, 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD ["node", "server.js"]\n');
    const { diagnostics } = await published;
    assert.ok(diagnostics.length > 0, 'the analysis ran and reported');
    const hover = await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: 0, character: 6 },
    });
    assert.ok(hover, 'a hover on the base image');
    await client.stop();
    const { builtins, files } = JSON.parse(fs.readFileSync(loaded, 'utf8')) as { builtins: string[]; files: string[] };
    assert.ok(builtins.includes('NativeModule fs'), 'the recorder saw the built-ins');
    assert.ok(
      files.some((f) => f.endsWith('languageServer.js')),
      'the recorder saw the bundle',
    );
    for (const builtin of [
      'NativeModule crypto',
      'NativeModule https',
      'NativeModule tls',
      'NativeModule child_process',
    ])
      assert.ok(!builtins.includes(builtin), `${builtin} was loaded`);
    assert.deepEqual(
      files.filter((f) => f.endsWith('dockerode.js')),
      [],
      'the Docker client was loaded',
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
