// The fix for `unpinned-base-image`: a moving tag (`node:current-slim`, `node`, `python:latest`) replaced by
// the version the image itself declares. Pure: the caller reads the image (the local daemon) and passes what
// it declares; this module only decides the tag, which keeps the variant words so the result is a tag shape
// the official images publish (`node:current-slim` → `node:20.20.2-slim`).
import { MOVING_TAG_WORDS, parseImageReference } from '../sizes/reference';

/** What an image declares about itself: its configured environment and labels. */
export interface DeclaredImage {
  env?: string[];
  labels?: Record<string, string>;
}

export interface PinnedReference {
  /** The reference to write, e.g. `node:20.20.2-slim`. */
  reference: string;
  version: string;
  /** Where the version was read, e.g. `NODE_VERSION in the image's environment`. */
  from: string;
}

/**
 * The official images declare their version as `<REPOSITORY>_VERSION` (NODE_VERSION, PYTHON_VERSION,
 * GOLANG_VERSION, NGINX_VERSION, RUBY_VERSION, PHP_VERSION…), others as the OCI version label. Only a plain
 * dotted version is taken: `JAVA_VERSION=jdk-21.0.2+13` is not a tag of eclipse-temurin.
 */
function declaredVersion(repository: string, image: DeclaredImage): { version: string; from: string } | undefined {
  const plain = (v: string | undefined) => (v && /^\d+(\.\d+)*$/.test(v) ? v : undefined);
  const name = `${repository
    .split('/')
    .pop()!
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '_')}_VERSION`;
  const env = (image.env ?? []).find((e) => e.startsWith(`${name}=`));
  const fromEnv = plain(env?.slice(name.length + 1));
  if (fromEnv) return { version: fromEnv, from: `${name} in the image's environment` };
  const fromLabel = plain(image.labels?.['org.opencontainers.image.version']);
  if (fromLabel) return { version: fromLabel, from: 'the image label org.opencontainers.image.version' };
  return undefined;
}

/** The pinned reference for `written` (as the FROM line has it), or undefined when the image declares no version. */
export function pinnedReference(written: string, image: DeclaredImage): PinnedReference | undefined {
  const parsed = parseImageReference(written);
  if (!parsed || parsed.digest || written.includes('$')) return undefined;
  const declared = declaredVersion(parsed.repository, image);
  if (!declared) return undefined;
  const words = parsed.tagImplied ? [] : parsed.tag.split('-');
  // A leading version word would be replaced, not kept (`20-slim` is not moving; `lts-slim` is).
  if (words.length && /^\d/.test(words[0])) return undefined;
  const variant = words.filter((w) => !MOVING_TAG_WORDS.has(w));
  const name = parsed.tagImplied ? written : written.slice(0, written.length - parsed.tag.length - 1);
  return { reference: `${name}:${[declared.version, ...variant].join('-')}`, ...declared };
}
