// Builds through the user's docker CLI with BuildKit (see builder.ts for which CLI): the CLI reads
// `.dockerignore`, credential helpers and `# syntax=` itself; we pass the daemon Layerwise resolved
// (DOCKER_HOST or DOCKER_CONTEXT), read its progress into steps, and take the image id from
// `--iidfile`. Cancelling interrupts the CLI (SIGINT, as Ctrl+C), which cancels the build.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ResolvedConnection } from './connection';
import type { Builder } from './builder';
import { BuildProgress } from './buildProgress';
import { BuildError, buildLabels, cancelledError, type BuildRequest, type BuildResult } from './build';

/** The CLI's environment: the user's, pointed at the daemon Layerwise resolved, BuildKit on. */
export function cliEnv(
  connection: ResolvedConnection | undefined,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, DOCKER_BUILDKIT: '1' };
  delete env.BUILDKIT_PROGRESS;
  if (!connection) return env;
  if (connection.context && connection.source !== 'setting' && connection.source !== 'DOCKER_HOST') {
    delete env.DOCKER_HOST;
    env.DOCKER_CONTEXT = connection.context;
  } else {
    env.DOCKER_HOST = connection.url.startsWith('/') ? `unix://${connection.url}` : connection.url;
    delete env.DOCKER_CONTEXT;
  }
  return env;
}

export function cliBuildArgs(builder: Builder, request: BuildRequest, iidFile: string): string[] {
  const args = builder.kind === 'buildx' ? ['buildx', 'build', '--load'] : ['build'];
  args.push(
    `--progress=${builder.progress ?? 'plain'}`,
    '--iidfile',
    iidFile,
    '-t',
    request.tag,
    '-f',
    path.join(request.contextDir, request.dockerfile),
  );
  for (const [key, value] of Object.entries(buildLabels(request))) args.push('--label', `${key}=${value}`);
  const network = request.network ?? 'default';
  if (network !== 'default') args.push('--network', network);
  if (request.target) args.push('--target', request.target);
  for (const [key, value] of Object.entries(request.buildArgs ?? {})) args.push('--build-arg', `${key}=${value}`);
  args.push(request.contextDir);
  return args;
}

export async function buildWithCli(
  builder: Builder,
  connection: ResolvedConnection | undefined,
  request: BuildRequest,
  baseEnv: NodeJS.ProcessEnv = process.env,
): Promise<BuildResult> {
  if (!builder.cli) throw new Error(`builder ${builder.kind} has no CLI`);
  request.signal?.throwIfAborted();
  const tmp = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'layerwise-build-'));
  const iidFile = path.join(tmp, 'iid');
  const progress = new BuildProgress(request.onSteps);
  const log: string[] = [];
  const child = spawn(builder.cli, cliBuildArgs(builder, request, iidFile), {
    env: cliEnv(connection, baseEnv),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let killTimer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    child.kill('SIGINT');
    killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  };
  request.signal?.addEventListener('abort', onAbort, { once: true });
  const lines = (stream: NodeJS.ReadableStream) => {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      pending += chunk;
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        line(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
      }
    });
    stream.on('end', () => pending && line(pending));
  };
  const line = (text: string) => {
    const readable = builder.progress === 'rawjson' && text.startsWith('{') ? progress.rawJsonLine(text) : undefined;
    if (readable) {
      for (const l of readable) {
        log.push(l);
        request.onLog?.(l);
      }
      return;
    }
    log.push(text);
    request.onLog?.(text);
    progress.plainLine(text);
  };
  lines(child.stdout);
  lines(child.stderr);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (exit) => resolve(exit));
    });
    if (request.signal?.aborted) {
      progress.cancelled();
      throw cancelledError();
    }
    if (code !== 0) {
      const failed = progress.failed();
      const message =
        failed?.error ?? [...log].reverse().find((l) => l.trim()) ?? `the docker CLI exited with code ${code}`;
      throw new BuildError(message, log, 'build-failed', progress.list());
    }
    const imageId = (await fs.promises.readFile(iidFile, 'utf8')).trim();
    if (!imageId)
      throw new BuildError(
        'The docker CLI finished without writing the image id.',
        log,
        'build-failed',
        progress.list(),
      );
    return { imageId, tag: request.tag, stageImageIds: [], steps: progress.list(), builder: builder.label };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !(err instanceof BuildError)) {
      throw new BuildError(
        `The docker CLI ${builder.cli} could not be started (${(err as Error).message}).`,
        log,
        'build-failed',
      );
    }
    throw err;
  } finally {
    request.signal?.removeEventListener('abort', onAbort);
    if (killTimer) clearTimeout(killTimer);
    await fs.promises.rm(tmp, { recursive: true, force: true });
  }
}
