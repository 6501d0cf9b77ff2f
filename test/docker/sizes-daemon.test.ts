// Daemon look-ups against the private Docker daemon: a local-only image shows its exact size and
// layers; an image the daemon lacks falls back to the registry or the catalogue.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Dockerode from 'dockerode';
import { dockerCli, ensureDockerDaemon, type DockerDaemon } from '../support/docker-env';
import { lookupLocalImage } from '../../server/src/sizes/daemon';
import { resolveImageSize } from '../../server/src/sizes/resolve';
import { buildImageHover } from '../../server/src/sizes/hover';

const SETUP_TIMEOUT = 10 * 60_000;
const LOCAL_TAG = 'layerwise-test/sizes-local-only:1';

describe('daemon size look-ups', () => {
  let daemon: DockerDaemon;
  let dir: string;

  before(
    async () => {
      daemon = await ensureDockerDaemon();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-daemon-size-'));
      fs.writeFileSync(path.join(dir, 'a.bin'), randomBytes(300_000));
      fs.writeFileSync(path.join(dir, 'b.bin'), randomBytes(120_000));
      fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY a.bin /a.bin\nCOPY b.bin /b.bin\n');
      await dockerCli(['build', '--network', 'none', '-t', LOCAL_TAG, dir]);
    },
    { timeout: SETUP_TIMEOUT },
  );

  after(async () => {
    await dockerCli(['rmi', LOCAL_TAG]).catch(() => undefined);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a local-only image shows its exact on-disk size and its layers', async () => {
    const expected = Number((await dockerCli(['image', 'inspect', '--format', '{{.Size}}', LOCAL_TAG])).stdout.trim());
    const result = await lookupLocalImage(daemon.socketPath, LOCAL_TAG);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.image.sizeBytes, expected);
    assert.ok(expected >= 420_000, 'both files are in the image');
    const layerSizes = result.image.layers
      .map((l) => l.size)
      .filter((s) => s > 0)
      .sort((a, b) => a - b);
    assert.deepEqual(layerSizes, [120_000, 300_000]);
    assert.ok(result.image.layers.some((l) => l.createdBy.includes('COPY') && l.createdBy.includes('a.bin')));
    assert.match(result.image.platform, /^linux\//);
  });

  it('accepts a Dockerode instance as well as a socket path', async () => {
    const result = await lookupLocalImage(new Dockerode({ socketPath: daemon.socketPath }), LOCAL_TAG);
    assert.ok(result.ok);
  });

  it('resolveImageSize labels the local figure with the daemon as source, and the hover says it is local', async () => {
    const resolved = await resolveImageSize(LOCAL_TAG, { daemon: daemon.socketPath });
    assert.equal(resolved.onDisk?.origin, 'daemon');
    assert.equal(resolved.onDisk?.source, 'local Docker daemon');
    assert.equal(resolved.daemonChecked, true);
    assert.equal(resolved.download, undefined, 'no registry asked, not in the catalogue');
    const hover = buildImageHover(resolved)!;
    assert.match(hover, /Local image: yes, 420 kB on disk/);
  });

  it('an image absent from the daemon falls back to the catalogue, marked not local', async () => {
    const resolved = await resolveImageSize('golang:1.25-alpine', { daemon: daemon.socketPath });
    assert.equal(resolved.local, undefined);
    assert.equal(resolved.daemonChecked, true);
    assert.equal(resolved.download?.origin, 'catalogue');
    assert.equal(resolved.download?.bytes, 64384778);
    const hover = buildImageHover(resolved)!;
    assert.match(hover, /not present in the Docker daemon/);
    assert.match(hover, /docker-library\/repo-info@2af3b47/);
  });

  it('a daemon that is not there is a note, not an error', async () => {
    const resolved = await resolveImageSize('node:22-slim', { daemon: path.join(os.tmpdir(), 'no-such-docker.sock') });
    assert.equal(resolved.daemonChecked, false);
    assert.equal(resolved.download?.origin, 'catalogue');
    assert.match(resolved.notes.join('\n'), /^daemon: /m);
  });
});
