// Packs the npm package of the CLI (scripts/pack-cli.mjs) into `destination`; returns the tarball's path.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

export function packCli(destination: string): string {
  const out = execFileSync(process.execPath, [path.join(ROOT, 'scripts/pack-cli.mjs'), '--destination', destination], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return out.trim().split('\n').pop() as string;
}
