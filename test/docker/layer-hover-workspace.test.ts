// The layer-size hover reads the newest image built from THIS Dockerfile: same workspace-relative
// path and this workspace folder (label dev.layerwise.workspace). Another project's newer build of
// its own `app/Dockerfile` on the same daemon is not this file's. Real builds on the private daemon.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Dockerode from 'dockerode';
import { ensureBaseImages, ensureDockerDaemon, removeImagesQuietly } from '../support/docker-env';
import { buildImage, layerwiseTag } from '../../server/src/docker/build';
import { workspaceId } from '../../server/src/docker/images';
import { BuiltLayerLookups } from '../../server/src/lsp/layerHover';
import { parseDockerfile } from '../../server/src/core/parse';

let docker: Dockerode;
const roots = ['mine', 'theirs'].map((n) => fs.mkdtempSync(path.join(os.tmpdir(), `lw-hover-${n}-`)));
const tags: string[] = [];
const DOCKERFILE = (bytes: number) => `FROM debian:bookworm-slim\nRUN head -c ${bytes} /dev/zero > /data\n`;

before(async () => {
  docker = new Dockerode({ socketPath: (await ensureDockerDaemon()).socketPath });
  await ensureBaseImages();
});
after(async () => {
  await removeImagesQuietly(docker, tags);
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

async function buildIn(root: string, bytes: number): Promise<string> {
  const dir = path.join(root, 'app');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE(bytes));
  const tag = layerwiseTag(`hover-${path.basename(root)}`);
  tags.push(tag);
  const built = await buildImage(docker, {
    contextDir: dir,
    dockerfile: 'Dockerfile',
    tag,
    dockerfileLabel: 'app/Dockerfile',
    workspace: workspaceId(root),
    network: 'none',
  });
  return built.imageId;
}

test("the hover's layer sizes come from this workspace's build, not another project's newer one", async () => {
  const [mine, theirs] = roots;
  const mineId = await buildIn(mine, 3_000_000);
  await new Promise((r) => setTimeout(r, 1100)); // a later Created second
  const theirsId = await buildIn(theirs, 7_000_000);
  const lookups = new BuiltLayerLookups(() => docker);
  lookups.roots = roots;
  const file = path.join(mine, 'app', 'Dockerfile');
  const text = DOCKERFILE(3_000_000);
  assert.equal(lookups.labelFor(file), 'app/Dockerfile');
  const built = await lookups.layers(file, text, parseDockerfile(text), { docker: {} } as never);
  assert.equal(built?.image.id, mineId, `hover read ${built?.image.id}, theirs is ${theirsId}`);
  assert.equal(built?.rows.find((r) => r.line === 1)?.size, 3_000_000);
  const theirFile = path.join(theirs, 'app', 'Dockerfile');
  const their = await lookups.layers(theirFile, DOCKERFILE(7_000_000), parseDockerfile(DOCKERFILE(7_000_000)), {
    docker: {},
  } as never);
  assert.equal(their?.image.id, theirsId);
});
