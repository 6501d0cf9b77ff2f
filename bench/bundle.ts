// Bundles the benchmark's entries with the production build's esbuild settings and loads them.
import { buildSync } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

export type Core = typeof import('./coreEntry');
export type Anchors = typeof import('./anchorsEntry');
export type Adversarial = typeof import('./adversarialEntry');

const outDir = mkdtempSync(path.join(os.tmpdir(), 'layerwise-bench-'));
const loaded = new Map<string, unknown>();

function bundle<T>(entry: string, external: string[] = []): T {
  if (!loaded.has(entry)) {
    const outfile = path.join(outDir, `${entry}.js`);
    buildSync({
      entryPoints: [path.join(__dirname, `${entry}.ts`)],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node18',
      format: 'cjs',
      minify: true,
      logLevel: 'warning',
      external,
    });
    loaded.set(entry, createRequire(__filename)(outfile));
  }
  return loaded.get(entry) as T;
}

export const bundledCore = () => bundle<Core>('coreEntry');
export const bundledAnchors = () => bundle<Anchors>('anchorsEntry');
/** The server's per-version work for the adversarial bench; dockerode stays outside, as in the production build. */
export const bundledAdversarial = () => bundle<Adversarial>('adversarialEntry', ['dockerode']);
