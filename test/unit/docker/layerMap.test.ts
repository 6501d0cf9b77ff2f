// History → Dockerfile line mapping on the CreatedBy strings the classic builder and BuildKit write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/core/parse';
import { mapHistoryToDockerfile, parseCreatedBy, layerHistoryIndexes } from '../../../server/src/docker/layerMap';

test('parses classic-builder and BuildKit CreatedBy forms', () => {
  assert.deepEqual(parseCreatedBy('/bin/sh -c #(nop)  CMD ["sleep" "1"]'), { keyword: 'CMD', text: '["sleep" "1"]' });
  assert.deepEqual(parseCreatedBy('|1 V=1 /bin/sh -c head -c 1000 /dev/urandom > /big  && echo hi'), {
    keyword: 'RUN',
    text: 'head -c 1000 /dev/urandom > /big && echo hi',
  });
  assert.deepEqual(parseCreatedBy('/bin/sh -c #(nop) COPY dir:b8e8 in /app/ '), {
    keyword: 'COPY',
    text: 'dir:b8e8 in /app/',
  });
  assert.deepEqual(parseCreatedBy('RUN /bin/sh -c npm ci # buildkit'), { keyword: 'RUN', text: 'npm ci' });
  assert.deepEqual(parseCreatedBy('COPY . . # buildkit'), { keyword: 'COPY', text: '. .' });
  assert.deepEqual(parseCreatedBy('WORKDIR /app'), { keyword: 'WORKDIR', text: '/app' });
  assert.deepEqual(parseCreatedBy(''), { keyword: '', text: '' });
});

const DOCKERFILE = `FROM debian:bookworm-slim AS base
ARG V=1
ENV A=b
WORKDIR /app
COPY Dockerfile ./
RUN head -c 1000 /dev/urandom > /big \\
 && echo hi
RUN rm /big
CMD ["sleep", "1"]
`;

test('maps each history entry to its line, the rest is the base image', () => {
  const history = [
    { createdBy: '/bin/sh -c #(nop) ADD file:abc in / ', size: 74_000_000 },
    { createdBy: '/bin/sh -c #(nop)  ENV A=zzz', size: 0 },
    { createdBy: '/bin/sh -c #(nop)  CMD ["bash"]', size: 0 },
    { createdBy: '/bin/sh -c #(nop)  ARG V=1', size: 0 },
    { createdBy: '/bin/sh -c #(nop)  ENV A=b', size: 0 },
    { createdBy: '/bin/sh -c #(nop) WORKDIR /app', size: 0 },
    { createdBy: '/bin/sh -c #(nop) COPY file:0d56 in ./ ', size: 199 },
    { createdBy: '|1 V=1 /bin/sh -c head -c 1000 /dev/urandom > /big  && echo hi', size: 1000 },
    { createdBy: '|1 V=1 /bin/sh -c rm /big', size: 0 },
    { createdBy: '/bin/sh -c #(nop)  CMD ["sleep" "1"]', size: 0 },
  ];
  const rows = mapHistoryToDockerfile(history, parseDockerfile(DOCKERFILE));
  assert.deepEqual(
    rows.map((r) => r.line),
    [undefined, undefined, undefined, 1, 2, 3, 4, 5, 7, 8],
  );
  assert.deepEqual(
    rows.map((r) => r.fromBase),
    [true, true, true, false, false, false, false, false, false, false],
  );
  assert.equal(rows[7].endLine, 6);
});

test('without a Dockerfile everything is shown unmapped', () => {
  const rows = mapHistoryToDockerfile([{ createdBy: 'RUN /bin/sh -c make # buildkit', size: 1 }], undefined);
  assert.equal(rows[0].instruction, 'RUN make');
  assert.equal(rows[0].line, undefined);
});

test('layers map to the non-empty history entries in order', () => {
  assert.deepEqual(layerHistoryIndexes([{}, { empty_layer: true }, {}, { empty_layer: true }, {}]), [0, 2, 4]);
});

test('mapped rows show the instruction as written, flags and continuations included', () => {
  const model = parseDockerfile(
    'FROM node:20 AS deps\nRUN npm ci\nFROM gcr.io/distroless/nodejs20-debian12\nCOPY --from=deps /app/node_modules \\\n  ./node_modules\n',
  );
  const rows = mapHistoryToDockerfile(
    [{ createdBy: '/bin/sh -c #(nop) COPY dir:abc in ./node_modules ', size: 5 }],
    model,
  );
  assert.equal(rows[0].line, 3);
  assert.equal(rows[0].instruction, 'COPY --from=deps /app/node_modules ./node_modules');
});
