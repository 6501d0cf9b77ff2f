// `npm run package`: production bundle, then a .vsix with @vscode/vsce (offline).
// Everything runs from dist/, so node_modules is left out (--no-dependencies).
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--production'], { stdio: 'inherit' });
const require = createRequire(import.meta.url);
const vsce = join(dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
const out = join(root, 'layerwise.vsix');
execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--skip-license', '-o', out], {
  cwd: root,
  stdio: 'inherit',
});
console.log(`package: ${out} ${(statSync(out).size / 1024).toFixed(0)} KiB`);
