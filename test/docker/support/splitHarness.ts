// How the split build proofs build and probe an app on the private daemon: a scratch copy of the
// app, its base pointed at the local stand-in, builds that clean up their stages, and a probe from
// a sidecar in the app's network namespace (every container runs with --network none).
// Shared by split-build.test.ts (the project's examples and the corpus apps),
// split-real-apps.test.ts (the real open-source apps under test/fixtures/apps) and
// split-replace-build.test.ts (replace the runner).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSuiteHooks, buildTestImage, dockerCli } from '../../support/docker-env';
import { parseDockerfile } from '../../../server/src/core/parse';
import type { FileEdit } from '../../../server/src/core/findings';
import { writeOtherEdits } from '../../../server/src/cli/writeEdits';
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

const ROOT = path.join(__dirname, '..', '..', '..');

/**
 * The hooks of a build proof, called inside its `describe`: buildSuiteHooks', and once the images
 * are removed `{ date, ...results() }` written to artifacts/`resultsFile` and `report()` printed.
 */
export function buildProofHooks(options: {
  created: string[];
  resultsFile: string;
  results: () => Record<string, unknown>;
  report: () => string;
  /** Checked before the daemon is asked for (a missing input fails here). */
  precondition?: () => void;
}): void {
  buildSuiteHooks(options.created, {
    precondition: options.precondition,
    finish: () => {
      const file = path.join(ROOT, 'artifacts', options.resultsFile);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), ...options.results() }, null, 2)}\n`);
      console.log(options.report());
    },
  });
}

/** A scratch copy of the app without node_modules, build output or .git, so builds start clean. */
export function copyApp(dir: string): string {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-split-'));
  fs.cpSync(dir, work, { recursive: true, filter: (src) => !/\/(node_modules|dist|\.next|\.git)$/.test(src) });
  return work;
}

/**
 * Runs `body` with a scratch copy of the app (`work`) and a folder beside it for the rewritten
 * Dockerfiles (`files`, outside the context), both removed afterwards.
 */
export async function inScratchCopy(dir: string, body: (work: string, files: string) => Promise<void>): Promise<void> {
  const work = copyApp(dir);
  const files = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-split-files-'));
  try {
    await body(work, files);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(files, { recursive: true, force: true });
  }
}

/**
 * Makes the copy's Dockerfile buildable here (the app's own adaptation, then the stand-in base)
 * and reads it back: its text and the note the results carry about what was changed.
 */
export function prepareOriginal(
  work: string,
  adapt?: { why: string; apply(text: string): string },
): { text: string; note?: string } {
  const dockerfile = path.join(work, 'Dockerfile');
  if (adapt) fs.writeFileSync(dockerfile, adapt.apply(fs.readFileSync(dockerfile, 'utf8')));
  const note = [useStandInBase(work), adapt?.why].filter(Boolean).join('; ') || undefined;
  return { text: fs.readFileSync(dockerfile, 'utf8'), note };
}

/**
 * Builds a rewritten Dockerfile (a split, a replaced runner) from the copy's context and probes
 * it: the text goes to `files/Dockerfile.<runner>`, its edits of other files (package.json) into
 * the copy. A failure names `what` and shows the Dockerfile.
 */
export async function buildAndProbeRewrite(
  app: ProbeTarget,
  work: string,
  files: string,
  rewrite: { runner: string; text: string; extraEdits?: FileEdit[] },
  what: string,
  tag: string,
  created: string[],
): Promise<{ seconds: number; size: number; probe: string }> {
  const dockerfile = path.join(files, `Dockerfile.${rewrite.runner}`);
  fs.writeFileSync(dockerfile, rewrite.text);
  writeOtherEdits(rewrite.extraEdits ?? []);
  const built = await buildImage(work, dockerfile, tag, created).catch((e: Error) => {
    throw new Error(`${what} does not build:\n${rewrite.text}\n${e.message.slice(-3000)}`);
  });
  const probe = await probeServes(app, tag).catch((e: Error) => {
    throw new Error(`${what} builds but does not serve:\n${rewrite.text}\n${e.message}`);
  });
  return { ...built, probe };
}

/** A result row of a build proof, as the tables read it. */
export interface ProofRow {
  app: string;
  variant: string;
  sizeBytes?: number;
  refused?: string;
  warnings?: string[];
  note?: string;
}

/** `-89%`: the row's size against its app's original; empty for the original and rows not built. */
export function changeFromOriginal(all: ProofRow[], row: ProofRow): string {
  const original = all.find((o) => o.app === row.app && o.variant === 'original');
  return row.sizeBytes && original?.sizeBytes && row !== original
    ? `${(((row.sizeBytes - original.sizeBytes) / original.sizeBytes) * 100).toFixed(0)}%`
    : '';
}

/** The note column: the refusal, else the row's note and the split's warnings. */
export function noteOf(row: ProofRow): string {
  return row.refused ? `refused: ${row.refused}` : [row.note, ...(row.warnings ?? [])].filter(Boolean).join(' / ');
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
