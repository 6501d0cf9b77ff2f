// No litter, on the private daemon: a Dockerfile's builds share one tag (each build moves it), the
// builds it moved off are its history up to a limit, and the removal of Layerwise's images never
// forces (an image a container uses stays, with the daemon's reason). Images of another workspace
// and images without Layerwise's label are never touched.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Dockerode from 'dockerode';
import { ensureBaseImages, ensureDockerDaemon, removeImagesQuietly } from '../support/docker-env';
import { buildImage, dockerfileTag } from '../../server/src/docker/build';
import { listImages } from '../../server/src/docker/images';
import { isLayerwiseImage, pruneBuilds, removeImages } from '../../server/src/docker/cleanup';

const WORKSPACE = `cleanup-test-${process.pid}`;
const OTHER = `cleanup-other-${process.pid}`;
const LABEL = 'app/Dockerfile';
let docker: Dockerode;
let dir: string;
const everything: string[] = [];
const containers: Dockerode.Container[] = [];

before(async () => {
  docker = new Dockerode({ socketPath: (await ensureDockerDaemon()).socketPath });
  await ensureBaseImages();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-cleanup-'));
});

after(async () => {
  for (const c of containers) await c.remove({ force: true }).catch(() => undefined);
  await removeImagesQuietly(docker, everything);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** One build of the Dockerfile (a different image each time), under the Dockerfile's one tag. */
async function buildOnce(n: number, workspace = WORKSPACE) {
  fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM debian:bookworm-slim\nRUN echo ${n}-${process.pid} > /build\n`);
  const built = await buildImage(docker, {
    contextDir: dir,
    dockerfile: 'Dockerfile',
    tag: dockerfileTag('app', LABEL, workspace),
    dockerfileLabel: LABEL,
    workspace,
    network: 'none',
  });
  everything.push(built.imageId);
  return built;
}

test("a Dockerfile's builds share one tag; past the history limit its untagged builds are removed", async () => {
  const ids: string[] = [];
  for (let n = 1; n <= 4; n++) ids.push((await buildOnce(n)).imageId);
  const other = await buildOnce(99, OTHER);
  const mine = await listImages(docker, { dockerfileLabel: LABEL, workspace: WORKSPACE });
  assert.deepEqual(mine.map((r) => r.id).sort(), [...ids].sort(), 'four builds, all found by their labels');
  assert.deepEqual(
    mine.filter((r) => r.tags.length > 0).map((r) => [r.id, r.tags]),
    [[ids[3], [dockerfileTag('app', LABEL, WORKSPACE)]]],
    'only the newest carries the tag',
  );

  const pruned = await pruneBuilds(docker, LABEL, WORKSPACE, 2);
  assert.deepEqual(pruned.removed.sort(), [ids[0], ids[1]].sort());
  assert.deepEqual(pruned.failed, []);
  const left = (await listImages(docker)).map((r) => r.id);
  assert.ok(left.includes(ids[2]) && left.includes(ids[3]), 'the newest two stay');
  assert.ok(!left.includes(ids[0]) && !left.includes(ids[1]), 'the older two are gone');
  assert.ok(left.includes(other.imageId), "another workspace's build of the same path is not touched");
});

test("removing Layerwise's images: a tagged one goes by its tags, one a container uses stays with the reason", async () => {
  const rows = (await listImages(docker)).filter((r) => isLayerwiseImage(r, WORKSPACE));
  assert.equal(rows.length, 2);
  const used = rows.find((r) => r.tags.length === 0)!;
  containers.push(await docker.createContainer({ Image: used.id, Cmd: ['true'] }));
  const result = await removeImages(docker, rows);
  assert.deepEqual(
    result.removed,
    rows.filter((r) => r !== used).map((r) => r.id),
  );
  assert.equal(result.failed.length, 1);
  assert.equal(result.failed[0].id, used.id);
  assert.match(result.failed[0].reason, /container|conflict/i);
  const left = (await listImages(docker)).map((r) => r.id);
  assert.ok(left.includes(used.id));
  assert.ok(!left.includes(rows.find((r) => r !== used)!.id));
});
