import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/core/parse';
import { imageReferenceSites, imageSiteAt } from '../../../server/src/sizes/imageRefs';

const TEXT = [
  'ARG NODE=22',
  'FROM --platform=linux/arm64 node:${NODE}-slim AS deps',
  'FROM deps AS build',
  'COPY --from=nginx:1.31-alpine /etc/nginx /etc/nginx',
  'COPY --from=deps /app /app',
  'FROM scratch',
  'FROM --platform=$BUILDPLATFORM golang:1.25',
  'FROM node:${UNSET}',
].join('\n');

test('every image reference with its resolved image, stage base and platform', () => {
  const sites = imageReferenceSites(parseDockerfile(TEXT));
  assert.deepEqual(
    sites.map((s) => [s.kind, s.line, s.image, s.viaStage ?? null, s.platform ?? null]),
    [
      ['from', 1, 'node:22-slim', null, 'linux/arm64'],
      ['from', 2, 'node:22-slim', 'deps', null],
      ['copy-from', 3, 'nginx:1.31-alpine', null, null],
      ['from', 5, 'scratch', null, null],
      ['from', 6, 'golang:1.25', null, null],
      ['from', 7, null, null, null],
    ],
  );
});

test('the site under the cursor', () => {
  const model = parseDockerfile(TEXT);
  assert.equal(imageSiteAt(model, 1, 35)?.image, 'node:22-slim');
  assert.equal(imageSiteAt(model, 3, 15)?.image, 'nginx:1.31-alpine');
  assert.equal(imageSiteAt(model, 4, 14), undefined, 'COPY --from=<stage> is not an image');
  assert.equal(imageSiteAt(model, 1, 2), undefined, 'the keyword is not the image');
});
