// The split's real proof: for every buildable app, build the original and each split result
// with the private daemon, run them with --network none, check they serve, record sizes and
// build times (artifacts/split-results.json) and print the before/after table.
// A split that fails to build or serve fails the test; expected refusals are asserted.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { splitDockerfile, type RunnerKind, type SplitResult } from '../../server/src/actions/split/index';
import { parseDockerfile } from '../../server/src/core/parse';
import { fileSystemView, readWorkspaceFacts } from '../../server/src/core/workspace';
import { SPLIT_APPS, type SplitResultRow } from './support/splitApps';
import {
  buildAndProbeRewrite,
  buildImage,
  buildProofHooks,
  changeFromOriginal,
  inScratchCopy,
  noteOf,
  prepareOriginal,
  probeServes,
  testTag,
} from './support/splitHarness';

/** Runners with a stand-in base image here; alpine results are checked as text only. */
const BUILT_RUNNERS: RunnerKind[] = ['distroless', 'slim'];

type Row = SplitResultRow;

const rows: Row[] = [];
const createdImages: string[] = [];
const runId = `${process.pid}-${Date.now().toString(36)}`;

describe('split build proof (real daemon)', { timeout: 40 * 60_000 }, () => {
  buildProofHooks({
    created: createdImages,
    resultsFile: process.env.LW_SPLIT_APPS ? 'split-results.partial.json' : 'split-results.json',
    results: () => ({ rows }),
    report: () => table(rows),
  });

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
      await inScratchCopy(app.dir, async (work, splits) => {
        const { text, note } = prepareOriginal(work, app.adapt);
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
        const original = await buildImage(work, path.join(work, 'Dockerfile'), tag('original'), createdImages);
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
          const what = `the ${runner} split of ${app.name}`;
          const built = await buildAndProbeRewrite(app, work, splits, result, what, tag(runner), createdImages);
          rows.push({
            app: app.name,
            variant: `split ${runner}`,
            base: result.runnerImage,
            sizeBytes: built.size,
            buildSeconds: built.seconds,
            serves: true,
            probe: built.probe,
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
      });
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
    lines.push(
      [
        r.app,
        r.variant,
        r.base ?? '',
        mb(r.sizeBytes),
        changeFromOriginal(all, r),
        r.buildSeconds?.toFixed(0) ?? '',
        r.serves ? 'yes' : '',
        noteOf(r),
      ].join(' | '),
    );
  }
  return lines.join('\n');
}
