// The CLI's container image (packages/cli/Dockerfile) built on the private daemon (--network none,
// stand-in distroless base) from the staged npm package, run on a sample Dockerfile as a CI job would,
// as non-root; its size is measured and must match what the README states.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  DOCKER_HOST,
  buildTestImage,
  dockerCli,
  dockerProcessEnv,
  ensureBaseImages,
  ensureDockerDaemon,
  removeTestImage,
} from '../support/docker-env';

const ROOT = path.resolve(__dirname, '..', '..');
const TAG = `layerwise-test/cli-image:${process.pid}`;
const SETUP_TIMEOUT = 15 * 60_000;

/** `docker run` of the image with its exit code, stdout and stderr apart. */
function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('docker', ['-H', DOCKER_HOST, 'run', '--rm', '--network', 'none', ...args], {
    env: dockerProcessEnv(),
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('container image of the CLI', () => {
  let sample: string;

  before(
    async () => {
      await ensureDockerDaemon();
      await ensureBaseImages();
      // The context: packages/cli staged as for the npm package (bundle + example).
      execFileSync(process.execPath, [path.join(ROOT, 'scripts/pack-cli.mjs'), '--stage'], {
        cwd: ROOT,
        stdio: 'pipe',
        timeout: 120_000,
      });
      const t0 = Date.now();
      await buildTestImage(path.join(ROOT, 'packages/cli'), TAG, { network: 'none' });
      console.log(`built ${TAG} in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
      sample = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-cli-image-'));
      fs.writeFileSync(path.join(sample, 'Dockerfile'), 'FROM node:20\nCOPY . .\nRUN npm install\n');
      fs.chmodSync(sample, 0o755);
    },
    { timeout: SETUP_TIMEOUT },
  );

  after(async () => {
    await removeTestImage(TAG);
    if (sample) fs.rmSync(sample, { recursive: true, force: true });
  });

  it('runs as a non-root user', async () => {
    const { stdout } = await dockerCli(['image', 'inspect', TAG, '--format', '{{.Config.User}}']);
    assert.ok(stdout.trim() !== '' && !/^(root|0)(:|$)/.test(stdout.trim()), `USER is "${stdout.trim()}"`);
    const ids = run(['--entrypoint', '/nodejs/bin/node', TAG, '-e', 'console.log(process.getuid(), process.getgid())']);
    assert.equal(ids.code, 0, ids.stderr);
    const [uid, gid] = ids.stdout.trim().split(' ').map(Number);
    assert.ok(uid > 0 && gid > 0, `uid ${uid} gid ${gid}`);
  });

  it('lints a mounted project: default command, JSON, SARIF, exit codes', async () => {
    const mount = ['-v', `${sample}:/work:ro`];
    const text = run([...mount, TAG]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^Dockerfile\n/m);
    assert.match(text.stdout, /npm-install-not-ci|dev-dependencies-in-final-stage/);

    const json = run([...mount, TAG, 'lint', '--format', 'json', '.']);
    const rows = JSON.parse(json.stdout) as { file: string; rule: string }[];
    assert.ok(
      rows.some((r) => r.file === 'Dockerfile' && r.rule === 'fat-base-image'),
      json.stdout,
    );
    // The same findings as the CLI outside the container.
    const host = JSON.parse(
      execFileSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'lint', '--format', 'json', '.'], {
        cwd: sample,
        encoding: 'utf8',
      }),
    ) as { rule: string }[];
    assert.deepEqual(
      rows.map((r) => r.rule),
      host.map((r) => r.rule),
    );

    const strict = run([...mount, TAG, 'lint', '--max-warnings', '0', '--format', 'sarif', '.']);
    assert.equal(strict.code, 1, `exit code 1 passes through docker run: ${strict.stderr}`);
    assert.equal(JSON.parse(strict.stdout).version, '2.1.0');
    const missing = run([...mount, TAG, 'lint', 'nope']);
    assert.equal(missing.code, 2, missing.stderr);
  });

  it('is the size the README states (the CLI adds under 5 MB to its distroless Node base)', async () => {
    const size = Number((await dockerCli(['image', 'inspect', TAG, '--format', '{{.Size}}'])).stdout.trim());
    const base = Number(
      (
        await dockerCli(['image', 'inspect', 'gcr.io/distroless/nodejs20-debian12:nonroot', '--format', '{{.Size}}'])
      ).stdout.trim(),
    );
    const mb = size / 1e6;
    console.log(
      `image ${mb.toFixed(1)} MB; base ${(base / 1e6).toFixed(1)} MB; the CLI's layers ${((size - base) / 1e6).toFixed(2)} MB`,
    );
    assert.ok(size > base && size - base < 5e6, `the CLI adds ${size - base} bytes`);
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const stated = /container image of the CLI[\s\S]*?\*\*(\d+(?:\.\d+)?) MB\*\*/i.exec(readme)?.[1];
    assert.ok(stated, 'the README states the image size as **N MB** in its container image paragraph');
    assert.ok(Math.abs(Number(stated) - mb) / mb < 0.1, `README says ${stated} MB, measured ${mb.toFixed(1)} MB`);
  });
});
