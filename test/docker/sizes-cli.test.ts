// `layerwise size` as a user runs it: the built CLI, the private daemon (DOCKER_HOST), a loopback
// registry, the catalogue offline; JSON and text output, exit codes.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../support/lspClient';
import { DOCKER_HOST, dockerCli, ensureDockerDaemon, startRegistry, type LocalRegistry } from '../support/docker-env';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const SETUP_TIMEOUT = 10 * 60_000;
const LOCAL_TAG = 'layerwise-test/sizes-cli-local:1';

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('layerwise size', () => {
  let registry: LocalRegistry;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  before(
    async () => {
      assert.ok(fs.existsSync(CLI), 'run `npm run build` first');
      await ensureDockerDaemon();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-size-cli-'));
      fs.writeFileSync(path.join(dir, 'blob.bin'), randomBytes(150_000));
      fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY blob.bin /blob.bin\n');
      await dockerCli(['build', '--network', 'none', '-t', LOCAL_TAG, dir]);
      registry = await startRegistry();
      await dockerCli(['tag', LOCAL_TAG, `${registry.host}/cli/app:1`]);
      await dockerCli(['push', `${registry.host}/cli/app:1`]);
      await dockerCli(['rmi', `${registry.host}/cli/app:1`]);
      env = { ...process.env, DOCKER_HOST, LAYERWISE_CACHE_DIR: path.join(dir, 'cache') };
    },
    { timeout: SETUP_TIMEOUT },
  );

  after(async () => {
    await registry?.stop();
    await dockerCli(['rmi', LOCAL_TAG]).catch(() => undefined);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('--format json labels each figure with its origin, source and date', async () => {
    const { code, stdout, stderr } = await runCli(
      ['size', '--format', 'json', '--offline', LOCAL_TAG, 'node:22-slim', `${registry.host}/cli/app:1`],
      env,
    );
    assert.equal(code, 1, `the pushed image's size is unknown offline, so exit 1; ${stderr}`);
    const [local, node, pushed] = JSON.parse(stdout);
    assert.equal(local.onDisk.origin, 'daemon');
    assert.equal(local.onDisk.bytes, 150_000);
    assert.equal(local.local.sizeBytes, 150_000);
    assert.equal(node.download.origin, 'catalogue');
    assert.equal(node.download.bytes, 79893445);
    assert.equal(node.download.date, '2026-09-19');
    assert.match(node.download.source, /docker-library\/repo-info@3179cb4/);
    assert.equal(node.local, false, 'the daemon was asked and does not have it');
    assert.deepEqual(
      node.alternatives.map((a: { ref: string }) => a.ref),
      ['node:22-alpine'],
    );
    // --offline: the loopback registry is not asked, so nothing is known about the pushed image.
    assert.equal(pushed.download, null);
  });

  it('asks the registry when online, and the figure equals the manifest layer sum', async () => {
    const manifest = (await (
      await fetch(`${registry.url}/v2/cli/app/manifests/1`, {
        headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' },
      })
    ).json()) as { layers: { size: number }[] };
    const layerSum = manifest.layers.reduce((a, l) => a + l.size, 0);
    const { code, stdout } = await runCli(
      ['size', '--format', 'json', '--no-daemon', `${registry.host}/cli/app:1`],
      env,
    );
    assert.equal(code, 0);
    const [pushed] = JSON.parse(stdout);
    assert.equal(pushed.download.origin, 'registry');
    assert.equal(pushed.download.bytes, layerSum);
    assert.equal(pushed.local, null, '--no-daemon: local presence not claimed either way');
  });

  it('text output shows sizes, sources and lighter alternatives with their cost', async () => {
    const { code, stdout } = await runCli(['size', '--offline', '--no-daemon', 'golang:1.25'], env);
    assert.equal(code, 0);
    assert.match(stdout, /^golang:1.25 \(linux\/amd64\)$/m);
    assert.match(stdout, /download \(compressed\) +305 MB +docker-library\/repo-info@01b535c, 2026-07-14/);
    assert.match(
      stdout,
      /lighter +scratch: 0 B download \(-100%\), https:\/\/docs\.docker\.com\S+, 2026-11-22; costs: runtime stage only/,
    );
    assert.match(stdout, /savings +against the catalogue's download \(compressed\) size of golang:1.25, 305 MB/);
  });

  it("--platform selects that platform's figures", async () => {
    const { code, stdout } = await runCli(
      ['size', '--offline', '--no-daemon', '--platform', 'linux/arm64', '--format', 'json', 'node:24'],
      env,
    );
    assert.equal(code, 0);
    const [node] = JSON.parse(stdout);
    assert.equal(node.platform, 'linux/arm64');
    assert.equal(node.download.bytes, 400000940);
  });

  it('exit 1 when a size is unknown, 2 for a bad reference', async () => {
    const unknown = await runCli(['size', '--offline', '--no-daemon', 'mycompany/base:1'], env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stdout, /download \(compressed\) +unknown/);
    const bad = await runCli(['size', 'node:${V}'], env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /not an image reference/);
  });
});
