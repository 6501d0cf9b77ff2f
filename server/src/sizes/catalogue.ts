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

/** What a size measures: the compressed download (registry transfer) or the unpacked size on disk. */
export type FigureKind = 'compressed' | 'onDisk';

/** One size figure, always with where and when it comes from, and what it measures. */
export interface SizeFigure {
  bytes: number;
  /** Date of the measured image (ISO date, or year-month / year when only that is known). */
  date: string;
  /** Download (compressed) or on-disk size; matches the key the figure is stored under. */
  kind: FigureKind;
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
 * split read these (imageTraits) instead of guessing from tag text; `npm run catalogue` derives
 * them from the distribution the image is built on.
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
  /** Version of the runtime in the measured image (`24.19.0`), when its source says. */
  version?: string;
  /** Distribution the measured image is built on (`bookworm`, `trixie`, `alpine3.24`, `noble`), read from the image's history. */
  distro?: string;
  sizes: Record<string, PlatformSizes>;
}

/** A tag that names a release by a word (`node:lts`, `nginx:mainline`) and the line it pointed to. */
export interface ReleaseAlias {
  ref: string;
  family: string;
  /** `lts`, `current`, `latest`, `mainline`, `stable`. */
  release: string;
  line: string;
  version?: string;
  source: FigureSource;
}

/** Support dates of a runtime release line. */
export interface Lifecycle {
  family: string;
  line: string;
  /** End of life (ISO date, or year-month when only the month is known); absent while unannounced. */
  eol?: string;
  /** Long-term-support line: true, or the date it became one. */
  lts?: boolean | string;
  source: FigureSource;
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
  aliases: ReleaseAlias[];
  lifecycles: Lifecycle[];
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
  /**
   * False when the figure is for another release line, or another distribution than the tag names
   * (or the family's default distribution when the tag names none).
   */
  exact: boolean;
  /** The named release (`node:lts`) the line was resolved from. */
  alias?: ReleaseAlias;
  /** Support dates of the line the reference names, when known. */
  lifecycle?: Lifecycle;
}

/** Moving from an end-of-life line to a supported one. */
export interface LineChange {
  from: string;
  to: string;
  /** The line being left. */
  lifecycle: Lifecycle;
  /** Support dates of the line moved to, when known. */
  target?: Lifecycle;
}

export interface LighterAlternative {
  entry: CatalogueEntry;
  platform: string;
  compressed: SizeFigure;
  /** Bytes saved on download compared with the catalogue's download figure for the reference (same kind, same source). */
  savedBytes: number;
  /** Saving in percent of the reference's download size, rounded to an integer. */
  savedPercent: number;
  cost: string;
  /** Set when the reference's line is past end of life and the alternative is on a supported line. */
  lineChange?: LineChange;
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

/** Today as an ISO day; functions that judge end of life take it as a parameter for tests. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Support dates of a family's release line. */
export function lifecycleOf(family: string, line: string | undefined): Lifecycle | undefined {
  return line === undefined ? undefined : catalogue.lifecycles.find((l) => l.family === family && l.line === line);
}

/** True once the line's end-of-life date has passed (a year-month date counts from the month's end). */
export function isEndOfLife(lifecycle: Lifecycle | undefined, on: string = today()): boolean {
  if (!lifecycle?.eol) return false;
  const eol = lifecycle.eol.length === 7 ? `${lifecycle.eol}-31` : lifecycle.eol;
  return eol < on;
}

function isLts(lifecycle: Lifecycle, on: string): boolean {
  return lifecycle.lts === true || (typeof lifecycle.lts === 'string' && lifecycle.lts <= on);
}

/**
 * Supported lines of a family to move to, preferred first: long-term-support lines newest first,
 * then other supported lines newest first.
 */
export function supportedLines(family: string, on: string = today()): Lifecycle[] {
  const live = catalogue.lifecycles.filter((l) => l.family === family && !isEndOfLife(l, on));
  return live.sort((a, b) => Number(isLts(b, on)) - Number(isLts(a, on)) || compareLines(b.line, a.line));
}

/** The line a named release (`lts`, `latest`, `mainline`) pointed to when its figures were taken. */
function aliasOf(family: ImageFamily): ReleaseAlias | undefined {
  if (family.line !== undefined || !family.release) return undefined;
  return catalogue.aliases.find((a) => a.family === family.family && a.release === family.release);
}

/** Entries of one family and variant, newest line first. */
function entriesOf(family: string, variant: string): CatalogueEntry[] {
  return catalogue.images
    .filter((e) => e.family === family && e.variant === variant)
    .sort((a, b) => compareLines(b.line, a.line));
}

/** The distribution an entry's own tag names (`golang:1.25-bookworm` → bookworm); undefined for the default tag. */
function tagDistro(entry: CatalogueEntry): string | undefined {
  return resolveFamily(entry.ref)?.distro;
}

function findEntry(
  family: string,
  variant: string,
  line: string | undefined,
  distro?: string,
): { entry: CatalogueEntry; exact: boolean } | undefined {
  const candidates = entriesOf(family, variant);
  const sameLine = line === undefined ? [] : candidates.filter((e) => e.line === line);
  // The tag names a distribution: only a figure measured on that distribution is exact. It names
  // none: only the figure of the default tag (which names none either) is exact.
  const exact = sameLine.find((e) => (distro ? (e.distro ?? tagDistro(e)) === distro : tagDistro(e) === undefined));
  if (exact) return { entry: exact, exact: true };
  if (sameLine.length) return { entry: sameLine[0], exact: false };
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
  // Rules ask per pair of stages (base-version-mismatch: each runner against each stage it ships),
  // and each answer scanned the catalogue twice: answer once per family and variant.
  const key = `${family.family}\u0000${family.variant}`;
  if (!TRAITS.has(key)) TRAITS.set(key, traitsOf(family));
  const traits = TRAITS.get(key);
  return traits && { ...traits };
}

const TRAITS = new Map<string, ImageTraits | undefined>();

function traitsOf(family: Pick<ImageFamily, 'family' | 'variant'>): ImageTraits | undefined {
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
 * Tags resolve by family: `node:20.11.1-bookworm-slim` uses the node 20 slim figures; a named
 * release (`node:lts`) uses the line it pointed to when the figures were taken. The figure is
 * exact only for the same line on the distribution the tag names (or the default tag's when it
 * names none); otherwise the nearest figure is returned with `exact` false. Returns undefined for
 * unknown images or platforms without a figure.
 */
export function estimateImageSize(ref: string, platform?: string): SizeEstimate | undefined {
  const family = resolveFamily(ref);
  if (!family) return undefined;
  const alias = aliasOf(family);
  const line = family.line ?? alias?.line;
  const found = findEntry(family.family, family.variant, line, family.distro);
  if (!found) return undefined;
  const figures = figuresFor(found.entry, platformKey(platform));
  if (!figures) return undefined;
  return {
    entry: found.entry,
    family,
    platform: figures.platform,
    ...figures.sizes,
    exact: found.exact,
    alias,
    lifecycle: lifecycleOf(family.family, line),
  };
}

/**
 * Where to look for a lighter image of the same family: the reference's own line, or, when that
 * line is past end of life, the preferred supported line that has the wanted variant.
 */
function targetLine(
  current: SizeEstimate,
  variant: string,
  platform: string,
  on: string,
): { line: string | undefined; change?: LineChange } {
  const line = current.entry.line;
  const lifecycle = current.lifecycle;
  if (!lifecycle || !isEndOfLife(lifecycle, on)) return { line };
  for (const target of supportedLines(current.entry.family, on)) {
    const entry = catalogue.images.find(
      (e) =>
        e.family === current.entry.family &&
        e.variant === variant &&
        e.line === target.line &&
        figuresFor(e, platform)?.sizes.compressed,
    );
    if (entry) return { line: target.line, change: { from: lifecycle.line, to: target.line, lifecycle, target } };
  }
  return { line };
}

/**
 * Lighter images that can replace `ref` (same family first, then e.g. distroless/scratch for Go
 * runtime stages), largest saving first, each with its download size, the saving in % and what
 * switching costs. Savings compare catalogue download figures with each other (same kind, same
 * source), never a registry or daemon figure with a catalogue one. Only alternatives with a
 * download figure for the same platform and a positive saving are listed. When the reference's
 * line is past end of life, same-family alternatives are taken from a supported line and say so.
 */
export function lighterAlternatives(ref: string, platform?: string, on: string = today()): LighterAlternative[] {
  const current = estimateImageSize(ref, platform);
  if (!current?.compressed) return [];
  const base = current.compressed.bytes;
  const out: LighterAlternative[] = [];
  for (const edge of catalogue.alternatives) {
    if (edge.from.family !== current.entry.family || edge.from.variant !== current.entry.variant) continue;
    const sameFamily = edge.to.family === current.entry.family;
    const where: { line: string | undefined; change?: LineChange } = sameFamily
      ? targetLine(current, edge.to.variant, current.platform, on)
      : { line: undefined };
    const target = findEntry(edge.to.family, edge.to.variant, where.line);
    const figure = target && figuresFor(target.entry, current.platform)?.sizes.compressed;
    if (!target || !figure || figure.bytes >= base) continue;
    if (where.change && target.entry.line !== where.change.to) continue;
    const savedBytes = base - figure.bytes;
    out.push({
      entry: target.entry,
      platform: current.platform,
      compressed: figure,
      savedBytes,
      savedPercent: Math.round((savedBytes / base) * 100),
      cost: edge.cost,
      lineChange: where.change,
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
 * the platform), e.g. distroless images with only a published on-disk size. Same release line
 * only, so `node:22` is never offered a node 20 image. Shown without a saving: an on-disk figure
 * is never compared with a download figure.
 */
export function unmeasuredAlternatives(ref: string, platform?: string): UnmeasuredAlternative[] {
  const current = estimateImageSize(ref, platform);
  if (!current) return [];
  const out: UnmeasuredAlternative[] = [];
  for (const edge of catalogue.alternatives) {
    if (edge.from.family !== current.entry.family || edge.from.variant !== current.entry.variant) continue;
    const sameFamily = edge.to.family === current.entry.family;
    const line = current.entry.line;
    const target = findEntry(edge.to.family, edge.to.variant, sameFamily ? line : undefined);
    if (!target || (sameFamily && target.entry.line !== line)) continue;
    const sizes = figuresFor(target.entry, current.platform)?.sizes;
    if (sizes?.compressed) continue;
    out.push({ entry: target.entry, onDisk: sizes?.onDisk, cost: edge.cost });
  }
  return out;
}
