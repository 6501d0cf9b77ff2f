// 7. Split effectiveness (`npm run bench -- --docker`): the before/after table of the buildable
// apps, from artifacts/split-results.json written by test/docker/split-build.test.ts (which
// builds every app and its splits on the private daemon and checks they serve). Runs that test
// when the file is missing.
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { mib } from './stats';
import { table } from './report';
import type { SplitResultRow } from '../test/docker/support/splitApps';

const ROOT = path.resolve(__dirname, '..');
const RESULTS = path.join(ROOT, 'artifacts', 'split-results.json');
const TEST = path.join(ROOT, 'test', 'docker', 'split-build.test.ts');

type Row = SplitResultRow;

export function benchSplit(): string {
  let ran = '';
  if (!existsSync(RESULTS)) {
    if (!existsSync(TEST))
      return 'No `artifacts/split-results.json` and no `test/docker/split-build.test.ts` to produce it.';
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', TEST], {
      cwd: ROOT,
      stdio: 'inherit',
      timeout: 60 * 60_000,
    });
    ran = ` (produced now by \`test/docker/split-build.test.ts\`, exit ${run.status})`;
    if (!existsSync(RESULTS))
      return `\`test/docker/split-build.test.ts\` ran (exit ${run.status}) but wrote no results.`;
  }
  const data = JSON.parse(readFileSync(RESULTS, 'utf8')) as { date?: string; rows: Row[] };
  const originals = new Map(data.rows.filter((r) => r.variant === 'original').map((r) => [r.app, r]));
  const rows = data.rows.map((r) => {
    const original = originals.get(r.app);
    const saved =
      r.variant !== 'original' && original?.sizeBytes && r.sizeBytes
        ? `${(100 * (1 - r.sizeBytes / original.sizeBytes)).toFixed(0)}%`
        : '';
    const status = r.refused
      ? `refused: ${r.refused}`
      : r.serves === undefined
        ? (r.note ?? 'not built')
        : r.serves
          ? 'serves'
          : 'does not serve';
    return [
      r.app,
      r.variant,
      r.base ?? '',
      r.sizeBytes ? mib(r.sizeBytes) : '—',
      saved,
      r.buildSeconds !== undefined ? `${r.buildSeconds.toFixed(0)} s` : '—',
      status,
    ];
  });
  return [
    table(['app', 'variant', 'runner base', 'image size', 'saved vs original', 'build time', 'result'], rows),
    '',
    `From \`artifacts/split-results.json\`${ran}, measured ${data.date ?? '(undated)'} on the private daemon with stand-in base images (Docker Hub is unreachable here; see test/setup/README.md).`,
  ].join('\n');
}
