// Which images a split uses: builder and runner tags derived from the original tag, so every
// stage stays on the same release (node:18.19-slim → node:18.19 builder, node:18.19-alpine, ...).
import { parseImageReference } from '../../sizes/reference';
import { estimateImageSize, imageTraits } from '../../sizes/catalogue';
import { distroOfTagWord, isNamedRelease, siblingReference, type TagParts } from '../../sizes/family';
import { formatBytes } from '../../core/format';
import type { RunnerKind } from './plan';

export type { TagParts };

/** Splits `node:20.11-bookworm-slim` into its parts; undefined for digests or non-Hub images. */
export function tagParts(raw: string, resolved: string): TagParts | undefined {
  const parsed = parseImageReference(resolved);
  if (!parsed || parsed.digest || !parsed.official) return undefined;
  const colon = raw.lastIndexOf(':');
  const hasTag = colon > raw.lastIndexOf('/');
  const name = hasTag ? raw.slice(0, colon) : raw;
  const tag = hasTag ? raw.slice(colon + 1) : '';
  const words = tag ? tag.split('-') : [];
  const parts: TagParts = { name, repository: parsed.repository.replace(/^library\//, ''), variant: 'full' };
  if (words.length && (/^\d/.test(words[0]) || words[0].startsWith('$') || isNamedRelease(words[0])))
    parts.version = words.shift();
  for (const w of words) {
    const distro = distroOfTagWord(w);
    if (distro === 'alpine') {
      parts.variant = 'alpine';
      if (w !== 'alpine') parts.distro = w;
    } else if (w === 'slim') parts.variant = parts.variant === 'alpine' ? 'alpine' : 'slim';
    else if (distro === 'debian') parts.distro = w;
    else return undefined; // an unknown tag word: do not guess a sibling tag
  }
  return parts;
}

/** The sibling tag of the same release (and distro) in another variant: sizes/family.ts's `siblingReference`. */
export function siblingTag(parts: TagParts, variant: 'full' | 'slim' | 'alpine'): string {
  return siblingReference(parts, variant, { policy: 'same-release' });
}

/** What the original image brings, from the catalogue (libc, package manager): Debian's when it knows nothing alike. */
function traitsOf(parts: TagParts) {
  return imageTraits({ family: parts.repository, variant: parts.variant });
}

/** The OS package manager of the original image: the RUN steps that install packages were written for it. */
export function osPackageManagerOf(parts: TagParts): 'apt' | 'apk' {
  return traitsOf(parts)?.packageManager === 'apk' ? 'apk' : 'apt';
}

/** The libc a runner needs its builder to match (native modules and binaries). */
export function runnerLibc(runner: RunnerKind): 'musl' | 'glibc' {
  return runner === 'alpine' ? 'musl' : 'glibc';
}

/** A builder on the original tag when its libc matches the runner's, else the same release in a matching variant. */
export function builderImage(raw: string, parts: TagParts, runner: RunnerKind): string {
  const originalLibc = traitsOf(parts)?.libc === 'musl' ? 'musl' : 'glibc';
  if (originalLibc === runnerLibc(runner)) return raw;
  return siblingTag(parts, runner === 'alpine' ? 'alpine' : 'full');
}

/** Major version as a number when the resolved tag starts with one. */
export function majorOf(resolved: string): number | undefined {
  const tag = resolved.includes(':') ? resolved.slice(resolved.lastIndexOf(':') + 1) : '';
  const m = /^(\d+)/.exec(tag);
  return m ? Number(m[1]) : undefined;
}
