// Live updates: image events from the private daemon's /events reach the panel once per burst;
// exporting an image (our own waste scans) does not count as a change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Dockerode from 'dockerode';
import { ensureBaseImages, ensureDockerDaemon } from '../support/docker-env';
import { watchImageEvents } from '../../server/src/docker/events';

let docker: Dockerode;
const repo = `lw-events-${process.pid}`;

before(async () => {
  docker = new Dockerode({ socketPath: (await ensureDockerDaemon()).socketPath });
  await ensureBaseImages();
});

after(async () => {
  for (const tag of ['a', 'b'])
    await docker
      .getImage(`${repo}:${tag}`)
      .remove()
      .catch(() => undefined);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await sleep(50);
}

test('two tags in a burst give one debounced change; an export gives none', async () => {
  let changes = 0;
  const watch = watchImageEvents(docker, () => changes++, { debounceMs: 300 });
  try {
    await waitFor(() => changes === 1, 10_000); // one refresh right after connecting
    assert.equal(changes, 1);
    const base = docker.getImage('debian:bookworm-slim');
    await base.tag({ repo, tag: 'a' });
    await base.tag({ repo, tag: 'b' });
    await waitFor(() => changes === 2, 5_000);
    await sleep(800);
    assert.equal(changes, 2, 'one change for the burst');
    const exported = (await docker.getImage(`${repo}:a`).get()) as AsyncIterable<Buffer>;
    for await (const _ of exported) void _;
    await sleep(1000);
    assert.equal(changes, 2, 'an export is not a change');
    await docker.getImage(`${repo}:a`).remove();
    await waitFor(() => changes === 3, 5_000);
    assert.equal(changes, 3, 'untag is a change');
  } finally {
    watch.dispose();
  }
});
