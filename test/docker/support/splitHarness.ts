// How the split build proofs build and probe an app on the private daemon: a scratch copy of the
// app, its base pointed at the local stand-in, builds that clean up their stages, and a probe from
// a sidecar in the app's network namespace (every container runs with --network none).
// Shared by split-build.test.ts (the project's examples and the corpus apps) and
// split-real-apps.test.ts (the real open-source apps under test/fixtures/apps).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildTestImage, dockerCli } from '../../support/docker-env';
import { parseDockerfile } from '../../../server/src/core/parse';
import { FAKE_REDIS, probeScript, standInBase } from './splitApps';

/** The sidecar that probes (and, for apps that need it, plays Redis): a stand-in image with Node. */
export const PROBE_IMAGE = 'node:20-slim';

/** What a probe needs to know about an app. */
export interface ProbeTarget {
  name: string;
  port: number;
  /** Path probed with GET from inside the container's network namespace; must answer 200. */
  probe: string;
  env?: Record<string, string>;
}

/** A scratch copy of the app without node_modules, build output or .git, so builds start clean. */
export function copyApp(dir: string): string {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-split-'));
  fs.cpSync(dir, work, { recursive: true, filter: (src) => !/\/(node_modules|dist|\.next|\.git)$/.test(src) });
  return work;
}

/** Points the single stage at the local stand-in of its base image (Docker Hub is out of reach). */
export function useStandInBase(work: string): string | undefined {
  const file = path.join(work, 'Dockerfile');
  const text = fs.readFileSync(file, 'utf8');
  const model = parseDockerfile(text);
  if (model.stages.length !== 1) return undefined;
  const image = model.stages[0].image;
  const standIn = image.resolved ? standInBase(image.resolved) : undefined;
  if (!standIn || standIn === image.resolved) return undefined;
  const lines = text.split('\n');
  const { start, end } = image.range;
  lines[start.line] = lines[start.line].slice(0, start.character) + standIn + lines[end.line].slice(end.character);
  fs.writeFileSync(file, lines.join('\n'));
  return `${image.raw} → ${standIn} (stand-in)`;
}

/**
 * Builds with --network host (installs reach the npm registry) and reports wall-clock seconds and
 * the image's size. `dockerfile` is an absolute path: split results live outside the context so one
 * runner's file does not bust the other's layer cache. Every tag built is added to `created`.
 */
export async function buildImage(
  work: string,
  dockerfile: string,
  tag: string,
  created: string[],
): Promise<{ seconds: number; size: number }> {
  const t0 = Date.now();
  created.push(tag);
  // --force-rm: a failing step must not leave its container behind.
  await buildTestImage(work, tag, { network: 'host', dockerfile, extraArgs: ['--force-rm'], timeoutMs: 15 * 60_000 });
  const seconds = (Date.now() - t0) / 1000;
  const { stdout } = await dockerCli(['image', 'inspect', '--format', '{{.Size}}', tag]);
  return { seconds, size: Number(stdout.trim()) };
}

/**
 * Runs the image with --network none beside a stand-in Redis, probes it from a sidecar in the same
 * namespace; resolves with the probe's first line, rejects with the container's last log lines.
 */
export async function probeServes(app: ProbeTarget, tag: string): Promise<string> {
  const holder = (
    await dockerCli([
      'run',
      '-d',
      '--network',
      'none',
      '--add-host',
      'redis:127.0.0.1',
      '--label',
      'layerwise-test=split',
      PROBE_IMAGE,
      'node',
      '-e',
      FAKE_REDIS,
    ])
  ).stdout.trim();
  let appId = '';
  try {
    const env = Object.entries(app.env ?? {}).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    appId = (
      await dockerCli(['run', '-d', '--network', `container:${holder}`, '--label', 'layerwise-test=split', ...env, tag])
    ).stdout.trim();
    let last = '';
    for (let attempt = 0; attempt < 40; attempt++) {
      try {
        return (
          await dockerCli([
            'run',
            '--rm',
            '--network',
            `container:${holder}`,
            PROBE_IMAGE,
            'node',
            '-e',
            probeScript(app.port, app.probe),
          ])
        ).stdout.trim();
      } catch (e) {
        last = (e as Error).message.split('\n').slice(-1)[0];
        await new Promise((r) => setTimeout(r, 750));
      }
    }
    const logs = await dockerCli(['logs', '--tail', '20', appId]).then(
      (r) => r.stdout + r.stderr,
      () => '',
    );
    throw new Error(`${tag} does not serve GET ${app.probe} on ${app.port}: ${last}\n--- container log:\n${logs}`);
  } finally {
    for (const id of [appId, holder]) if (id) await dockerCli(['rm', '-f', id]).catch(() => undefined);
  }
}

/** `layerwise-split-test/<app>:<variant>-<run>`: one namespace for every image these tests build. */
export function testTag(appName: string, variant: string, runId: string): string {
  return `layerwise-split-test/${appName
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()}:${variant}-${runId}`;
}
