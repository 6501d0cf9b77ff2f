// Starts the plain VS Code server bundled in code-server, on 127.0.0.1 and a port it picks itself,
// with fresh user-data / extensions folders. It runs in its own process group so stop() ends the
// server and the extension hosts it spawned, and nothing else.
import { spawn, spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { node24, serverMain, assertInstalled } from './paths.mjs';

/**
 * @param {object} options
 * @param {boolean} [options.trust] keep Workspace Trust enabled (folders open untrusted); default: disabled
 * @param {string[]} [options.installExtensions] VSIX files installed into the fresh extensions folder first
 * @param {string[]} [options.linkExtensions] extension folders linked into the extensions folder (installed, not
 *   under development: the web workbench keeps only one extensionDevelopmentPath)
 * @param {Record<string,string>} [options.env] extra environment for the server and its extension hosts
 * @param {boolean} [options.keep] keep the run folder (logs, user data) after stop()
 */
export async function startServer(options = {}) {
  assertInstalled();
  const runDir = mkdtempSync(path.join(tmpdir(), 'layerwise-vscode-'));
  const folders = ['--server-data-dir', `${runDir}/server-data`, '--user-data-dir', `${runDir}/user-data`,
    '--extensions-dir', `${runDir}/extensions`];
  mkdirSync(`${runDir}/extensions`);
  for (const dir of options.linkExtensions ?? []) {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    symlinkSync(path.resolve(dir), `${runDir}/extensions/${manifest.publisher}.${manifest.name}-${manifest.version}`);
  }
  const env = {
    ...process.env,
    // code-server's build reads this: an empty gallery keeps VS Code off Open VSX (tests stay on loopback)
    EXTENSIONS_GALLERY: '{}',
    // Layerwise asks the daemon named here and never falls back to /var/run/docker.sock: point it at the
    // project's private test daemon (test/setup/env.sh), which may or may not be running.
    DOCKER_HOST: `unix://${process.env.LW_DOCKER_DIR ?? '/tmp/layerwise-docker'}/docker.sock`,
    DOCKER_API_VERSION: '1.41',
    ...options.env,
    VSCODE_CLI: undefined,
    ELECTRON_RUN_AS_NODE: undefined,
  };

  for (const vsix of options.installExtensions ?? []) {
    const installed = spawnSync(node24, [serverMain, '--accept-server-license-terms', ...folders,
      '--install-extension', vsix, '--force'], { env, encoding: 'utf8', timeout: 120_000 });
    if (installed.status !== 0 || !/successfully installed/i.test(installed.stdout + installed.stderr)) {
      throw new Error(`installing ${vsix} failed:\n${installed.stdout}${installed.stderr}`);
    }
  }

  const args = [serverMain, '--accept-server-license-terms', ...folders, '--host', '127.0.0.1', '--port', '0',
    '--without-connection-token', '--disable-telemetry', '--enable-smoke-test-driver',
    // the web workbench honours extensionDevelopmentPath/extensionTestsPath only with the smoke-test driver
    ...(options.trust ? [] : ['--disable-workspace-trust'])];
  const logFile = `${runDir}/server.log`;
  const log = createWriteStream(logFile);
  const child = spawn(node24, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr.pipe(log);
  /** Extension host exits reported by the server: { code, signal } (a crash ends a test run early). */
  const hostExits = new EventEmitter();
  child.stdout.on('data', (chunk) => {
    for (const match of String(chunk).matchAll(/Extension Host Process exited with code: (\S+), signal: (\S+)\./g)) {
      hostExits.emit('exit', { code: match[1], signal: match[2] });
    }
  });

  let exited = false;
  child.once('exit', () => { exited = true; });
  const port = await new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`VS Code server did not report a port in 60 s (log: ${logFile})`)), 60_000);
    child.stdout.on('data', (chunk) => {
      log.write(chunk);
      seen += chunk;
      const match = /Extension host agent listening on (\d+)/.exec(seen);
      if (match) { clearTimeout(timer); resolve(Number(match[1])); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`VS Code server exited with ${code} (log: ${logFile})`)); });
  });

  const authority = `127.0.0.1:${port}`;
  return {
    port,
    authority,
    baseUrl: `http://${authority}`,
    runDir,
    logFile,
    hostExits,
    /** URI of a local path as the workbench sees it (the server is the remote side). */
    remoteUri: (absolutePath) => `vscode-remote://${authority}${absolutePath}`,
    async stop() {
      if (!exited) {
        try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
        await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 5000))]);
        try { process.kill(-child.pid, 'SIGKILL'); } catch { /* ended on SIGTERM */ }
      }
      log.end();
      if (!options.keep) rmSync(runDir, { recursive: true, force: true });
    },
  };
}
