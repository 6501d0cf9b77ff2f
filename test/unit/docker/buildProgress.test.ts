// Build progress as steps, from the three output shapes builders print (buildProgress.ts). The
// plain and classic cases are real outputs of the builders in the Docker tests; rawjson (buildx's
// SolveStatus lines) is built here from its documented fields, as no buildx runs on this machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BuildProgress } from '../../../server/src/docker/buildProgress';

test('plain: steps start, print, end with DONE/CACHED/ERROR', () => {
  const seen: number[] = [];
  const p = new BuildProgress((steps) => seen.push(steps.length));
  for (const line of [
    '#4 [1/3] FROM docker.io/library/debian:bookworm-slim',
    '#4 sha256:56bf5dcd38ee2f60f646b15b1b91e40b5e8375a457572f890edbccbd17190813',
    '#4 CACHED',
    '#5 [2/3] RUN echo one; exit 3',
    '#5 0.572 one',
    '#5 ERROR: executor failed running [/bin/sh -c echo one; exit 3]: exit code: 3',
    'not a progress line',
  ])
    p.plainLine(line);
  assert.deepEqual(
    p.list().map((s) => [s.id, s.name, s.status]),
    [
      ['#4', '[1/3] FROM docker.io/library/debian:bookworm-slim', 'cached'],
      ['#5', '[2/3] RUN echo one; exit 3', 'error'],
    ],
  );
  assert.deepEqual(p.failed()?.tail, ['one']);
  assert.match(p.failed()?.error ?? '', /exit code: 3$/);
  assert.ok(seen.length >= 4);
});

test('rawjson: vertexes become steps with durations; logs are decoded into the tail and the readable log', () => {
  const p = new BuildProgress();
  const started = '2026-01-01T10:00:00.000Z';
  const first = p.rawJsonLine(JSON.stringify({ vertexes: [{ digest: 'sha256:a', name: '[2/2] RUN make', started }] }));
  assert.deepEqual(first, ['[2/2] RUN make']);
  const logs = p.rawJsonLine(
    JSON.stringify({
      logs: [{ vertex: 'sha256:a', stream: 1, data: Buffer.from('cc -o app\nok\n').toString('base64') }],
    }),
  );
  assert.deepEqual(logs, ['cc -o app', 'ok']);
  p.rawJsonLine(
    JSON.stringify({
      vertexes: [{ digest: 'sha256:a', name: '[2/2] RUN make', started, completed: '2026-01-01T10:00:02.500Z' }],
    }),
  );
  assert.deepEqual(
    p.list().map((s) => [s.status, s.seconds, s.tail]),
    [['done', 2.5, ['cc -o app', 'ok']]],
  );
  assert.equal(p.rawJsonLine('#1 not json'), undefined);
});

test('classic and Buildah lines: each new step ends the one before; the end marks the last', () => {
  const p = new BuildProgress();
  for (const line of ['Step 1/2 : FROM debian:bookworm-slim', ' ---> c01dab98c368', 'STEP 2/2: RUN make', 'compiling'])
    p.classicLine(line);
  p.classicEnd('The command returned a non-zero code: 2');
  assert.deepEqual(
    p.list().map((s) => [s.name, s.status, s.tail]),
    [
      ['[1/2] FROM debian:bookworm-slim', 'done', []],
      ['[2/2] RUN make', 'error', ['compiling']],
    ],
  );
});
