// The split's real proof: for every buildable app, build the original and each split result
// with the private daemon, run them with --network none, check they serve, record sizes and
// build times (artifacts/split-results.json) and print the before/after table.
// A split that fails to build or serve fails the test; expected refusals are asserted.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureBaseImages, ensureDockerDaemon, removeTestImage } from '../support/docker-env';
import { splitDockerfile, type RunnerKind, type SplitResult } from '../../server/src/actions/split/index';
import { parseDockerfile } from '../../server/src/core/parse';
import { fileSystemView, readWorkspaceFacts } from '../../server/src/core/workspace';
import { writeOtherEdits } from '../../server/src/cli/writeEdits';
import { SPLIT_APPS, type SplitResultRow } from './support/splitApps';
import { buildImage, copyApp, probeServes, testTag, useStandInBase } from './support/splitHarness';

const ROOT = path.join(__dirname, '..', '..');
const RESULTS_FILE = path.join(
  ROOT,
  'artifacts',
  process.env.LW_SPLIT_APPS ? 'split-results.partial.json' : 'split-results.json',
);
/** Runners with a stand-in base image here; alpine results are checked as text only. */
const BUILT_RUNNERS: RunnerKind[] = ['distroless', 'slim'];

type Row = SplitResultRow;

const rows: Row[] = [];
const createdImages: string[] = [];
const runId = `${process.pid}-${Date.now().toString(36)}`;

/** Builds through the shared harness, remembering the tag for cleanup. */
function build(work: string, dockerfile: string, tag: string): Promise<{ seconds: number; size: number }> {
  return buildImage(work, dockerfile, tag, createdImages);
}

describe('split build proof (real daemon)', { timeout: 40 * 60_000 }, () => {
  before(
    async () => {
      await ensureDockerDaemon();
      await ensureBaseImages();
    },
    { timeout: 30 * 60_000 },
  );

  after(
    async () => {
      for (const tag of createdImages) await removeTestImage(tag);
      fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
      fs.writeFileSync(RESULTS_FILE, `${JSON.stringify({ date: new Date().toISOString(), rows }, null, 2)}\n`);
      console.log(table(rows));
    },
    { timeout: 10 * 60_000 },
  );

  it('has apps to prove the split on', () => {
    assert.ok(SPLIT_APPS.length > 0, 'no app to build');
    if (!process.env.LW_SPLIT_APPS)
      assert.ok(
        SPLIT_APPS.some((a) => a.name.startsWith('naive-node')),
        'examples/naive-node is part of the project',
      );
  });

  for (const app of SPLIT_APPS) {
    it(app.name, { timeout: 20 * 60_000 }, async () => {
      const work = copyApp(app.dir);
      const splits = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-split-files-'));
      try {
        if (app.adapt)
          fs.writeFileSync(
            path.join(work, 'Dockerfile'),
            app.adapt.apply(fs.readFileSync(path.join(work, 'Dockerfile'), 'utf8')),
          );
        const note = [useStandInBase(work), app.adapt?.why].filter(Boolean).join('; ') || undefined;
        const text = fs.readFileSync(path.join(work, 'Dockerfile'), 'utf8');
        const facts = readWorkspaceFacts(fileSystemView(work));
        const results = new Map<RunnerKind, SplitResult>();
        for (const runner of ['distroless', 'slim', 'alpine'] as RunnerKind[]) {
          const out = splitDockerfile(text, facts, { runner });
          const expected = app.refusals?.[runner] ?? app.refusals?.all;
          if ('refused' in out) {
            rows.push({ app: app.name, variant: `split ${runner}`, refused: out.refused });
            assert.ok(expected, `${runner}: unexpected refusal: ${out.refused}`);
            assert.match(out.refused, new RegExp(expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
          } else {
            assert.equal(expected, undefined, `${runner}: expected a refusal (${expected}), got a split`);
            results.set(runner, out);
          }
        }
        if (results.size === 0) return;
        const tag = (v: string) => testTag(app.name, v, runId);
        const original = await build(work, path.join(work, 'Dockerfile'), tag('original'));
        const originalProbe = await probeServes(app, tag('original'));
        rows.push({
          app: app.name,
          variant: 'original',
          base: facts && parseDockerfile(text).stages[0].image.resolved!,
          sizeBytes: original.size,
          buildSeconds: original.seconds,
          serves: true,
          probe: originalProbe,
          note,
        });
        for (const runner of BUILT_RUNNERS) {
          const result = results.get(runner);
          if (!result) continue;
          const dockerfile = path.join(splits, `Dockerfile.${runner}`);
          fs.writeFileSync(dockerfile, result.text);
          writeOtherEdits(result.extraEdits);
          const built = await build(work, dockerfile, tag(runner)).catch((e: Error) => {
            throw new Error(
              `the ${runner} split of ${app.name} does not build:\n${result.text}\n${e.message.slice(-3000)}`,
            );
          });
          const probe = await probeServes(app, tag(runner));
          rows.push({
            app: app.name,
            variant: `split ${runner}`,
            base: result.runnerImage,
            sizeBytes: built.size,
            buildSeconds: built.seconds,
            serves: true,
            probe,
            warnings: result.warnings,
          });
          assert.ok(
            built.size < original.size,
            `${runner} split (${built.size}) is not smaller than the original (${original.size})`,
          );
        }
        const alpine = results.get('alpine');
        if (alpine)
          rows.push({
            app: app.name,
            variant: 'split alpine',
            base: alpine.runnerImage,
            warnings: alpine.warnings,
            note: 'text only: no alpine stand-in image here',
          });
      } finally {
        fs.rmSync(work, { recursive: true, force: true });
        fs.rmSync(splits, { recursive: true, force: true });
      }
    });
  }
});

function table(all: Row[]): string {
  const mb = (b?: number) => (b === undefined ? '' : (b / 1e6).toFixed(0));
  const lines = [
    'app | variant | base | MB | vs original | build s | serves | note',
    '--- | --- | --- | --- | --- | --- | --- | ---',
  ];
  for (const r of all) {
    const original = all.find((o) => o.app === r.app && o.variant === 'original');
    const change =
      r.sizeBytes && original?.sizeBytes && r !== original
        ? `${(((r.sizeBytes - original.sizeBytes) / original.sizeBytes) * 100).toFixed(0)}%`
        : '';
    const note = r.refused ? `refused: ${r.refused}` : [r.note, ...(r.warnings ?? [])].filter(Boolean).join(' / ');
    lines.push(
      [
        r.app,
        r.variant,
        r.base ?? '',
        mb(r.sizeBytes),
        change,
        r.buildSeconds?.toFixed(0) ?? '',
        r.serves ? 'yes' : '',
        note,
      ].join(' | '),
    );
  }
  return lines.join('\n');
}
