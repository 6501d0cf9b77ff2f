// Builds a Dockerfile through the daemon API (POST /build) with a streamed tar of the context
// that honours `.dockerignore`. The log is streamed line by line; cancelling aborts the request
// (the daemon then stops the build). A stream that ends without an image id is an error.
import type Dockerode from 'dockerode';
import { packBuildContext } from './buildContext';
import { DOCKERFILE_LABEL } from './images';

export interface BuildRequest {
  contextDir: string;
  /** The Dockerfile, relative to the context, `/`-separated. */
  dockerfile: string;
  /** e.g. `layerwise/app:20260101-120000`. */
  tag: string;
  /** Workspace-relative path recorded in the `dev.layerwise.dockerfile` label. */
  dockerfileLabel?: string;
  labels?: Record<string, string>;
  target?: string;
  buildArgs?: Record<string, string>;
  networkMode?: 'host' | 'none' | 'default';
  signal?: AbortSignal;
  /** Each line of build output, as it comes. */
  onLog?: (line: string) => void;
}

export interface BuildResult {
  imageId: string;
  tag: string;
  /** Final images of earlier stages that the classic builder leaves untagged. */
  stageImageIds: string[];
}

export class BuildError extends Error {
  constructor(message: string, readonly log: string[], readonly code?: string) {
    super(message);
    this.name = 'BuildError';
  }
}

interface BuildMessage {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
}

export function layerwiseTag(name: string, now = new Date()): string {
  const safe = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '') || 'image';
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `layerwise/${safe}:${stamp}`;
}

export async function buildImage(docker: Dockerode, request: BuildRequest): Promise<BuildResult> {
  request.signal?.throwIfAborted();
  const labels = { ...request.labels, ...(request.dockerfileLabel !== undefined ? { [DOCKERFILE_LABEL]: request.dockerfileLabel } : {}) };
  const options: Record<string, unknown> = {
    t: request.tag,
    dockerfile: request.dockerfile,
    labels,
    networkmode: request.networkMode ?? 'host',
    rm: true,
    forcerm: true,
    abortSignal: request.signal,
  };
  if (request.target) options.target = request.target;
  if (request.buildArgs) options.buildargs = request.buildArgs;
  const context = packBuildContext(request.contextDir, request.dockerfile);
  const log: string[] = [];
  const emit = (line: string) => {
    log.push(line);
    request.onLog?.(line);
  };
  const response = (await docker.buildImage(context as unknown as NodeJS.ReadableStream, options)) as NodeJS.ReadableStream & { destroy(err?: Error): void };
  const onAbort = () => response.destroy(Object.assign(new Error('build cancelled'), { name: 'AbortError' }));
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
    if (message.error) throw new BuildError(message.errorDetail?.message ?? message.error, log, 'build-failed');
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
    if (request.signal?.aborted) throw Object.assign(new Error('build cancelled'), { name: 'AbortError' });
    throw err;
  } finally {
    request.signal?.removeEventListener('abort', onAbort);
  }
  if (request.signal?.aborted) throw Object.assign(new Error('build cancelled'), { name: 'AbortError' });
  if (!imageId) throw new BuildError('The build ended before the daemon reported an image: the daemon closed the connection.', log, 'ECONNRESET');
  return { imageId, tag: request.tag, stageImageIds };
}
