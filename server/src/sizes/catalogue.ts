// The bundled base-image catalogue (server/data/base-images.json): sync, offline size estimates
// and lighter alternatives for rules, code-action titles and hovers.
import catalogueData from '../../data/base-images.json';
import { OFFICIAL_FAMILIES, resolveFamily, type ImageFamily } from './family';
import { platformKey } from './platform';

export { DEFAULT_PLATFORM, normalisePlatform, platformKey } from './platform';

export interface FigureSource {
  repository?: string;
  commit?: string;
  path?: string;
  url?: string;
  note?: string;
}

/** One size figure, always with where and when it comes from. */
export interface SizeFigure {
  bytes: number;
  /** Date of the measured image (ISO date, or year-month / year when only that is known). */
  date: string;
  source: FigureSource;
  /** The source gives a rounded or indirect figure. */
  approximate?: boolean;
}

export interface PlatformSizes {
  /** Download size: the sum of the manifest's layer sizes. */
  compressed?: SizeFigure;
  /** Uncompressed size once pulled. */
  onDisk?: SizeFigure;
}

/**
 * What an image brings besides its size, as the catalogue records it for each entry. Rules and the
 * split read these (imageTraits) instead of guessing from tag text, so whoever regenerates
 * base-images.json must keep the three fields on every entry.
 */
export interface ImageTraits {
  /** The C library native code links against; `none` for scratch and distroless/static. */
  libc: 'glibc' | 'musl' | 'none';
  /** A /bin/sh to run shell-form RUN/CMD. */
  shell: boolean;
  /** The OS package manager (`apt`, `apk`, `microdnf`, ...), null when there is none. */
  packageManager: 'apt' | 'apk' | 'microdnf' | 'dnf' | 'yum' | null;
}

export interface CatalogueEntry extends ImageTraits {
  ref: string;
  family: string;
  line: string;
  variant: string;
  sizes: Record<string, PlatformSizes>;
}

export interface AlternativeEdge {
  from: { family: string; variant: string };
  to: { family: string; variant: string };
  /** What switching costs (musl, no shell, no package manager, ...). */
  cost: string;
}

export interface Catalogue {
  description: string;
  schemaVersion: number;
  retrieved: string;
  images: CatalogueEntry[];
  alternatives: AlternativeEdge[];
}

export const catalogue = catalogueData as Catalogue;

export interface SizeEstimate {
  /** The catalogue entry the figure belongs to. */
  entry: CatalogueEntry;
  family: ImageFamily;
  /** Platform of the figures (the requested one, else linux/amd64). */
  platform: string;
  compressed?: SizeFigure;
  onDisk?: SizeFigure;
  /** False when the figure is for another release line of the same family and variant (or the tag names no line). */
  exact: boolean;
}

export interface LighterAlternative {
  entry: CatalogueEntry;
  platform: string;
  compressed: SizeFigure;
  /** Bytes saved on download compared with the estimate for the reference. */
  savedBytes: number;
  /** Saving in percent of the reference's download size, rounded to an integer. */
  savedPercent: number;
  cost: string;
}

function compareLines(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  if (pa.some(Number.isNaN) || pb.some(Number.isNaN)) return a.localeCompare(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Entries of one family and variant, newest line first. */
function entriesOf(family: string, variant: string): CatalogueEntry[] {
  return catalogue.images
    .filter((e) => e.family === family && e.variant === variant)
    .sort((a, b) => compareLines(b.line, a.line));
}

function findEntry(
  family: string,
  variant: string,
  line: string | undefined,
): { entry: CatalogueEntry; exact: boolean } | undefined {
  const candidates = entriesOf(family, variant);
  const same = line === undefined ? undefined : candidates.find((e) => e.line === line);
  if (same) return { entry: same, exact: true };
  return candidates.length ? { entry: candidates[0], exact: false } : undefined;
}

/**
 * The libc, shell and package manager of an image (a reference, or a family and variant), from the
 * catalogue: the entry of the same family and variant, else, for the official images built on a
 * distribution, the distribution's own entry (an `*alpine` variant: alpine; any other: Debian).
 * Undefined when the catalogue knows nothing alike.
 */
export function imageTraits(image: string | Pick<ImageFamily, 'family' | 'variant'>): ImageTraits | undefined {
  const family = typeof image === 'string' ? resolveFamily(image) : image;
  if (!family) return undefined;
  const same = catalogue.images.find((e) => e.family === family.family && e.variant === family.variant);
  const alpine = family.variant.split('-').includes('alpine');
  const distribution = OFFICIAL_FAMILIES.has(family.family)
    ? catalogue.images.find((e) => (alpine ? e.family === 'alpine' : e.family === 'debian' && e.variant === 'full'))
    : undefined;
  const entry = same ?? distribution;
  return entry && { libc: entry.libc, shell: entry.shell, packageManager: entry.packageManager };
}

function figuresFor(entry: CatalogueEntry, platform: string): { platform: string; sizes: PlatformSizes } | undefined {
  if (entry.sizes[platform]) return { platform, sizes: entry.sizes[platform] };
  return undefined;
}

/**
 * Estimates the size of an image from the bundled catalogue, without I/O.
 * The reference must already have its build ARGs substituted (the model's `image.resolved`).
 * Tags resolve by family: `node:20.11.1-bookworm-slim` uses the node 20 slim figures; when the
 * catalogue has no entry for that release line, the newest line of the same variant is used and
 * `exact` is false. Returns undefined for unknown images or platforms without a figure.
 */
export function estimateImageSize(ref: string, platform?: string): SizeEstimate | undefined {
  const family = resolveFamily(ref);
  if (!family) return undefined;
  const found = findEntry(family.family, family.variant, family.line);
  if (!found) return undefined;
  const figures = figuresFor(found.entry, platformKey(platform));
  if (!figures) return undefined;
  return { entry: found.entry, family, platform: figures.platform, ...figures.sizes, exact: found.exact };
}

/**
 * Lighter images that can replace `ref` (same family first, then e.g. distroless/scratch for Go
 * runtime stages), largest saving first, each with its download size, the saving in % and what
 * switching costs. Only alternatives with a figure for the same platform and a positive saving
 * are listed.
 */
export function lighterAlternatives(ref: string, platform?: string): LighterAlternative[] {
  const current = estimateImageSize(ref, platform);
  if (!current?.compressed) return [];
  const base = current.compressed.bytes;
  const out: LighterAlternative[] = [];
  for (const edge of catalogue.alternatives) {
    if (edge.from.family !== current.entry.family || edge.from.variant !== current.entry.variant) continue;
    const sameFamily = edge.to.family === current.entry.family;
    const target = findEntry(edge.to.family, edge.to.variant, sameFamily ? current.entry.line : undefined);
    const figure = target && figuresFor(target.entry, current.platform)?.sizes.compressed;
    if (!target || !figure || figure.bytes >= base) continue;
    const savedBytes = base - figure.bytes;
    out.push({
      entry: target.entry,
      platform: current.platform,
      compressed: figure,
      savedBytes,
      savedPercent: Math.round((savedBytes / base) * 100),
      cost: edge.cost,
    });
  }
  return out.sort((a, b) => b.savedBytes - a.savedBytes);
}

export interface UnmeasuredAlternative {
  entry: CatalogueEntry;
  /** The only figure the catalogue has for it (e.g. an on-disk size), when any. */
  onDisk?: SizeFigure;
  cost: string;
}

/**
 * Lighter alternatives the catalogue cannot compare by download size (no compressed figure for
 * the platform), e.g. distroless nodejs with only a published on-disk size. Same release line
 * only, so `node:22` is never offered a node 20 image. Shown without a saving.
 */
export function unmeasuredAlternatives(ref: string, platform?: string): UnmeasuredAlternative[] {
  const current = estimateImageSize(ref, platform);
  if (!current) return [];
  const out: UnmeasuredAlternative[] = [];
  for (const edge of catalogue.alternatives) {
    if (edge.from.family !== current.entry.family || edge.from.variant !== current.entry.variant) continue;
    const sameFamily = edge.to.family === current.entry.family;
    const target = findEntry(edge.to.family, edge.to.variant, sameFamily ? current.entry.line : undefined);
    if (!target || (sameFamily && !target.exact)) continue;
    const sizes = figuresFor(target.entry, current.platform)?.sizes;
    if (sizes?.compressed) continue;
    out.push({ entry: target.entry, onDisk: sizes?.onDisk, cost: edge.cost });
  }
  return out;
}
