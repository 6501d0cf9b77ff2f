// Docker image reference parsing, following the grammar of distribution/reference:
//   [registry[:port]/]path[:tag][@digest]
// Docker Hub names are normalised (`node` → `docker.io/library/node`, no tag → `latest`).
import { perString } from '../core/memo';

export const DOCKER_HUB = 'docker.io';

export interface ParsedImageReference {
  /** The text parsed, trimmed. */
  original: string;
  /** Registry host (with port), `docker.io` for Docker Hub. */
  registry: string;
  /** Repository path inside the registry; Docker Hub official images get `library/`. */
  repository: string;
  /** Tag; `latest` when neither tag nor digest is written. */
  tag: string;
  /** True when the tag was not written and `latest` was assumed. */
  tagImplied: boolean;
  /** `sha256:…` when pinned by digest. */
  digest?: string;
  /** Docker Hub official image (`library/...`). */
  official: boolean;
  /** The short name a user would type: `node:20`, `gcr.io/distroless/static-debian12:latest`. */
  familiar: string;
}

const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,}$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/** The first path component is a registry host when it has a dot, a port, or is `localhost`. */
function looksLikeHost(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost' || /^\[.*\]/.test(component);
}

/** The name of a Docker Hub official image (`node` for `docker.io/library/node:20`), else undefined. */
export function officialName(text: string): string | undefined {
  const parsed = parseImageReference(text);
  return parsed?.official ? parsed.repository.slice('library/'.length) : undefined;
}

/**
 * Parses an image reference. Returns undefined for text that is not a valid reference,
 * including references that still contain unresolved `$VARIABLES`.
 */
export const parseImageReference = perString(parseImageReferenceOnce);

function parseImageReferenceOnce(text: string): ParsedImageReference | undefined {
  const original = text.trim();
  if (!original || original.includes('$') || /\s/.test(original)) return undefined;

  let rest = original;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }

  const parts = rest.split('/');
  let registry = DOCKER_HUB;
  if (parts.length > 1 && looksLikeHost(parts[0])) registry = parts.shift()!.toLowerCase();
  if (HUB_ALIASES.has(registry)) registry = DOCKER_HUB;

  let tag: string | undefined;
  const last = parts[parts.length - 1];
  const colon = last.lastIndexOf(':');
  if (colon >= 0) {
    tag = last.slice(colon + 1);
    parts[parts.length - 1] = last.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  if (parts.some((p) => !PATH_COMPONENT.test(p))) return undefined;

  if (registry === DOCKER_HUB && parts.length === 1) parts.unshift('library');
  const repository = parts.join('/');
  const official = registry === DOCKER_HUB && parts[0] === 'library' && parts.length === 2;
  const tagImplied = tag === undefined && digest === undefined;
  const effectiveTag = tag ?? 'latest';

  const shortName = registry === DOCKER_HUB ? (official ? parts[1] : repository) : `${registry}/${repository}`;
  const familiar = digest ? `${shortName}${tag ? `:${tag}` : ''}@${digest}` : `${shortName}:${effectiveTag}`;
  return { original, registry, repository, tag: effectiveTag, tagImplied, digest, official, familiar };
}

/** Tag words that name no version and move with each release (`node:lts-slim`): the rule that reports them and its fix share this list. */
export const MOVING_TAG_WORDS = new Set([
  'latest',
  'current',
  'lts',
  'stable',
  'mainline',
  'edge',
  'rolling',
  'nightly',
]);

/**
 * The size of the image `reference` names among listed images (the daemon's image list: each with its
 * tags and on-disk size), matching names as Docker does (`node:20` = `docker.io/library/node:20`).
 * Undefined when no listed tag names it.
 */
export function listedImageSize(
  images: readonly { tags: string[]; size: number }[],
  reference: string,
): number | undefined {
  const wanted = parseImageReference(reference)?.familiar;
  if (!wanted) return undefined;
  return images.find((image) => image.tags.some((tag) => parseImageReference(tag)?.familiar === wanted))?.size;
}
