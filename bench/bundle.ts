// Bundles bench/coreEntry.ts with the production build's esbuild settings and loads it.
import { buildSync } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

export type Core = typeof import('./coreEntry');

let loaded: Core | undefined;

export function bundledCore(): Core {
  if (loaded) return loaded;
  const outfile = path.join(mkdtempSync(path.join(os.tmpdir(), 'layerwise-bench-')), 'core.js');
  buildSync({ entryPoints: [path.join(__dirname, 'coreEntry.ts')], outfile, bundle: true, platform: 'node', target: 'node18', format: 'cjs', minify: true, logLevel: 'warning' });
  loaded = createRequire(__filename)(outfile) as Core;
  return loaded;
}
