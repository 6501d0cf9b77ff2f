// The build request every builder takes, and the daemon API's build (POST /build, the classic
// builder on Docker, Buildah on Podman) with a streamed tar of the context that honours
// `.dockerignore`. builder.ts chooses between this and BuildKit through the user's CLI
// (cliBuild.ts). The log is streamed line by line; cancelling aborts the request (the daemon then
// stops the build). A stream that ends without an image id is an error.
import { createHash } from 'node:crypto';
import type Dockerode from 'dockerode';
import { packBuildContext } from './buildContext';
import { BuildProgress, type BuildStep } from './buildProgress';
import { DOCKERFILE_LABEL, WORKSPACE_LABEL } from './images';

/**
 * The network RUN steps get (the `layerwise.build.network` setting): `default` is the builder's
 * own (on Docker an isolated bridge: RUN cannot reach the host's 127.0.0.1), `none` nothing,
 * `host` the host's network, only when the user opts in.
 */
export type BuildNetwork = 'default' | 'none' | 'host';
export const BUILD_NETWORKS: readonly BuildNetwork[] = ['default', 'none', 'host'];

export interface BuildRequest {
  contextDir: string;
  /** The Dockerfile, relative to the context, `/`-separated. */
  dockerfile: string;
  /** e.g. `layerwise/app:20260101-120000`. */
  tag: string;
  /** Workspace-relative path recorded in the `dev.layerwise.dockerfile` label. */
  dockerfileLabel?: string;
  /** `workspaceId(folder)` recorded in the `dev.layerwise.workspace` label. */
  workspace?: string;
  labels?: Record<string, string>;
  target?: string;
  buildArgs?: Record<string, string>;
  /** Default: the builder's own network. */
  network?: BuildNetwork;
  signal?: AbortSignal;
  /** Each line of build output, as it comes. */
  onLog?: (line: string) => void;
  /** The steps so far, each time one starts, ends or prints. */
  onSteps?: (steps: BuildStep[]) => void;
}

export interface BuildResult {
  imageId: string;
  tag: string;
  /** Final images of earlier stages that the classic builder leaves untagged. */
  stageImageIds: string[];
  steps: BuildStep[];
  /** Which builder built it, as the panel says it. */
  builder: string;
}

export class BuildError extends Error {
  constructor(
    message: string,
    readonly log: string[],
    readonly code?: string,
    readonly steps: BuildStep[] = [],
  ) {
    super(message);
    this.name = 'BuildError';
  }
}

export function cancelledError(): Error {
  return Object.assign(new Error('build cancelled'), { name: 'AbortError' });
}

/** The labels every Layerwise build carries: the caller's, plus which Dockerfile of which workspace. */
export function buildLabels(request: BuildRequest): Record<string, string> {
  return {
    ...request.labels,
    ...(request.dockerfileLabel !== undefined ? { [DOCKERFILE_LABEL]: request.dockerfileLabel } : {}),
    ...(request.workspace !== undefined ? { [WORKSPACE_LABEL]: request.workspace } : {}),
  };
}

interface BuildMessage {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
}

/** A name as a reference part: lower case, `[a-z0-9._-]`, no leading or trailing separator. */
function referencePart(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '')
      .slice(0, 100) || 'image'
  );
}

/** A tag unique to this moment, `layerwise/<name>:<yyyymmdd-hhmmss>` (tests' throw-away images). */
export function layerwiseTag(name: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `layerwise/${referencePart(name)}:${stamp}`;
}

/**
 * The one tag of a Dockerfile's builds: `layerwise/<name>:<8 hex>`, the hex from the workspace id and
 * the Dockerfile's path, so two projects' `app/Dockerfile` never share it; `variant` (e.g. `split`)
 * gives a second tag of its own. Each build moves it (see cleanup.ts for the history it leaves).
 */
export function dockerfileTag(name: string, dockerfile: string, workspace = '', variant?: string): string {
  const key = createHash('sha256').update(`${workspace}\0${dockerfile}`).digest('hex').slice(0, 8);
  return `layerwise/${referencePart(name)}:${key}${variant ? `-${referencePart(variant)}` : ''}`;
}

/** Builds through the daemon API. `builder` names it for the panel (the classic builder, or Podman's). */
export async function buildImage(
  docker: Dockerode,
  request: BuildRequest,
  builder = 'the classic builder (Docker API)',
): Promise<BuildResult> {
  request.signal?.throwIfAborted();
  const options: Record<string, unknown> = {
    t: request.tag,
    dockerfile: request.dockerfile,
    labels: buildLabels(request),
    rm: true,
    forcerm: true,
    abortSignal: request.signal,
  };
  // `default` sends no network mode: the daemon's default, as `docker build` without --network.
  if (request.network && request.network !== 'default') options.networkmode = request.network;
  if (request.target) options.target = request.target;
  if (request.buildArgs) options.buildargs = request.buildArgs;
  const context = packBuildContext(request.contextDir, request.dockerfile);
  const log: string[] = [];
  const progress = new BuildProgress(request.onSteps);
  const emit = (line: string) => {
    log.push(line);
    request.onLog?.(line);
    progress.classicLine(line);
  };
  const response = (await docker.buildImage(
    context as unknown as NodeJS.ReadableStream,
    options,
  )) as NodeJS.ReadableStream & { destroy(err?: Error): void };
  const onAbort = () => response.destroy(cancelledError());
  request.signal?.addEventListener('abort', onAbort, { once: true });
  let imageId: string | undefined;
  let lastId: string | undefined;
  const stageImageIds: string[] = [];
  let pending = '';
  const handle = (raw: string) => {
    if (!raw.trim()) return;
    let message: BuildMessage;
    try {
      message = JSON.parse(raw) as BuildMessage;
    } catch {
      emit(raw);
      return;
    }
    if (message.error) {
      const text = message.errorDetail?.message ?? message.error;
      progress.classicEnd(text);
      throw new BuildError(text, log, 'build-failed', progress.list());
    }
    if (message.aux?.ID) imageId = message.aux.ID;
    const text = message.stream ?? message.status;
    if (!text) return;
    for (const line of text.replace(/\n$/, '').split('\n')) {
      emit(line);
      const id = /^ ---> ([0-9a-f]{12,64})\s*$/.exec(line)?.[1];
      if (id) lastId = id;
      else if (/^Step \d+\/\d+ : FROM /i.test(line) && lastId) stageImageIds.push(lastId);
      const built = /^Successfully built ([0-9a-f]{12,64})/.exec(line)?.[1];
      if (built && !imageId) imageId = built;
    }
  };
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      pending += chunk.toString('utf8');
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        handle(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
      }
    }
    handle(pending);
  } catch (err) {
    if (err instanceof BuildError) throw err;
    if (request.signal?.aborted) {
      progress.cancelled();
      throw cancelledError();
    }
    throw err;
  } finally {
    request.signal?.removeEventListener('abort', onAbort);
  }
  if (request.signal?.aborted) {
    progress.cancelled();
    throw cancelledError();
  }
  if (!imageId)
    throw new BuildError(
      'The build ended before the daemon reported an image: the daemon closed the connection.',
      log,
      'ECONNRESET',
      progress.list(),
    );
  progress.classicEnd();
  return { imageId, tag: request.tag, stageImageIds, steps: progress.list(), builder };
}
