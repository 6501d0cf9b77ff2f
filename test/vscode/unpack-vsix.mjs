#!/usr/bin/env node
// Unpacks a VSIX with VS Code's own installer into DIR and prints the extension's folder, so a test run
// can load exactly what ships (one consistent dist/, immune to rebuilds of the working tree meanwhile).
//   node test/vscode/unpack-vsix.mjs FILE.vsix DIR
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { node24, serverMain, assertInstalled } from './paths.mjs';

const [vsix, dir] = process.argv.slice(2).map((p) => path.resolve(p));
assertInstalled();
mkdirSync(dir, { recursive: true });
const installed = spawnSync(node24, [serverMain, '--accept-server-license-terms', '--extensions-dir', dir,
  '--server-data-dir', path.join(dir, '.server-data'), '--install-extension', vsix, '--force'], { encoding: 'utf8' });
const folder = readdirSync(dir).find((name) => name.startsWith('layerwise.layerwise-'));
if (installed.status !== 0 || !folder) {
  console.error(`[unpack-vsix] FAILED: ${installed.stdout}${installed.stderr}`);
  process.exit(1);
}
console.log(path.join(dir, folder));
