// The `layerwise.docker.host` setting reaches the language server's size look-ups: the FROM hover's
// local size and the RUN/COPY built-layer hover ask the daemon the setting names, even when the
// environment has no DOCKER_HOST, no docker context and no default socket; a changed setting is
// re-resolved, and a setting naming a socket that does not exist gives no local size (no crash).
// Real server over stdio, real private daemon.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startServer, fileUri, ROOT, type TestClient } from '../support/lspClient';
import { buildLabelledImage, DOCKER_HOST, dockerCli, ensureBaseImages } from '../support/docker-env';
import { candidateSockets } from '../../server/src/docker/connection';
import { formatBytes } from '../../server/src/core/format';

const SETUP_TIMEOUT = 30 * 60_000;
const IMAGE = 'debian:bookworm-slim';
const LAYERS_TAG = 'layerwise-test/docker-host-setting-layers:1';

/** No DOCKER_HOST / DOCKER_CONTEXT, an empty HOME (no ~/.docker contexts, no Desktop/Colima sockets). */
function noDockerEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    LAYERWISE_CACHE_DIR: path.join(home, 'cache'),
    XDG_RUNTIME_DIR: path.join(home, 'run'),
  };
  for (const name of ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_CONFIG', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH'])
    delete env[name];
  return env;
}

describe('layerwise.docker.host in the language server', () => {
  let client: TestClient;
  let dir: string;
  let home: string;
  let localSize = '';
  const baseSettings = { sizes: { registryLookups: false, inlayHints: false } };

  before(
    async () => {
      assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'server.js')), 'run `npm run build` first');
      await ensureBaseImages();
      localSize = formatBytes(
        Number((await dockerCli(['image', 'inspect', '--format', '{{.Size}}', IMAGE])).stdout.trim()),
      );
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-docker-host-'));
      home = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-docker-host-home-'));
      fs.writeFileSync(path.join(dir, 'a.bin'), randomBytes(300_000));
      fs.writeFileSync(path.join(dir, 'Dockerfile.layers'), 'FROM scratch\nCOPY a.bin /a.bin\n');
      await buildLabelledImage(dir, 'Dockerfile.layers', LAYERS_TAG);
      const env = noDockerEnv(home);
      client = await startServer({ rootDir: dir, settings: { ...baseSettings, docker: { host: DOCKER_HOST } }, env });
    },
    { timeout: SETUP_TIMEOUT },
  );

  after(async () => {
    await client?.stop();
    await dockerCli(['rmi', LAYERS_TAG]).catch(() => undefined);
    for (const d of [dir, home]) if (d) fs.rmSync(d, { recursive: true, force: true });
  });

  async function setHost(host: string | undefined): Promise<void> {
    client.changeSettings(host === undefined ? baseSettings : { ...baseSettings, docker: { host } });
    await new Promise((r) => setTimeout(r, 200));
  }

  it('the setting names the private daemon: the FROM hover shows the local size, the RUN/COPY hover the built layer', async () => {
    await setHost(DOCKER_HOST);
    const from = await client.openAndHover('Dockerfile.a', `FROM ${IMAGE}\n`, 0, 8);
    assert.match(from, new RegExp(`Local image: yes, ${localSize.replace(/[.]/g, '\\.')} on disk`));
    assert.match(from, /Download \(compressed\): \*\*28 MB\*\*/, 'the catalogue figure is still there');
    const layer = await client.openAndHover('Dockerfile.layers', 'FROM scratch\nCOPY a.bin /a.bin\n', 1, 2);
    assert.match(layer, /Layer size in the last build: 300 kB\*\* — `layerwise-test\/docker-host-setting-layers:1`/);
  });

  it('a setting naming a socket that does not exist: no local size, no layer size, the hover still answers', async () => {
    await setHost('unix:///nonexistent/layerwise/docker.sock');
    const started = Date.now();
    const from = await client.openAndHover('Dockerfile.b', `FROM ${IMAGE}\n`, 0, 8);
    assert.match(from, /Download \(compressed\): \*\*28 MB\*\*/);
    assert.doesNotMatch(from, /Local image/);
    const layer = await client.openAndHover('Dockerfile.layers', 'FROM scratch\nCOPY a.bin /a.bin\n', 1, 2);
    assert.doesNotMatch(layer, /Layer size in the last build/);
    assert.ok(Date.now() - started < 5000, 'an absent socket fails fast');
    assert.equal(client.process.exitCode, null, 'the server is still running');
  });

  it('changing the setting back re-resolves: the local size is there again', async () => {
    await setHost(DOCKER_HOST);
    const from = await client.openAndHover('Dockerfile.c', `FROM ${IMAGE}\n`, 0, 8);
    assert.match(from, /Local image: yes/);
  });

  it('unset, with no DOCKER_HOST and no default socket: no local size', async () => {
    // A machine with Docker or Podman installed has /var/run/docker.sock or /run/podman/podman.sock. Rather than
    // skip there, run a second server in its own mount namespace with an empty /run (and so /var/run): the
    // machine as one without a daemon. Needs root (unshare), which the Docker tests need anyway.
    const present = candidateSockets({ XDG_RUNTIME_DIR: path.join(home, 'run') }, home).filter((s) => fs.existsSync(s));
    const hidden =
      'mount -t tmpfs none /run && { [ /var/run -ef /run ] || mount -t tmpfs none /var/run; } && exec "$@"';
    const wrapper =
      present.length > 0 ? ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', hidden, 'sh'] : [];
    const isolated = await startServer({ rootDir: dir, settings: baseSettings, env: noDockerEnv(home), wrapper });
    try {
      const uri = fileUri(path.join(dir, 'Dockerfile.d'));
      isolated.open(uri, `FROM ${IMAGE}\n`);
      const from = await isolated.hover(uri, 0, 8);
      assert.match(from, /Download \(compressed\): \*\*28 MB\*\*/);
      assert.doesNotMatch(from, /Local image/);
      assert.equal(isolated.process.exitCode, null, 'the server is still running');
    } finally {
      await isolated.stop();
    }
  });
});
