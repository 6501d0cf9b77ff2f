// Read-only questions to the daemon: which images exist, their history, their exact waste.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type Dockerode from 'dockerode';
import { scanImageArchive, type ScanOptions } from './archive';
import { layerHistoryIndexes } from './layerMap';
import { computeWaste, type WasteReport } from './waste';

/** Label the extension's own builds carry: the Dockerfile's workspace-relative path (`/`-separated). */
export const DOCKERFILE_LABEL = 'dev.layerwise.dockerfile';
/** With it, which workspace folder: `workspaceId(folder)`, so another project's `Dockerfile` is not this one's. */
export const WORKSPACE_LABEL = 'dev.layerwise.workspace';

/** A workspace folder's id in image labels: a hash of its absolute path (the path itself stays off the image). */
export function workspaceId(folderPath: string): string {
  return createHash('sha256').update(path.resolve(folderPath)).digest('hex').slice(0, 16);
}

/** Whether an image was built by Layerwise from this Dockerfile of this workspace folder. */
export function builtFrom(labels: Record<string, string>, relPath: string, workspace: string | undefined): boolean {
  return labels[DOCKERFILE_LABEL] === relPath && (workspace === undefined || labels[WORKSPACE_LABEL] === workspace);
}

export interface ImageRow {
  id: string;
  tags: string[];
  /** Unix seconds. */
  created: number;
  size: number;
  labels: Record<string, string>;
}

export interface HistoryRow {
  /** Image id of the step, or `<missing>`. */
  id: string;
  createdBy: string;
  size: number;
  /** Unix seconds. */
  created: number;
}

export interface ImageDetail extends ImageRow {
  /** Oldest first. */
  history: HistoryRow[];
  platform: string;
}

/** Every local image (or those with the given label value), newest first (`newestFirst`: the daemon gives whole seconds). */
export async function listImages(
  docker: Dockerode,
  options: { dockerfileLabel?: string; workspace?: string } = {},
): Promise<ImageRow[]> {
  const label = [
    ...(options.dockerfileLabel !== undefined ? [`${DOCKERFILE_LABEL}=${options.dockerfileLabel}`] : []),
    ...(options.workspace !== undefined ? [`${WORKSPACE_LABEL}=${options.workspace}`] : []),
  ];
  const filters = label.length ? { label } : undefined;
  const list = await docker.listImages(filters ? { filters } : {});
  return list
    .map((i) => ({
      id: i.Id,
      tags: (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
      created: i.Created,
      size: i.Size,
      labels: i.Labels ?? {},
    }))
    .sort(newestFirst());
}

/**
 * Orders images newest first by `time` (by default the list's whole seconds); on a tie a tagged image
 * comes first, as a Dockerfile's tag moves to its newest build.
 */
export function newestFirst<Row extends Pick<ImageRow, 'created' | 'tags'>>(
  time: (row: Row) => bigint = (row) => BigInt(row.created),
): (a: Row, b: Row) => number {
  return (a, b) => {
    const ta = time(a);
    const tb = time(b);
    if (ta !== tb) return ta > tb ? -1 : 1;
    return Number(b.tags.length > 0) - Number(a.tags.length > 0);
  };
}

/**
 * An image's creation time in nanoseconds since the epoch, from `inspect`'s RFC 3339 text (the image list
 * gives whole seconds only, and two builds of one Dockerfile often finish within the same second).
 * Undefined for a text that is not such a time.
 */
export function createdNanoseconds(rfc3339: string): bigint | undefined {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(rfc3339);
  const millis = m ? Date.parse(`${m[1]}${m[3]}`) : Number.NaN;
  if (!m || Number.isNaN(millis)) return undefined;
  return BigInt(millis) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0').slice(0, 9));
}

/** One image's `inspect` and `history`, as the daemon answers them (history newest first). */
export interface InspectedImage {
  info: Dockerode.ImageInspectInfo;
  history: { Id?: string; CreatedBy?: string; Size?: number; Created?: number }[];
}

/**
 * The one place that reads an image and its history from the daemon (the panel and the size look-ups both
 * use it). Throws dockerode's errors (404 when absent); throws too when something that is not a Docker daemon
 * answers on the socket with non-JSON, which dockerode hands back as is.
 */
export async function inspectImage(docker: Dockerode, nameOrId: string): Promise<InspectedImage> {
  const image = docker.getImage(nameOrId);
  const [info, history] = await Promise.all([image.inspect(), image.history() as Promise<InspectedImage['history']>]);
  if (typeof info?.Id !== 'string' || typeof info.Size !== 'number' || !Array.isArray(history)) {
    throw Object.assign(new Error(`the socket did not answer like a Docker daemon (image ${nameOrId})`), {
      notADaemon: true,
    });
  }
  return { info, history };
}

export async function imageDetail(docker: Dockerode, id: string): Promise<ImageDetail> {
  const { info, history } = await inspectImage(docker, id);
  return {
    id: info.Id,
    tags: info.RepoTags ?? [],
    created: Math.floor(new Date(info.Created).getTime() / 1000),
    size: info.Size,
    labels: info.Config?.Labels ?? {},
    platform: [info.Os, info.Architecture].filter(Boolean).join('/'),
    history: history
      .map((h) => ({ id: h.Id ?? '', createdBy: h.CreatedBy ?? '', size: h.Size ?? 0, created: h.Created ?? 0 }))
      .reverse(),
  };
}

export interface ImageWaste extends WasteReport {
  /** For each waste group's layers, the history index (oldest first) that made the layer. */
  layerToHistory: number[];
  layerBytes: number[];
  archiveBytes: number;
}

/** Streams `GET /images/{id}/get` and computes the exact waste; the archive is never held in memory. */
export async function computeImageWaste(docker: Dockerode, id: string, options: ScanOptions = {}): Promise<ImageWaste> {
  options.signal?.throwIfAborted();
  const stream = await untilAborted(
    docker.getImage(id).get() as Promise<NodeJS.ReadableStream & { destroy(err?: Error): void }>,
    options.signal,
  );
  const onAbort = () => stream.destroy(Object.assign(new Error('cancelled'), { name: 'AbortError' }));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const scanned = await scanImageArchive(stream as AsyncIterable<Buffer>, options);
    const report = computeWaste(scanned.layers);
    return {
      ...report,
      layerToHistory: layerHistoryIndexes(scanned.config.history ?? []),
      layerBytes: scanned.layers.map((l) => l.bytes),
      archiveBytes: scanned.archiveBytes,
    };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    stream.destroy();
  }
}

const abortError = () => Object.assign(new Error('cancelled'), { name: 'AbortError' });

/**
 * The stream once the daemon starts answering, or an AbortError as soon as `signal` aborts: a
 * daemon that accepts and never answers must not hold a cancelled scan (dockerode's get() takes
 * no signal). A stream that arrives after the abort is destroyed.
 */
function untilAborted<T extends { destroy(err?: Error): void }>(
  pending: Promise<T>,
  signal: AbortSignal | undefined,
): Promise<T> {
  if (!signal) return pending;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(
      (stream) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) stream.destroy();
        else resolve(stream);
      },
      (err) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}
