// Human-readable byte counts in decimal units, as `docker images` prints them.

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

/** `1150000000` → `1.2 GB`, `70683740` → `71 MB`, `2097152` → `2.1 MB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  if (unit === 0) return `${bytes} B`;
  const digits = value >= 10 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** A short label for a figure's source: `docker-library/repo-info@3179cb4`, a URL host, or the note. */
export function describeSource(source: { repository?: string; commit?: string; url?: string }): string {
  if (source.repository) return source.commit ? `${source.repository}@${source.commit.slice(0, 7)}` : source.repository;
  if (source.url) return source.url;
  return 'unknown source';
}

/** Link to the exact file a figure was read from, when it is a GitHub file. */
export function sourceUrl(source: { repository?: string; commit?: string; path?: string; url?: string }):
  | string
  | undefined {
  if (source.url) return source.url;
  if (source.repository && source.commit && source.path) {
    return `https://github.com/${source.repository}/blob/${source.commit}/${source.path}`;
  }
  return undefined;
}

/** The two kinds of image size, as every surface names them. */
export type SizeKind = 'compressed' | 'onDisk';

/** `download (compressed)` / `on disk`: the one wording for what a size measures. */
export function sizeKindLabel(kind: SizeKind): string {
  return kind === 'compressed' ? 'download (compressed)' : 'on disk';
}

/** `node 20 reached end of life on 2026-04-30` / `… reaches end of life on …` (before the date). */
export function endOfLifeSentence(
  name: string,
  line: string,
  eol: string,
  on: string = new Date().toISOString().slice(0, 10),
): string {
  return `${name} ${line} ${eol < on ? 'reached' : 'reaches'} end of life on ${eol}`;
}

/** `20 → 24`: a move to another release line, stated wherever an alternative changes version. */
export function lineChangeLabel(from: string, to: string): string {
  return `${from} → ${to}`;
}

/** `408 MB`, `≈ 2.1 MB`: the `≈` only on a figure that is not exact (rounded by its source, or another image's). */
export function sizeText(bytes: number, approximate: boolean): string {
  return `${approximate ? '≈ ' : ''}${formatBytes(bytes)}`;
}

/** `408 MB download`, `≈ 171 MB on disk`: a size that says what it measures. */
export function figureLabel(bytes: number, kind: SizeKind, approximate: boolean): string {
  return `${sizeText(bytes, approximate)} ${kind === 'compressed' ? 'download' : 'on disk'}`;
}

/** `download (compressed), docker-library/repo-info@3179cb4, 2026-09-19`: what a figure measures, where from, when. */
export function figureProvenance(kind: SizeKind, source: string, date: string): string {
  return `${sizeKindLabel(kind)}, ${source}, ${date}`;
}

/** Why a registry gave no size: it could not be reached, it did not answer in time, or it answered no. */
export type RegistryFailureKind = 'unreachable' | 'timeout' | 'answered';

/** A registry failure as a sentence that says what was shown instead (not an address and an error code). */
export function registryFailureSentence(kind: RegistryFailureKind, detail: string, fromCatalogue: boolean): string {
  const instead = fromCatalogue ? 'looked up only from the catalogue' : 'no download size known';
  if (kind === 'unreachable') return `registry unreachable: ${instead}`;
  if (kind === 'timeout') {
    const within = /within \d+ ms/.exec(detail)?.[0];
    return `registry did not answer ${within ?? 'in time'}: ${instead}`;
  }
  // The other failures' own words say what the registry answered (and when it is asked again); a
  // leading address (`http://host:port: `) is left out.
  const words = detail.replace(/^[a-z]+:\/\/\S+?:?\s/i, '');
  return `${words}: ${instead}`;
}
