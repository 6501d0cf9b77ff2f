import type { Rule } from './types';
import type { Fix } from '../core/findings';
import { rootImageStage } from '../core/queries';
import { estimateImageSize, lighterAlternatives, type LighterAlternative } from '../sizes/catalogue';
import { distroOfTagWord, resolveFamily, siblingReference } from '../sizes/family';
import { endOfLifeSentence, formatBytes, lineChangeLabel } from '../core/format';
import { replaceWord } from '../core/edits';

/** Variants that carry a whole toolchain or distribution: the ones worth replacing in a runtime image. */
const HEAVY_VARIANTS = new Set(['full', 'jdk']);
/** Families whose "full" image is already the small one, or whose only lighter option is another distribution. */
const SKIP_FAMILIES = new Set(['alpine', 'ubuntu', 'scratch', 'distroless', 'nginx']);
/** Heavy images the catalogue has no figures for, with what to use instead. */
const UNMEASURED: { pattern: RegExp; advice: string }[] = [
  {
    pattern: /^(docker\.io\/)?(library\/)?buildpack-deps(:|$)/,
    advice:
      'a `-slim` language image or `debian:bookworm-slim` (buildpack-deps carries compilers, headers and VCS tools, ~900 MB)',
  },
  {
    pattern: /^(docker\.io\/)?(library\/)?openjdk:(?!.*(slim|jre|alpine)).*$/,
    advice: '`eclipse-temurin:<version>-jre` (the deprecated openjdk image is a full JDK)',
  },
];

// Only the final stage's base ships; builder stages may be as fat as they like.
export const rule: Rule = {
  meta: {
    id: 'fat-base-image',
    category: 'size',
    defaultSeverity: 'warning',
    summary: 'The final stage is based on a full image when a slim/alpine/distroless/JRE variant exists.',
    why: "Full language images (`node:20`, `python:3.12`, `golang:1.22`, `eclipse-temurin:21-jdk`, `buildpack-deps`) bundle compilers, headers, VCS tools and a whole Debian: 5–10× the size of the slim variant, pulled on every deploy and scanned for CVEs in software the app never runs. Build on the full image if you need its tools, then run on the slim, alpine, distroless or JRE variant. Switching is not automatic: alpine uses musl, distroless has no shell, slim has no compilers for native modules. Only the final stage's base counts.",
    examples: {
      bad: 'FROM node:20\nCOPY . .\nCMD ["node", "server.js"]\n',
      good: 'FROM node:20-slim\nCOPY . .\nCMD ["node", "server.js"]\n',
    },
    fixable: true,
  },
  check({ model, final }) {
    const root = rootImageStage(model, final);
    const ref = root.image.resolved;
    if (!ref || root.scratch) return [];
    const unmeasured = UNMEASURED.find((u) => u.pattern.test(ref));
    if (unmeasured)
      return [
        {
          range: root.image.range,
          message: `\`${ref}\` is a full build image and it ships as the final image: run on ${unmeasured.advice}.`,
        },
      ];
    const current = estimateImageSize(ref, root.platform);
    if (!current?.compressed || !HEAVY_VARIANTS.has(current.family.variant) || SKIP_FAMILIES.has(current.entry.family))
      return [];
    const alternatives = lighterAlternatives(ref, root.platform);
    const sameFamily = alternatives.filter((a) => a.entry.family === current.entry.family).sort(bySlimFirst);
    if (sameFamily.length === 0) return [];
    const best = sameFamily[0];
    const figuresNote = current.exact ? '' : ` (figures for ${current.entry.ref})`;
    const change = best.lineChange;
    const eolNote =
      change?.lifecycle.eol !== undefined
        ? `${endOfLifeSentence(current.entry.family, change.from, change.lifecycle.eol)}; lighter images on ${change.to} (${lineChangeLabel(change.from, change.to)}): `
        : '';
    const others = [...sameFamily.slice(1), ...alternatives.filter((a) => a.entry.family !== current.entry.family)].map(
      (a) => `${alternativeName(root.image.raw, ref, a) ?? a.entry.ref} ≈ ${formatBytes(a.compressed.bytes)}`,
    );
    const fixes: Fix[] = sameFamily.flatMap((alt, i) => {
      const raw = alt.lineChange ? withLine(root.image.raw, alt.lineChange.to) : root.image.raw;
      const written = raw && catalogueVariant(raw, alt.entry.variant);
      if (!written || !catalogueVariant(ref, alt.entry.variant) || root.image.raw.includes('@')) return [];
      const change = alt.lineChange ? `, ${lineChangeLabel(alt.lineChange.from, alt.lineChange.to)}` : '';
      return [
        {
          title: `Switch to \`${written}\` (≈ ${formatBytes(alt.compressed.bytes)} download, saves ≈ ${alt.savedPercent}%${change})`,
          // Never safe: the lighter variant lacks compilers/shell or uses another libc.
          safe: false,
          isPreferred: i === 0,
          edits: [replaceWord(root.image, written)],
        },
      ];
    });
    return [
      {
        range: root.image.range,
        message:
          `${eolNote}\`${ref}\` ≈ ${formatBytes(current.compressed.bytes)} download → \`${alternativeName(root.image.raw, ref, best) ?? best.entry.ref}\` ≈ ${formatBytes(best.compressed.bytes)} saves ≈ ${best.savedPercent}%${figuresNote}. ` +
          `Everything the full variant adds ships with the app; run on the lighter one (${best.cost})${others.length ? `; also: ${others.join(', ')}` : ''}.`,
        fixes,
      },
    ];
  },
};

function bySlimFirst(a: LighterAlternative, b: LighterAlternative): number {
  const rank = (v: string) => (v === 'slim' || v === 'jre' ? 0 : 1);
  return rank(a.entry.variant) - rank(b.entry.variant) || b.savedBytes - a.savedBytes;
}

function alternativeName(raw: string, resolved: string, alt: LighterAlternative): string | undefined {
  if (alt.lineChange) {
    const moved = withLine(raw.includes('$') ? resolved : raw, alt.lineChange.to);
    return (moved && catalogueVariant(moved, alt.entry.variant)) ?? alt.entry.ref;
  }
  return raw.includes('$') ? catalogueVariant(resolved, alt.entry.variant) : catalogueVariant(raw, alt.entry.variant);
}

/** `node:20.11.1-bookworm` → `node:24-bookworm`: the same tag on another release line; undefined when the tag has no version to replace. */
function withLine(ref: string, line: string): string | undefined {
  const m = /^(.*:)(\d+(?:\.\d+)*)(-.*)?$/.exec(ref);
  return m && !ref.includes('$') ? `${m[1]}${line}${m[3] ?? ''}` : undefined;
}

/** The catalogue's name for `ref` in `variant`: sizes/family.ts's `siblingReference` with the catalogue policy. */
const catalogueVariant = (ref: string, variant: string) => siblingReference(ref, variant, { policy: 'catalogue' });
