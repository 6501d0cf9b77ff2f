// Docker Hub sizes from Hub's tags API, not from the registry: one GET of
// `/v2/namespaces/{namespace}/repositories/{repository}/tags/{tag}` on hub.docker.com returns every
// platform's compressed size (`images[].size`), digest and `last_pushed`. Docker counts a manifest
// GET on registry-1.docker.io as a pull against the user's (per-IP, anonymous) pull allowance; this
// API is not the registry and counts none. The whole answer is cached per tag, so another platform
// of the same tag needs no request.
import { readCache, writeCache } from './cache';
import { pickPlatform, type IndexEntry } from './platform';
import type { ParsedImageReference } from './reference';
import {
  discard,
  LookupError,
  politeRequest,
  readLimited,
  type LookupContext,
  type RegistrySize,
} from './registryHttp';

export const DEFAULT_HUB_API_URL = 'https://hub.docker.com';
const HUB_TAG_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** Where Hub's tags API is asked: the option, else `LAYERWISE_HUB_API_URL` (a mirror, or a test's stand-in), else hub.docker.com. */
export function hubApiUrl(option?: string, env: NodeJS.ProcessEnv = process.env): string {
  return (option || env.LAYERWISE_HUB_API_URL || DEFAULT_HUB_API_URL).replace(/\/+$/, '');
}

interface HubImage {
  architecture?: string;
  os?: string;
  variant?: string | null;
  size?: number;
  digest?: string;
  last_pushed?: string;
}

interface HubTag {
  digest?: string;
  images: HubImage[];
  lastPushed?: string;
}

/** The tags API URL of a Hub repository (`library/node` → namespace `library`, repository `node`). */
export function hubTagUrl(base: string, repository: string, tag: string): string {
  const [namespace, ...rest] = repository.split('/');
  const name = rest.length ? rest.join('/') : namespace;
  return `${base}/v2/namespaces/${encodeURIComponent(rest.length ? namespace : 'library')}/repositories/${encodeURIComponent(name)}/tags/${encodeURIComponent(tag)}`;
}

function readHubTag(text: string, url: string): HubTag {
  let body: { images?: unknown; digest?: unknown; tag_last_pushed?: unknown; last_updated?: unknown } | null;
  try {
    body = JSON.parse(text);
  } catch {
    throw new LookupError('bad-response', `${url}: answer is not JSON`);
  }
  if (!body || typeof body !== 'object' || !Array.isArray(body.images))
    throw new LookupError('bad-response', `${url}: no images in the answer`);
  const images = body.images.filter((i): i is HubImage => !!i && typeof i === 'object');
  const text_ = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  return {
    digest: text_(body.digest),
    images,
    lastPushed: text_(body.tag_last_pushed) ?? text_(body.last_updated),
  };
}

async function hubTag(ctx: LookupContext, base: string, repository: string, tag: string): Promise<HubTag> {
  const key = `hub-tag|${base}|${repository}|${tag}`;
  if (ctx.cacheDir) {
    const cached = await readCache<HubTag>(ctx.cacheDir, key, HUB_TAG_MAX_AGE_MS, ctx.now());
    if (cached) return cached;
  }
  const url = hubTagUrl(base, repository, tag);
  const response = await politeRequest(ctx, url, { headers: { Accept: 'application/json' } });
  if (response.status === 404) {
    await discard(response);
    throw new LookupError('not-found', `${repository}:${tag} not found on Docker Hub`);
  }
  if (response.status === 401 || response.status === 403) {
    await discard(response);
    throw new LookupError('unauthorized', `Docker Hub does not show ${repository} without credentials`);
  }
  if (!response.ok) {
    await discard(response);
    throw new LookupError('bad-response', `${url}: HTTP ${response.status}`);
  }
  const answer = readHubTag(await readLimited(response), url);
  if (ctx.cacheDir) await writeCache(ctx.cacheDir, key, answer, ctx.now());
  return answer;
}

/** The platform's compressed size from Hub's tags API. A digest reference needs its tag written (no manifest GET: that would count as a pull). */
export async function lookupHubTag(
  ctx: LookupContext,
  base: string,
  parsed: ParsedImageReference,
  platform: string,
): Promise<RegistrySize> {
  // `node@sha256:…` has no tag written (the parser assumes latest): nothing to ask the tags API.
  if (parsed.digest && !/:[\w][\w.-]*@/.test(parsed.original))
    throw new LookupError(
      'not-found',
      `${parsed.familiar} is pinned by digest only: Docker Hub's tags API needs the tag, and reading the manifest would count as a pull`,
    );
  const tag = await hubTag(ctx, base, parsed.repository, parsed.tag);
  const entries: IndexEntry[] = tag.images.map((image, i) => ({
    digest: String(i),
    platform: { os: image.os, architecture: image.architecture, variant: image.variant ?? undefined },
  }));
  const chosen = pickPlatform({ manifests: entries }, platform);
  const image = chosen === undefined ? undefined : tag.images[Number(chosen)];
  if (!image) throw new LookupError('no-platform', `${parsed.familiar} has no ${platform} image`);
  if (typeof image.size !== 'number' || image.size < 0)
    throw new LookupError('bad-response', `Docker Hub gives no size for ${parsed.familiar} (${platform})`);
  if (parsed.digest && parsed.digest !== tag.digest && parsed.digest !== image.digest)
    throw new LookupError(
      'not-found',
      `Docker Hub's ${parsed.repository}:${parsed.tag} is at another digest now; the pinned ${parsed.digest.slice(0, 19)}… is not looked up (reading its manifest would count as a pull)`,
    );
  return {
    ref: parsed.familiar,
    platform,
    compressedBytes: image.size,
    layers: [],
    manifestDigest: image.digest,
    tagDigest: tag.digest,
    registryUrl: base,
    api: 'hub-tags',
    lastPushed: image.last_pushed ?? tag.lastPushed,
    fetchedAt: new Date(ctx.now()).toISOString(),
    fromCache: false,
  };
}
