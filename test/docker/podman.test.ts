// The size panel's reads and one build against Debian's Podman 4.3 (`podman system service`, vfs
// storage, test/setup/podman.sh): Podman is recognised and builds through its Docker-compatible API
// (Buildah: RUN --mount works), the build's steps come through, the image is listed with its label,
// its history maps to the Dockerfile's lines and its wasted space is read from `/images/{id}/get`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Dockerode from 'dockerode';
import { startPodman } from '../support/docker-env';
import { layerwiseTag } from '../../server/src/docker/build';
import { chooseBuilder, runBuild } from '../../server/src/docker/builder';
import { computeImageWaste, DOCKERFILE_LABEL, imageDetail, listImages } from '../../server/src/docker/images';
import { mapHistoryToDockerfile } from '../../server/src/docker/layerMap';
import { parseDockerfile } from '../../server/src/core/parse';

let podman: Awaited<ReturnType<typeof startPodman>>;
let docker: Dockerode;
const tags: string[] = [];

before(async () => {
  podman = await startPodman(['debian:bookworm-slim']);
  docker = new Dockerode({ socketPath: podman.socketPath });
});

after(async () => {
  for (const tag of tags)
    await docker
      ?.getImage(tag)
      .remove({ force: true })
      .catch(() => undefined);
  await podman?.stop();
});

const DOCKERFILE =
  'FROM debian:bookworm-slim\nRUN --mount=type=cache,target=/var/cache/lw head -c 1500000 /dev/urandom > /big\nRUN rm /big\nCOPY note.txt /note.txt\n';

test(
  'Podman: chosen as the builder, builds RUN --mount with steps, and the panel reads list, history, layers and waste',
  { timeout: 15 * 60_000 },
  async () => {
    const builder = await chooseBuilder(docker);
    assert.equal(builder.kind, 'podman-api');
    assert.match(builder.label, /^Podman/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-podman-'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
    fs.writeFileSync(path.join(dir, 'note.txt'), 'note\n');
    const tag = layerwiseTag(`podman-${process.pid}`);
    tags.push(tag);
    const result = await runBuild(builder, docker, undefined, {
      contextDir: dir,
      dockerfile: 'Dockerfile',
      tag,
      dockerfileLabel: 'Dockerfile',
      network: 'none',
    });
    assert.equal(result.builder, builder.label);
    assert.deepEqual(
      result.steps.map((s) => [s.name.replace(/^\[\d+\/\d+\] /, ''), s.status]),
      [
        ['FROM debian:bookworm-slim', 'done'],
        ['RUN --mount=type=cache,target=/var/cache/lw head -c 1500000 /dev/urandom > /big', 'done'],
        ['RUN rm /big', 'done'],
        ['COPY note.txt /note.txt', 'done'],
        ['LABEL "dev.layerwise.dockerfile"="Dockerfile"', 'done'],
      ],
    );
    const listed = await listImages(docker, { dockerfileLabel: 'Dockerfile' });
    assert.ok(
      listed.some(
        (row) =>
          row.id === result.imageId.replace(/^sha256:/, '') ||
          `sha256:${row.id}` === result.imageId ||
          row.id === result.imageId,
      ),
      JSON.stringify(listed),
    );
    const detail = await imageDetail(docker, result.imageId);
    assert.equal(detail.labels[DOCKERFILE_LABEL], 'Dockerfile');
    const rows = mapHistoryToDockerfile(detail.history, parseDockerfile(DOCKERFILE)).filter((r) => !r.fromBase);
    const line1 = rows.find((r) => r.line === 1);
    assert.ok(line1 && line1.size >= 1_500_000, JSON.stringify(rows));
    assert.ok(
      rows.some((r) => r.line === 3),
      'COPY maps to its line',
    );
    const waste = await computeImageWaste(docker, result.imageId);
    assert.equal(waste.totalBytes, 1_500_000);
    assert.equal(waste.groups[0].path, '/big');
  },
);
