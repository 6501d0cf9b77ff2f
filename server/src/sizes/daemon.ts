// Exact on-disk size and per-layer history of an image the local Docker daemon already has.
// Takes a Dockerode instance (the panel's connection) or a socket path; never pulls anything.
import type Dockerode from 'dockerode';
import { parseImageReference } from './reference';
import {
  createDockerClient,
  dockerodeClass,
  realFs,
  resolveConnection,
  type ResolverInput,
} from '../docker/connection';
import { inspectImage } from '../docker/images';

export const DEFAULT_DAEMON_TIMEOUT_MS = 3000;

export interface DaemonLayer {
  /** The instruction that made the layer, as `docker history` shows it. */
  createdBy: string;
  size: number;
  /** ISO time. */
  created: string;
}

export interface DaemonImageSize {
  ref: string;
  id: string;
  /** Exact uncompressed size on disk (`docker image inspect .Size`). */
  sizeBytes: number;
  /** `os/arch[/variant]` of the local image. */
  platform: string;
  /** ISO time the image was created. */
  created: string;
  layers: DaemonLayer[];
  /** The image's configured environment (`NODE_VERSION=20.20.2`: official images name their version there). */
  env?: string[];
  /** The image's labels (`org.opencontainers.image.version`). */
  labels?: Record<string, string>;
  /** ISO time of this look-up. */
  measuredAt: string;
}

export type DaemonResult =
  | { ok: true; image: DaemonImageSize }
  | { ok: false; reason: 'invalid-reference' | 'not-found' | 'unreachable' | 'timeout'; message: string };

export type DaemonTarget = Dockerode | string;

function connect(target: DaemonTarget): Dockerode {
  return typeof target === 'string' ? new (dockerodeClass())({ socketPath: target.replace(/^unix:\/\//, '') }) : target;
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error(`daemon did not answer within ${timeoutMs} ms`), { timeout: true })),
      timeoutMs,
    );
  });
  // Keep a late rejection of the losing promise from surfacing as unhandled.
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Looks the image up in the local daemon. Resolves to a failure (never throws) when absent or unreachable. */
export async function lookupLocalImage(
  target: DaemonTarget,
  ref: string,
  options: { timeoutMs?: number } = {},
): Promise<DaemonResult> {
  const parsed = parseImageReference(ref);
  if (!parsed) return { ok: false, reason: 'invalid-reference', message: `not an image reference: ${ref}` };
  // The daemon resolves short names itself; the familiar form is what `docker images` lists.
  const name = parsed.familiar;
  const timeoutMs = options.timeoutMs ?? DEFAULT_DAEMON_TIMEOUT_MS;
  try {
    const { info, history } = await withTimeout(inspectImage(connect(target), name), timeoutMs);
    return {
      ok: true,
      image: {
        ref: parsed.familiar,
        id: info.Id,
        sizeBytes: info.Size,
        platform: [info.Os, info.Architecture, (info as { Variant?: string }).Variant].filter(Boolean).join('/'),
        created: info.Created,
        layers: history.map((h) => ({
          createdBy: h.CreatedBy ?? '',
          size: h.Size ?? 0,
          created: new Date((h.Created ?? 0) * 1000).toISOString(),
        })),
        env: info.Config?.Env ?? [],
        labels: info.Config?.Labels ?? {},
        measuredAt: new Date().toISOString(),
      },
    };
  } catch (err) {
    const e = err as { statusCode?: number; timeout?: boolean; notADaemon?: boolean; message?: string };
    if (e.notADaemon) return { ok: false, reason: 'unreachable', message: e.message ?? String(err) };
    if (e.statusCode === 404)
      return { ok: false, reason: 'not-found', message: `${parsed.familiar} is not in the local daemon` };
    if (e.timeout) return { ok: false, reason: 'timeout', message: e.message ?? 'timeout' };
    return { ok: false, reason: 'unreachable', message: e.message ?? String(err) };
  }
}

/**
 * The daemon to ask when the caller names none, resolved like the docker CLI does
 * (docker/connection.ts: DOCKER_HOST, contexts, usual sockets). Undefined when resolution fails
 * or only a default socket that does not exist was found, so no look-up is attempted.
 */
export function defaultDaemon(input: ResolverInput = {}): Dockerode | undefined {
  const resolution = resolveConnection(input);
  if (!resolution.ok) return undefined;
  const { source, endpoint } = resolution.connection;
  if (source === 'default socket' && endpoint.socketPath && !(input.fs ?? realFs).exists(endpoint.socketPath))
    return undefined;
  return createDockerClient(resolution.connection);
}

/** `os/arch` of the daemon (its default build and pull platform), or undefined when it does not answer. */
export async function daemonPlatform(
  target: DaemonTarget,
  timeoutMs = DEFAULT_DAEMON_TIMEOUT_MS,
): Promise<string | undefined> {
  try {
    const version = await withTimeout(connect(target).version(), timeoutMs);
    return version.Os && version.Arch ? `${version.Os}/${version.Arch}` : undefined;
  } catch {
    return undefined;
  }
}
