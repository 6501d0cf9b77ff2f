// What registry look-ups share below the protocol: the failure type, the per-look-up context, the
// per-registry backoff (Retry-After honoured, persisted in the cache directory) and bounded reads.
import { readCache, writeCache } from './cache';
import type { FetchLike } from './proxy';

export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** Backoff after a 429 without Retry-After, and the longest Retry-After honoured. */
const DEFAULT_BACKOFF_MS = 60_000;
const MAX_BACKOFF_MS = 24 * 60 * 60 * 1000;

export interface RegistryLayer {
  digest: string;
  size: number;
}

export interface RegistrySize {
  /** The reference as looked up (familiar form). */
  ref: string;
  platform: string;
  /** What `docker pull` downloads: the platform manifest's layer sizes summed (Hub: its tags API's `size`). */
  compressedBytes: number;
  /** The layers, when the manifest was read (Hub's tags API gives only the total). */
  layers: RegistryLayer[];
  /** Digest of the platform manifest. */
  manifestDigest?: string;
  /** Digest the tag pointed to (index or manifest), from HEAD or Hub's tags API. */
  tagDigest?: string;
  /** Where the figure comes from: Hub's tags API or a registry's distribution API (base URL). */
  registryUrl: string;
  api: 'hub-tags' | 'distribution';
  /** ISO time the image was pushed, when the registry says (Hub's `last_pushed`). */
  lastPushed?: string;
  /** ISO time of the look-up (from the cache when `fromCache`). */
  fetchedAt: string;
  fromCache: boolean;
}

export type RegistryFailure =
  | 'invalid-reference'
  | 'not-found'
  | 'no-platform'
  | 'unauthorized'
  | 'rate-limited'
  | 'timeout'
  | 'unreachable'
  | 'refused'
  | 'deferred'
  | 'bad-response';

export type RegistryResult = { ok: true; size: RegistrySize } | { ok: false; reason: RegistryFailure; message: string };

export class LookupError extends Error {
  constructor(
    readonly reason: RegistryFailure,
    message: string,
  ) {
    super(message);
  }
}

/** What one look-up shares with its requests: the fetch, the clock, the caches, the budget. */
export interface LookupContext {
  fetch: FetchLike;
  signal: AbortSignal;
  now: () => number;
  cacheDir?: string;
}

// ---- Backoff: a registry that said "wait" (429, or 503 with Retry-After) is not asked before then.

const backoffUntil = new Map<string, number>();

function backoffKey(origin: string): string {
  return `registry-backoff|${origin}`;
}

export async function checkBackoff(ctx: LookupContext, url: string): Promise<void> {
  const origin = new URL(url).origin;
  let until = backoffUntil.get(origin);
  if (until === undefined && ctx.cacheDir) {
    until = (await readCache<{ until: number }>(ctx.cacheDir, backoffKey(origin), MAX_BACKOFF_MS, ctx.now()))?.until;
    if (until !== undefined) backoffUntil.set(origin, until);
  }
  if (until !== undefined && until > ctx.now())
    throw new LookupError(
      'rate-limited',
      `${origin} asked to wait until ${new Date(until).toISOString()} (HTTP 429): not asked before then`,
    );
}

/** Seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Docker Hub's `X-RateLimit-Reset` (Unix seconds), used when a 429 carries no Retry-After. */
export function rateLimitResetMs(header: string | null, now: number): number | undefined {
  const seconds = Number(header?.trim());
  return header && Number.isFinite(seconds) && seconds > 0 ? Math.max(0, seconds * 1000 - now) : undefined;
}

/** Records the wait a 429 (or a 503 with Retry-After) asks for, and throws the rate-limited failure. */
async function backOff(ctx: LookupContext, response: Response): Promise<never> {
  const origin = new URL(response.url || 'http://unknown').origin;
  const wait = Math.min(
    retryAfterMs(response.headers.get('retry-after'), ctx.now()) ??
      rateLimitResetMs(response.headers.get('x-ratelimit-reset'), ctx.now()) ??
      DEFAULT_BACKOFF_MS,
    MAX_BACKOFF_MS,
  );
  const until = ctx.now() + wait;
  backoffUntil.set(origin, until);
  if (ctx.cacheDir) await writeCache(ctx.cacheDir, backoffKey(origin), { until }, ctx.now());
  await discard(response);
  throw new LookupError(
    'rate-limited',
    `${origin} answered HTTP ${response.status}: not asked again before ${new Date(until).toISOString()}`,
  );
}

/** A request to `url` that honours backoff: throws rate-limited before sending, or on a 429/503 answer. */
export async function politeRequest(
  ctx: LookupContext,
  url: string,
  init: { method?: 'GET' | 'HEAD'; headers: Record<string, string> },
): Promise<Response> {
  await checkBackoff(ctx, url);
  const response = await ctx.fetch(url, { ...init, signal: ctx.signal });
  if (response.status === 429 || (response.status === 503 && response.headers.has('retry-after')))
    return backOff(ctx, withUrl(response, url));
  return response;
}

/** Our own proxy path builds Responses without a url; backoff needs the origin. */
function withUrl(response: Response, url: string): Response {
  if (response.url) return response;
  Object.defineProperty(response, 'url', { value: url });
  return response;
}

/** The body as text, refused past MAX_MANIFEST_BYTES even when chunked (no Content-Length to trust). */
export async function readLimited(response: Response): Promise<string> {
  const length = Number(response.headers.get('content-length') ?? '0');
  if (length > MAX_MANIFEST_BYTES) {
    await discard(response);
    throw new LookupError('bad-response', `manifest too large (${length} bytes)`);
  }
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let received = 0;
  for await (const chunk of response.body) {
    received += chunk.byteLength;
    if (received > MAX_MANIFEST_BYTES) {
      await discard(response);
      throw new LookupError('bad-response', `manifest too large (over ${MAX_MANIFEST_BYTES} bytes)`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // The body may already be closed; nothing to release.
  }
}
