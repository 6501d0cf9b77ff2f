// Puts daemon figures into words and comparable shapes: waste explained per Dockerfile line,
// and two images side by side (totals, delta, size by instruction).
import { formatBytes } from '../core/format';
import type { ImageWaste } from './images';
import type { MappedHistoryEntry } from './layerMap';

export interface WasteExplanation {
  path: string;
  bytes: number;
  files: number;
  how: 'removed' | 'overwritten';
  /** 0-based Dockerfile lines, when the layers map to it. */
  addedLine?: number;
  removedLine?: number;
  /** History indexes (oldest first) of the two layers. */
  addedEntry?: number;
  removedEntry?: number;
  text: string;
}

function where(row: MappedHistoryEntry | undefined, layer: number): string {
  if (!row) return `layer ${layer + 1}`;
  if (row.line !== undefined) return `line ${row.line + 1}`;
  if (row.fromBase) return 'the base image';
  return `layer ${layer + 1} (${row.instruction.slice(0, 40)})`;
}

/** One sentence per waste group, e.g. "`/usr/lib/gcc` 180 MB added at line 3, removed at line 6 — still shipped". */
export function explainWaste(waste: ImageWaste, rows: MappedHistoryEntry[], limit = 50): WasteExplanation[] {
  return waste.groups.slice(0, limit).map((g) => {
    const addedEntry = waste.layerToHistory[g.addedLayer];
    const removedEntry = waste.layerToHistory[g.removedLayer];
    const added = addedEntry !== undefined ? rows[addedEntry] : undefined;
    const removed = removedEntry !== undefined ? rows[removedEntry] : undefined;
    const files = g.files > 1 ? ` (${g.files} files)` : '';
    const verb = g.how === 'removed' ? 'removed' : 'overwritten';
    const addedWhere = where(added, g.addedLayer);
    const removedWhere = where(removed, g.removedLayer);
    return {
      path: g.path,
      bytes: g.bytes,
      files: g.files,
      how: g.how,
      addedLine: added?.line,
      removedLine: removed?.line,
      addedEntry,
      removedEntry,
      text: `\`${g.path}\`${files} ${formatBytes(g.bytes)} added ${addedWhere === 'the base image' ? 'in' : 'at'} ${addedWhere}, ${verb} ${removedWhere === 'the base image' ? 'in' : 'at'} ${removedWhere} — still shipped`,
    };
  });
}

export interface SizeBucket {
  label: string;
  bytes: number;
  line?: number;
}

/** Where an image's bytes come from: the base image as one bucket, then each sized instruction. */
export function sizeBuckets(rows: MappedHistoryEntry[], baseName?: string): SizeBucket[] {
  const base = rows.filter((r) => r.fromBase).reduce((sum, r) => sum + r.size, 0);
  const buckets: SizeBucket[] = [];
  if (base > 0 || rows.some((r) => r.fromBase))
    buckets.push({ label: `base image${baseName ? ` ${baseName}` : ''}`, bytes: base });
  for (const r of rows) {
    if (r.fromBase || r.size === 0) continue;
    buckets.push({
      label: r.instruction.length > 60 ? `${r.instruction.slice(0, 59)}…` : r.instruction,
      bytes: r.size,
      line: r.line,
    });
  }
  return buckets;
}

export interface Comparison {
  before: { bytes: number; buckets: SizeBucket[] };
  after: { bytes: number; buckets: SizeBucket[] };
  deltaBytes: number;
  /** Negative when `after` is smaller. */
  deltaPercent: number;
  summary: string;
}

export function compareSizes(
  before: { bytes: number; buckets: SizeBucket[] },
  after: { bytes: number; buckets: SizeBucket[] },
): Comparison {
  const deltaBytes = after.bytes - before.bytes;
  const deltaPercent = before.bytes > 0 ? (deltaBytes / before.bytes) * 100 : 0;
  const direction = deltaBytes < 0 ? 'smaller' : 'larger';
  const summary =
    deltaBytes === 0
      ? `Same size: ${formatBytes(after.bytes)}`
      : `${formatBytes(before.bytes)} → ${formatBytes(after.bytes)}: ${formatBytes(Math.abs(deltaBytes))} ${direction} (${deltaPercent > 0 ? '+' : ''}${deltaPercent.toFixed(1)}%)`;
  return { before, after, deltaBytes, deltaPercent, summary };
}
