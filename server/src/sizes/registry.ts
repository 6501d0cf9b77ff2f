// Download size of an image from its registry (OCI distribution API): resolve the tag, pick the
// platform's manifest from an index, sum the layer sizes. Anonymous only: credentials are never
// sent; Docker Hub gets the anonymous bearer-token flow. Every failure is a result, never a throw.
// Proxies (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, VS Code's http.proxy) are honoured through proxy.ts.
import { parseImageReference } from './reference';
import { normalisePlatform } from './platform';
import { readCache, writeCache } from './cache';
import { fetchFor, proxyFromEnv, ProxyError, RefusedError, type ProxyConfig, type RequestGuard } from './proxy';
import { notPublicReason, publicOnlyLookup, realmRefusal } from './guard';
import { lookup as systemLookup } from 'node:dns';

export const DEFAULT_REGISTRY_TIMEOUT_MS = 3000;
export const REGISTRY_CACHE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

const INDEX_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
];
const MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];
const ACCEPT = [...INDEX_TYPES, ...MANIFEST_TYPES].join(', ');
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

export interface RegistryLookupOptions {
  /** `os/arch[/variant]`; default linux/amd64. */
  platform?: string;
  /** Budget for the whole look-up (token + index + manifest); default 3 s. */
  timeoutMs?: number;
  /** Directory for the one-day cache; no caching when absent. */
  cacheDir?: string;
  maxAgeMs?: number;
  /** Base URL for a registry host, e.g. to point `docker.io` at a loopback registry in tests. */
  registryBaseUrl?: (registry: string) => string | undefined;
  /** Proxy to go through (proxy.ts); default: HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment. */
  proxy?: ProxyConfig;
  /**
   * Untrusted workspace: ask only public hosts (sizes/guard.ts) — the registry a reference names,
   * the token realm it answers with and every redirect. A base URL given by `registryBaseUrl` is
   * the caller's own configuration and is not checked (what it sends the look-up to still is).
   */
  publicOnly?: boolean;
  now?: () => number;
}

export interface RegistryLayer {
  digest: string;
  size: number;
}

export interface RegistrySize {
  /** The reference as looked up (familiar form). */
  ref: string;
  platform: string;
  /** Sum of the platform manifest's layer sizes: what `docker pull` downloads. */
  compressedBytes: number;
  layers: RegistryLayer[];
  /** Digest of the platform manifest. */
  manifestDigest?: string;
  /** Registry base URL asked. */
  registryUrl: string;
  /** ISO time of the look-up (from the cache when `fromCache`). */
  fetchedAt: string;
  fromCache: boolean;
}

export type RegistryFailure =
  | 'invalid-reference'
  | 'not-found'
  | 'no-platform'
  | 'unauthorized'
  | 'timeout'
  | 'unreachable'
  | 'refused'
  | 'bad-response';

export type RegistryResult = { ok: true; size: RegistrySize } | { ok: false; reason: RegistryFailure; message: string };

class LookupError extends Error {
  constructor(
    readonly reason: RegistryFailure,
    message: string,
  ) {
    super(message);
  }
}

/** Default base URL: Docker Hub's API host, plain HTTP for loopback registries, HTTPS otherwise. */
export function defaultRegistryBaseUrl(registry: string): string {
  if (registry === 'docker.io') return 'https://registry-1.docker.io';
  const host = registry.replace(/:\d+$/, '');
  const loopback = host === 'localhost' || host.startsWith('127.') || host === '[::1]';
  return `${loopback ? 'http' : 'https'}://${registry}`;
}

/** Looks up the download size of `ref` for a platform. Resolves to a failure instead of throwing. */
export async function lookupRegistrySize(ref: string, options: RegistryLookupOptions = {}): Promise<RegistryResult> {
  const parsed = parseImageReference(ref);
  if (!parsed) return { ok: false, reason: 'invalid-reference', message: `not an image reference: ${ref}` };
  const platform = normalisePlatform(options.platform);
  const configured = options.registryBaseUrl?.(parsed.registry);
  const baseUrl = (configured ?? defaultRegistryBaseUrl(parsed.registry)).replace(/\/+$/, '');
  const reference = parsed.digest ?? parsed.tag;
  const now = options.now ?? Date.now;
  const cacheKey = `registry|${baseUrl}|${parsed.repository}|${reference}|${platform}`;

  if (options.cacheDir) {
    const cached = await readCache<RegistrySize>(
      options.cacheDir,
      cacheKey,
      options.maxAgeMs ?? REGISTRY_CACHE_MAX_AGE_MS,
      now(),
    );
    if (cached) return { ok: true, size: { ...cached, fromCache: true } };
  }

  const timeoutMs = options.timeoutMs ?? DEFAULT_REGISTRY_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const guard = options.publicOnly ? publicOnlyGuard(configured === undefined ? undefined : baseUrl) : undefined;
    const session = new RegistrySession(
      baseUrl,
      parsed.repository,
      signal,
      fetchFor(options.proxy ?? proxyFromEnv(), guard),
    );
    let { body, digest } = await session.manifest(reference);
    if (isIndex(body)) {
      const chosen = pickPlatform(body, platform);
      if (!chosen) throw new LookupError('no-platform', `${parsed.familiar} has no ${platform} image`);
      ({ body, digest } = await session.manifest(chosen));
    }
    const layers = readLayers(body);
    const size: RegistrySize = {
      ref: parsed.familiar,
      platform,
      compressedBytes: layers.reduce((sum, l) => sum + l.size, 0),
      layers,
      manifestDigest: digest,
      registryUrl: baseUrl,
      fetchedAt: new Date(now()).toISOString(),
      fromCache: false,
    };
    if (options.cacheDir) await writeCache(options.cacheDir, cacheKey, size, now());
    return { ok: true, size };
  } catch (err) {
    if (err instanceof LookupError) return { ok: false, reason: err.reason, message: err.message };
    if (err instanceof RefusedError)
      return {
        ok: false,
        reason: 'refused',
        message: `not asked: ${err.message} (untrusted workspace: only public registries are looked up)`,
      };
    if (signal.aborted)
      return { ok: false, reason: 'timeout', message: `${baseUrl} did not answer within ${timeoutMs} ms` };
    return { ok: false, reason: 'unreachable', message: `${baseUrl}: ${describeNetworkError(err)}` };
  }
}

/** Untrusted workspace: only public hosts, except the caller's own configured base URL. */
function publicOnlyGuard(configuredBase: string | undefined): RequestGuard {
  const exempt = configuredBase ? new URL(configuredBase) : undefined;
  return {
    refuse: (url) =>
      exempt && url.origin === exempt.origin ? Promise.resolve(undefined) : notPublicReason(url.hostname),
    lookup: (hostname, options, callback) =>
      exempt && hostname === exempt.hostname
        ? systemLookup(hostname, options, callback as never)
        : publicOnlyLookup(hostname, options, callback as never),
  };
}

/** One repository on one registry, holding the anonymous token once obtained. */
class RegistrySession {
  private token: string | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly repository: string,
    private readonly signal: AbortSignal,
    private readonly fetch: ReturnType<typeof fetchFor>,
  ) {}

  async manifest(reference: string): Promise<{ body: unknown; digest?: string }> {
    const url = `${this.baseUrl}/v2/${this.repository}/manifests/${reference}`;
    let response = await this.get(url);
    if (response.status === 401 && this.token === undefined) {
      await discard(response);
      this.token = await this.anonymousToken(response.headers.get('www-authenticate'));
      response = await this.get(url);
    }
    if (response.status === 404) {
      await discard(response);
      throw new LookupError('not-found', `${this.repository}:${reference} not found on ${this.baseUrl}`);
    }
    if (response.status === 401 || response.status === 403) {
      await discard(response);
      throw new LookupError('unauthorized', `${this.baseUrl} requires credentials for ${this.repository}`);
    }
    if (!response.ok) {
      await discard(response);
      throw new LookupError('bad-response', `${url}: HTTP ${response.status}`);
    }
    const text = await readLimited(response);
    try {
      return { body: JSON.parse(text), digest: response.headers.get('docker-content-digest') ?? undefined };
    } catch {
      throw new LookupError('bad-response', `${url}: manifest is not JSON`);
    }
  }

  private get(url: string): Promise<Response> {
    const headers: Record<string, string> = { Accept: ACCEPT };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    return this.fetch(url, { headers, signal: this.signal });
  }

  /** Anonymous bearer token (`WWW-Authenticate: Bearer realm=...,service=...,scope=...`); never sends credentials. */
  private async anonymousToken(challenge: string | null): Promise<string> {
    const params = challenge ? parseBearerChallenge(challenge) : undefined;
    if (!params?.realm)
      throw new LookupError('unauthorized', `${this.baseUrl} asks for credentials (${challenge ?? 'no challenge'})`);
    let realm: URL;
    try {
      realm = new URL(params.realm);
    } catch {
      throw new LookupError('unauthorized', `${this.baseUrl} names a token realm that is not a URL`);
    }
    // The realm is the registry's choice: fetched only on its own host or its known token service.
    const refusal = realmRefusal(realm, new URL(this.baseUrl));
    if (refusal) throw new LookupError('unauthorized', `${refusal}: not asked for a token`);
    if (params.service) realm.searchParams.set('service', params.service);
    realm.searchParams.set('scope', params.scope ?? `repository:${this.repository}:pull`);
    const response = await this.fetch(realm, { signal: this.signal });
    if (!response.ok) {
      await discard(response);
      throw new LookupError('unauthorized', `anonymous token refused by ${realm.origin} (HTTP ${response.status})`);
    }
    let body: { token?: unknown; access_token?: unknown } | null;
    try {
      body = JSON.parse(await readLimited(response));
    } catch (e) {
      if (e instanceof LookupError) throw e;
      throw new LookupError('unauthorized', `${realm.origin} answered a token that is not JSON`);
    }
    const token = body?.token ?? body?.access_token;
    if (typeof token !== 'string' || !token) throw new LookupError('unauthorized', `no token from ${realm.origin}`);
    return token;
  }
}

/** Parses `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="..."`. */
export function parseBearerChallenge(header: string): Record<string, string> | undefined {
  const match = /^\s*Bearer\s+(.*)$/i.exec(header);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  for (const m of match[1].matchAll(/([a-zA-Z_]+)\s*=\s*(?:"([^"]*)"|([^,\s]*))/g))
    params[m[1].toLowerCase()] = m[2] ?? m[3];
  return params;
}

interface IndexEntry {
  digest?: string;
  platform?: { os?: string; architecture?: string; variant?: string };
  annotations?: Record<string, string>;
}

function isIndex(body: unknown): body is { manifests: IndexEntry[] } {
  return typeof body === 'object' && body !== null && Array.isArray((body as { manifests?: unknown }).manifests);
}

/**
 * The digest of the platform's manifest. Attestation entries (`unknown/unknown`, or annotated
 * `vnd.docker.reference.type: attestation-manifest`) are never picked. arm64 without a variant
 * matches `v8`, as Docker does.
 */
export function pickPlatform(index: { manifests: IndexEntry[] }, platform: string): string | undefined {
  const [os, arch, variant] = platform.split('/');
  const candidates = index.manifests.filter((m) => {
    if (!m || typeof m !== 'object') return false;
    const p = m.platform;
    if (!m.digest || !p || p.os === 'unknown' || p.architecture === 'unknown') return false;
    if (m.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest') return false;
    return p.os === os && p.architecture === arch;
  });
  const wanted = variant ?? (arch === 'arm64' ? 'v8' : undefined);
  const exact = candidates.find((m) => (m.platform!.variant ?? undefined) === wanted);
  return (exact ?? (variant ? undefined : candidates[0]))?.digest;
}

function readLayers(body: unknown): RegistryLayer[] {
  const layers = body && typeof body === 'object' ? (body as { layers?: unknown }).layers : undefined;
  if (!Array.isArray(layers)) throw new LookupError('bad-response', 'manifest has no layers');
  return layers.map((l) => {
    const layer = (l ?? {}) as { digest?: unknown; size?: unknown };
    if (typeof layer.size !== 'number' || typeof layer.digest !== 'string')
      throw new LookupError('bad-response', 'layer without size');
    return { digest: layer.digest, size: layer.size };
  });
}

/** The body as text, refused past MAX_MANIFEST_BYTES even when chunked (no Content-Length to trust). */
async function readLimited(response: Response): Promise<string> {
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

async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // The body may already be closed; nothing to release.
  }
}

function describeNetworkError(err: unknown): string {
  if (err instanceof ProxyError) return err.message;
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}
