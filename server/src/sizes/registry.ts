// Download size of an image from its registry, without costing the user a pull:
//  - Docker Hub: one GET to Hub's tags API (`/v2/namespaces/{ns}/repositories/{repo}/tags/{tag}`,
//    hub.ts), which lists each platform's compressed size. Docker counts a manifest GET as a pull;
//    this API is not the registry and counts nothing.
//  - other registries (OCI distribution API): HEAD the tag (same Accept header) for its
//    Docker-Content-Digest; sizes are cached by digest + platform for a long time, and the index and
//    platform manifest are GOT only for a digest not seen before.
// Anonymous only: credentials are never sent; bearer tokens come from the anonymous token flow and
// are reused until `expires_in`. A 429 (or 503) with Retry-After stops every request to that
// registry until then; 404 and other lasting failures are remembered for an hour. All of it is
// persisted in the cache directory, so a restart or a CLI run does not ask again. Every failure is a
// result, never a throw. Proxies (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, VS Code's http.proxy) are
// honoured through proxy.ts, HEAD included.
import { parseImageReference, DOCKER_HUB, type ParsedImageReference } from './reference';
import { normalisePlatform, pickPlatform, type IndexEntry } from './platform';
import { readCache, writeCache } from './cache';
import {
  fetchFor,
  proxyFromEnv,
  ProxyError,
  RefusedError,
  type FetchLike,
  type ProxyConfig,
  type RequestGuard,
} from './proxy';
import { notPublicReason, publicOnlyLookup, realmRefusal } from './guard';
import { lookupHubTag, hubApiUrl } from './hub';
import {
  checkBackoff,
  discard,
  LookupError,
  politeRequest,
  readLimited,
  type LookupContext,
  type RegistryFailure,
  type RegistryLayer,
  type RegistryResult,
  type RegistrySize,
} from './registryHttp';
import type * as Dns from 'node:dns';

export { pickPlatform } from './platform';
export type { RegistryFailure, RegistryLayer, RegistryResult, RegistrySize } from './registryHttp';

export const DEFAULT_REGISTRY_TIMEOUT_MS = 3000;
/** How long a tag's answer is reused before the registry is asked again (a HEAD, or Hub's tags API). */
export const REGISTRY_CACHE_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** How long sizes are kept by digest: a digest's content never changes. */
export const DIGEST_CACHE_MAX_AGE_MS = 90 * 24 * 60 * 60 * 1000;
/** How long a lasting failure (404, no such platform, credentials needed, a bad answer) is remembered. */
export const FAILURE_CACHE_MAX_AGE_MS = 60 * 60 * 1000;
/** Token lifetime when the token service does not say (the distribution spec's default). */
const DEFAULT_TOKEN_SECONDS = 60;

const INDEX_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
];
const MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];
const ACCEPT = [...INDEX_TYPES, ...MANIFEST_TYPES].join(', ');

export interface RegistryLookupOptions {
  /** `os/arch[/variant]`; default linux/amd64. */
  platform?: string;
  /** Budget for the whole look-up (token + HEAD + index + manifest); default 3 s. */
  timeoutMs?: number;
  /** Directory for the caches (answers, digests, failures, backoff); no caching when absent. */
  cacheDir?: string;
  maxAgeMs?: number;
  /**
   * Base URL of the distribution API for a registry host, e.g. a loopback registry in tests. For
   * `docker.io` it means a mirror speaking the distribution API, used instead of Hub's tags API.
   */
  registryBaseUrl?: (registry: string) => string | undefined;
  /** Docker Hub's tags API; default `LAYERWISE_HUB_API_URL`, else https://hub.docker.com. */
  hubApiUrl?: string;
  /** Proxy to go through (proxy.ts); default: HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment. */
  proxy?: ProxyConfig;
  /**
   * Untrusted workspace: ask only public hosts (sizes/guard.ts) — the registry a reference names,
   * the token realm it answers with and every redirect. A base URL the caller configured
   * (`registryBaseUrl`, `hubApiUrl`) is its own choice and is not checked (where it redirects to is).
   */
  publicOnly?: boolean;
  /** Answer from the caches only, sending nothing; the reason given when they have nothing. */
  cacheOnly?: string;
  now?: () => number;
}

/** Failures that say something lasting about the image: remembered for FAILURE_CACHE_MAX_AGE_MS. */
const LASTING: ReadonlySet<RegistryFailure> = new Set(['not-found', 'no-platform', 'unauthorized', 'bad-response']);

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
  const viaHub = parsed.registry === DOCKER_HUB && configured === undefined;
  const hubUrl = hubApiUrl(options.hubApiUrl);
  const baseUrl = viaHub ? hubUrl : (configured ?? defaultRegistryBaseUrl(parsed.registry)).replace(/\/+$/, '');
  const reference = parsed.digest ?? parsed.tag;
  const now = options.now ?? Date.now;
  const cacheDir = options.cacheDir;
  const cacheKey = `registry|${baseUrl}|${parsed.repository}|${reference}|${platform}`;
  const failureKey = `registry-failure|${baseUrl}|${parsed.repository}|${reference}|${platform}`;

  if (cacheDir) {
    const cached = await readCache<RegistrySize>(
      cacheDir,
      cacheKey,
      options.maxAgeMs ?? REGISTRY_CACHE_MAX_AGE_MS,
      now(),
    );
    if (cached) return { ok: true, size: { ...cached, fromCache: true } };
    const failed = await readCache<{ reason: RegistryFailure; message: string }>(
      cacheDir,
      failureKey,
      FAILURE_CACHE_MAX_AGE_MS,
      now(),
    );
    if (failed)
      return { ok: false, reason: failed.reason, message: `${failed.message} (remembered; asked again after an hour)` };
  }

  if (options.cacheOnly !== undefined) return { ok: false, reason: 'deferred', message: options.cacheOnly };
  const timeoutMs = options.timeoutMs ?? DEFAULT_REGISTRY_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  const exempt = viaHub || configured !== undefined ? baseUrl : undefined;
  const guard = options.publicOnly ? publicOnlyGuard(exempt) : undefined;
  const ctx: LookupContext = { fetch: fetchFor(options.proxy ?? proxyFromEnv(), guard), signal, now, cacheDir };
  try {
    await checkBackoff(ctx, baseUrl);
    const size = viaHub
      ? await lookupHubTag(ctx, hubUrl, parsed, platform)
      : await lookupDistribution(ctx, baseUrl, parsed, platform);
    if (cacheDir) await writeCache(cacheDir, cacheKey, size, now());
    return { ok: true, size };
  } catch (err) {
    if (err instanceof LookupError) {
      if (cacheDir && LASTING.has(err.reason))
        await writeCache(cacheDir, failureKey, { reason: err.reason, message: err.message }, now());
      return { ok: false, reason: err.reason, message: err.message };
    }
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
        ? (require('node:dns') as typeof Dns).lookup(hostname, options, callback as never)
        : publicOnlyLookup(hostname, options, callback as never),
  };
}

// ---- The distribution API: HEAD first, GET only for a digest not seen before.

interface DigestRecord {
  layers: RegistryLayer[];
  manifestDigest?: string;
}

async function lookupDistribution(
  ctx: LookupContext,
  baseUrl: string,
  parsed: ParsedImageReference,
  platform: string,
): Promise<RegistrySize> {
  const session = new RegistrySession(baseUrl, parsed.repository, ctx);
  const reference = parsed.digest ?? parsed.tag;
  // A digest reference names its content already; a tag is asked with HEAD (no pull counted).
  const tagDigest = parsed.digest ?? (await session.headDigest(reference));
  const digestKey = tagDigest && `registry-digest|${baseUrl}|${parsed.repository}|${tagDigest}|${platform}`;
  let record =
    ctx.cacheDir && digestKey
      ? await readCache<DigestRecord>(ctx.cacheDir, digestKey, DIGEST_CACHE_MAX_AGE_MS, ctx.now())
      : undefined;
  if (!record) {
    let { body, digest } = await session.manifest(tagDigest ?? reference);
    if (isIndex(body)) {
      const chosen = pickPlatform(body, platform);
      if (!chosen) throw new LookupError('no-platform', `${parsed.familiar} has no ${platform} image`);
      ({ body, digest } = await session.manifest(chosen));
    }
    record = { layers: readLayers(body), manifestDigest: digest };
    if (ctx.cacheDir && digestKey) await writeCache(ctx.cacheDir, digestKey, record, ctx.now());
  }
  return {
    ref: parsed.familiar,
    platform,
    compressedBytes: record.layers.reduce((sum, l) => sum + l.size, 0),
    layers: record.layers,
    manifestDigest: record.manifestDigest,
    tagDigest,
    registryUrl: baseUrl,
    api: 'distribution',
    fetchedAt: new Date(ctx.now()).toISOString(),
    fromCache: false,
  };
}

// ---- Anonymous bearer tokens, reused until they expire (per token service, service and scope).

const tokens = new Map<string, { token: string; expiresAt: number }>();
/** The token key last used for a registry repository, so the next look-up sends it at once. */
const tokenFor = new Map<string, string>();

/** One repository on one registry, with the anonymous token once obtained. */
class RegistrySession {
  private token: string | undefined;
  private fresh = false;

  constructor(
    private readonly baseUrl: string,
    private readonly repository: string,
    private readonly ctx: LookupContext,
  ) {
    const key = tokenFor.get(`${baseUrl}|${repository}`);
    const known = key ? tokens.get(key) : undefined;
    if (known && known.expiresAt > ctx.now()) this.token = known.token;
  }

  /** HEAD the manifest: the Docker-Content-Digest, or undefined when the registry does not send one. */
  async headDigest(reference: string): Promise<string | undefined> {
    const response = await this.send('HEAD', reference);
    if (response.status === 405 || response.status === 501) {
      await discard(response);
      return undefined; // HEAD not supported: the GET will tell.
    }
    this.fail(response, reference);
    await discard(response);
    return response.headers.get('docker-content-digest') ?? undefined;
  }

  async manifest(reference: string): Promise<{ body: unknown; digest?: string }> {
    const response = await this.send('GET', reference);
    this.fail(response, reference);
    const text = await readLimited(response);
    try {
      return {
        body: JSON.parse(text),
        digest: response.headers.get('docker-content-digest') ?? (reference.includes(':') ? reference : undefined),
      };
    } catch {
      throw new LookupError('bad-response', `${this.url(reference)}: manifest is not JSON`);
    }
  }

  private url(reference: string): string {
    return `${this.baseUrl}/v2/${this.repository}/manifests/${reference}`;
  }

  /** One request, with one retry after getting a token when the registry asks for one. */
  private async send(method: 'GET' | 'HEAD', reference: string): Promise<Response> {
    const url = this.url(reference);
    let response = await this.request(method, url);
    if (response.status === 401 && !this.fresh) {
      await discard(response);
      this.token = await this.anonymousToken(response.headers.get('www-authenticate'));
      this.fresh = true;
      response = await this.request(method, url);
    }
    return response;
  }

  private fail(response: Response, reference: string): void {
    if (response.status === 404) {
      void discard(response);
      throw new LookupError('not-found', `${this.repository}:${reference} not found on ${this.baseUrl}`);
    }
    if (response.status === 401 || response.status === 403) {
      void discard(response);
      throw new LookupError('unauthorized', `${this.baseUrl} requires credentials for ${this.repository}`);
    }
    if (!response.ok) {
      void discard(response);
      throw new LookupError('bad-response', `${this.url(reference)}: HTTP ${response.status}`);
    }
  }

  private request(method: 'GET' | 'HEAD', url: string): Promise<Response> {
    const headers: Record<string, string> = { Accept: ACCEPT };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    return politeRequest(this.ctx, url, { method, headers });
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
    const key = realm.href;
    this.rememberKey(key);
    const known = tokens.get(key);
    if (known && known.expiresAt > this.ctx.now() && known.token !== this.token) return known.token;
    const response = await politeRequest(this.ctx, realm.href, { headers: {} });
    if (!response.ok) {
      await discard(response);
      throw new LookupError('unauthorized', `anonymous token refused by ${realm.origin} (HTTP ${response.status})`);
    }
    let body: { token?: unknown; access_token?: unknown; expires_in?: unknown } | null;
    try {
      body = JSON.parse(await readLimited(response));
    } catch (e) {
      if (e instanceof LookupError) throw e;
      throw new LookupError('unauthorized', `${realm.origin} answered a token that is not JSON`);
    }
    const token = body?.token ?? body?.access_token;
    if (typeof token !== 'string' || !token) throw new LookupError('unauthorized', `no token from ${realm.origin}`);
    const seconds =
      typeof body?.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : DEFAULT_TOKEN_SECONDS;
    // A little early, so a token is not sent in the second it expires.
    tokens.set(key, { token, expiresAt: this.ctx.now() + Math.max(0, seconds - 5) * 1000 });
    return token;
  }

  private rememberKey(key: string): void {
    if (tokenFor.size > 500) tokenFor.clear();
    if (tokens.size > 500) tokens.clear();
    tokenFor.set(`${this.baseUrl}|${this.repository}`, key);
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

function isIndex(body: unknown): body is { manifests: IndexEntry[] } {
  return typeof body === 'object' && body !== null && Array.isArray((body as { manifests?: unknown }).manifests);
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

function describeNetworkError(err: unknown): string {
  if (err instanceof ProxyError) return err.message;
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}
