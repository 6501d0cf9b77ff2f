// Which builder runs Layerwise's builds, chosen the way the user's own `docker build` would run:
// BuildKit through the user's docker CLI (`docker buildx build --load`, or a pre-23 `docker build`
// whose embedded BuildKit client `DOCKER_BUILDKIT=1` turns on), so credential helpers, contexts,
// `# syntax=` frontends, `RUN --mount` and `COPY --link/--chmod` work as in their terminal. A
// Podman daemon builds through its Docker-compatible API (Buildah behind it). Only when no
// BuildKit-capable CLI is found does the build fall back to the daemon API's classic builder, and
// the choice says why, for the panel.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type Dockerode from 'dockerode';
import { buildImage, type BuildRequest, type BuildResult } from './build';
import { buildWithCli } from './cliBuild';
import type { ResolvedConnection } from './connection';

export type BuilderKind = 'buildx' | 'docker-buildkit' | 'podman-api' | 'classic-api';

export interface Builder {
  kind: BuilderKind;
  /** The CLI that builds (buildx and docker-buildkit). */
  cli?: string;
  /** `rawjson` where the CLI has it, else `plain`. */
  progress?: 'rawjson' | 'plain';
  /** Shown in the panel, e.g. `BuildKit (docker buildx 0.12.1, /usr/bin/docker)`. */
  label: string;
  /** Why this builder, when it is a fallback. */
  note?: string;
}

export interface CliProbe {
  path: string;
  /** `docker --version` (`Docker version 20.10.24+dfsg1, build …`). */
  version?: string;
  buildx?: string;
  buildkit: boolean;
  rawjson: boolean;
  /** Why this CLI cannot build with BuildKit. */
  reason?: string;
}

type Exec = (file: string, args: string[], env: NodeJS.ProcessEnv) => Promise<{ ok: boolean; stdout: string }>;

const realExec: Exec = (file, args, env) =>
  new Promise((resolve) => {
    execFile(file, args, { env, timeout: 15_000, maxBuffer: 1 << 20 }, (err, stdout, stderr) =>
      resolve({ ok: !err, stdout: `${stdout}${err ? stderr : ''}` }),
    );
  });

/** Every `docker` executable on PATH, in PATH order, each real file once. */
export function dockerClisOnPath(env: NodeJS.ProcessEnv = process.env): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, process.platform === 'win32' ? 'docker.exe' : 'docker');
    try {
      fs.accessSync(file, fs.constants.X_OK);
      const real = fs.realpathSync(file);
      if (seen.has(real)) continue;
      seen.add(real);
      out.push(file);
    } catch {
      /* not here */
    }
  }
  return out;
}

/** `Docker version 20.10.24+dfsg1, build 297e128` → [20, 10]. */
export function cliVersion(text: string): [number, number] | undefined {
  const m = /version (\d+)\.(\d+)/i.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** What one docker CLI can do: buildx (with or without rawjson progress), or the embedded BuildKit client of 18.09–22.x. */
export async function probeCli(
  cli: string,
  env: NodeJS.ProcessEnv = process.env,
  exec: Exec = realExec,
): Promise<CliProbe> {
  const version = await exec(cli, ['--version'], env);
  const probe: CliProbe = {
    path: cli,
    version: version.ok ? version.stdout.trim() : undefined,
    buildkit: false,
    rawjson: false,
  };
  const buildx = await exec(cli, ['buildx', 'version'], env);
  if (buildx.ok && /buildx/i.test(buildx.stdout)) {
    probe.buildx = buildx.stdout.trim().split('\n')[0];
    probe.buildkit = true;
    const help = await exec(cli, ['buildx', 'build', '--help'], env);
    probe.rawjson = /rawjson/.test(help.stdout);
    return probe;
  }
  const v = cliVersion(probe.version ?? '');
  if (!v) {
    probe.reason = `\`${cli} --version\` did not answer`;
  } else if (v[0] >= 23) {
    // Docker 23+ hands BuildKit builds to buildx; without the plugin it can only use the classic builder.
    probe.reason = `docker ${v[0]}.${v[1]} at ${cli} has no buildx plugin`;
  } else if (v[0] < 18 || (v[0] === 18 && v[1] < 9)) {
    probe.reason = `docker ${v[0]}.${v[1]} at ${cli} predates BuildKit`;
  } else {
    probe.buildkit = true;
  }
  return probe;
}

/** The first docker CLI on PATH that builds with BuildKit, with why each earlier one could not. */
export async function findBuildKitCli(
  env: NodeJS.ProcessEnv = process.env,
  exec: Exec = realExec,
): Promise<{ found?: CliProbe; rejected: CliProbe[] }> {
  const rejected: CliProbe[] = [];
  for (const cli of dockerClisOnPath(env)) {
    const probe = await probeCli(cli, env, exec);
    if (probe.buildkit) return { found: probe, rejected };
    rejected.push(probe);
  }
  return { rejected };
}

/** Podman answers `/version` with a component named "Podman Engine". */
export async function isPodman(docker: Dockerode): Promise<boolean> {
  const version = (await docker.version()) as { Components?: { Name?: string }[]; Platform?: { Name?: string } };
  return (
    !!version.Components?.some((c) => /podman/i.test(c.Name ?? '')) || /podman/i.test(version.Platform?.Name ?? '')
  );
}

export function builderFromProbe(probe: CliProbe): Builder {
  if (probe.buildx) {
    const name = /v?\d+\.\d+\.\d+/.exec(probe.buildx)?.[0] ?? '';
    return {
      kind: 'buildx',
      cli: probe.path,
      progress: probe.rawjson ? 'rawjson' : 'plain',
      label: `BuildKit (docker buildx ${name}, ${probe.path})`.replace(' ,', ','),
    };
  }
  const v = cliVersion(probe.version ?? '');
  return {
    kind: 'docker-buildkit',
    cli: probe.path,
    progress: 'plain',
    label: `BuildKit (docker ${v ? v.join('.') : ''} build, ${probe.path})`,
  };
}

/** The builder for a daemon: Podman's API for Podman, else BuildKit through a docker CLI, else the classic API. */
export async function chooseBuilder(
  docker: Dockerode,
  env: NodeJS.ProcessEnv = process.env,
  exec: Exec = realExec,
): Promise<Builder> {
  if (await isPodman(docker).catch(() => false)) {
    return { kind: 'podman-api', label: 'Podman (Buildah, through its Docker-compatible API)' };
  }
  const { found, rejected } = await findBuildKitCli(env, exec);
  if (found) return builderFromProbe(found);
  const why = rejected.length ? rejected.map((p) => p.reason).join('; ') : 'no `docker` CLI on PATH';
  return {
    kind: 'classic-api',
    label: 'the classic builder (Docker API)',
    note: `No BuildKit-capable docker CLI was found (${why}), so this build used the daemon's deprecated classic builder: \`RUN --mount\`, \`COPY --link/--chmod\` and \`# syntax=\` need BuildKit. Install the buildx plugin to build as \`docker build\` does.`,
  };
}

/** Runs a build with the chosen builder. */
export function runBuild(
  builder: Builder,
  docker: Dockerode,
  connection: ResolvedConnection | undefined,
  request: BuildRequest,
): Promise<BuildResult> {
  if (builder.cli) return buildWithCli(builder, connection, request);
  return buildImage(docker, request, builder.label);
}
