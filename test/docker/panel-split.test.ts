// "Compare with Multi-stage Split" without the editor: a naive Node app (test/fixtures/panel/node-app) and the split the code
// action writes, built through the API on the private daemon (npm registry via --network host),
// then compared. Prints the before/after figures.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Dockerode from 'dockerode';
import { ensureBaseImages, ensureDockerDaemon } from '../support/docker-env';
import { buildImage, layerwiseTag, type BuildResult } from '../../server/src/docker/build';
import { imageDetail, computeImageWaste } from '../../server/src/docker/images';
import { baseImageName, mapHistoryToDockerfile } from '../../server/src/docker/layerMap';
import { prepareSplitContext } from '../../client/src/commands/splitContext';
import { compareSizes, sizeBuckets } from '../../server/src/docker/report';
import { parseDockerfile } from '../../server/src/core/parse';
import { formatBytes } from '../../server/src/core/format';

const APP = path.join(__dirname, '..', 'fixtures', 'panel', 'node-app');
let docker: Dockerode;
const built: BuildResult[] = [];

before(async () => {
  docker = new Dockerode({ socketPath: (await ensureDockerDaemon()).socketPath });
  await ensureBaseImages();
});

after(async () => {
  for (const b of built) {
    await docker
      .getImage(b.tag)
      .remove({ force: true })
      .catch(() => undefined);
    for (const id of b.stageImageIds)
      await docker
        .getImage(id)
        .remove()
        .catch(() => undefined);
  }
});

test(
  'the split of a naive Node app builds in a copy of its context and is much smaller',
  { timeout: 15 * 60_000 },
  async () => {
    const text = fs.readFileSync(path.join(APP, 'Dockerfile'), 'utf8');
    const prepared = await prepareSplitContext(APP, 'Dockerfile', text);
    assert.ok(!('refused' in prepared), JSON.stringify(prepared));
    assert.deepEqual(fs.readdirSync(prepared.dir).sort(), [
      'Dockerfile',
      'index.js',
      'package-lock.json',
      'package.json',
    ]);
    assert.equal(fs.readFileSync(path.join(APP, 'Dockerfile'), 'utf8'), text, 'the workspace is not changed');
    const splitText = fs.readFileSync(path.join(prepared.dir, 'Dockerfile'), 'utf8');
    assert.ok(parseDockerfile(splitText).stages.length >= 2);

    const label = 'node-app/Dockerfile';
    const beforeBuild = await buildImage(docker, {
      contextDir: APP,
      dockerfile: 'Dockerfile',
      tag: layerwiseTag('panel-node-app'),
      dockerfileLabel: label,
      network: 'host',
    });
    built.push(beforeBuild);
    const afterBuild = await buildImage(docker, {
      contextDir: prepared.dir,
      dockerfile: 'Dockerfile',
      tag: layerwiseTag('panel-node-app-split'),
      dockerfileLabel: `${label} (split)`,
      network: 'host',
    });
    built.push(afterBuild);

    const [a, b] = await Promise.all([
      imageDetail(docker, beforeBuild.imageId),
      imageDetail(docker, afterBuild.imageId),
    ]);
    const aModel = parseDockerfile(text);
    const bModel = parseDockerfile(splitText);
    const aRows = mapHistoryToDockerfile(a.history, aModel);
    const bRows = mapHistoryToDockerfile(b.history, bModel);
    const cmp = compareSizes(
      { bytes: a.size, buckets: sizeBuckets(aRows, baseImageName(aModel)) },
      { bytes: b.size, buckets: sizeBuckets(bRows, baseImageName(bModel)) },
    );
    assert.ok(cmp.deltaPercent < -50, cmp.summary);
    // Every line of the split's runner stage that made a layer maps back to the split file.
    assert.ok(
      bRows.filter((r) => !r.fromBase && r.size > 0).every((r) => r.line !== undefined),
      JSON.stringify(bRows.filter((r) => !r.fromBase)),
    );
    const [wasteA, wasteB] = [await computeImageWaste(docker, a.id), await computeImageWaste(docker, b.id)];
    console.log(
      `# node-app: ${cmp.summary}; wasted space ${formatBytes(wasteA.totalBytes)} → ${formatBytes(wasteB.totalBytes)}`,
    );
    for (const [name, buckets] of [
      ['before', cmp.before.buckets],
      ['after', cmp.after.buckets],
    ] as const) {
      console.log(`# ${name}: ${buckets.map((x) => `${x.label} ${formatBytes(x.bytes)}`).join(' | ')}`);
    }
  },
);
