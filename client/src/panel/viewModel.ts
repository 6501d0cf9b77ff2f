// Daemon data → what the panel renders. Pure (no vscode import), so it is tested without an editor.
import {
  DOCKERFILE_LABEL,
  type ImageDetail,
  type ImageRow,
  type ImageWaste,
  type MappedHistoryEntry,
  compareSizes,
  explainWaste,
  sizeBuckets,
  type DaemonProblem,
  formatBytes,
  isInternalStep,
  type BuildStep,
  type BuildFailure,
  lineDiff,
} from '../../../server/src/clientApi';
import type {
  BucketView,
  BuildStepView,
  BuildView,
  CompareSide,
  CompareView,
  ImageItem,
  LayerItem,
  SelectedImageView,
  SplitView,
  WasteView,
} from './messages';

export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

export function formatAge(createdSeconds: number, nowMs = Date.now()): string {
  const seconds = Math.max(0, Math.round(nowMs / 1000 - createdSeconds));
  const units: [number, string][] = [
    [86400 * 365, 'year'],
    [86400 * 30, 'month'],
    [86400 * 7, 'week'],
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    const n = Math.floor(seconds / size);
    if (n >= 1) return `${n} ${name}${n > 1 ? 's' : ''} ago`;
  }
  return 'just now';
}

export function toImageItem(row: ImageRow, nowMs = Date.now()): ImageItem {
  return {
    id: row.id,
    shortId: shortId(row.id),
    // A Dockerfile's earlier builds lost its one tag to the newest: they are its history.
    name:
      row.tags[0] ??
      (row.labels[DOCKERFILE_LABEL] !== undefined ? `earlier build ${shortId(row.id)}` : shortId(row.id)),
    tags: row.tags,
    sizeBytes: row.size,
    sizeText: formatBytes(row.size),
    ageText: formatAge(row.created, nowMs),
    dockerfile: row.labels[DOCKERFILE_LABEL],
  };
}

export type WasteState =
  | { status: 'computing'; bytesRead: number }
  | { status: 'done'; waste: ImageWaste }
  | { status: 'error'; problem: DaemonProblem };

function percentOf(part: number, whole: number): number {
  return whole > 0 ? Math.min(100, Math.round((part / whole) * 1000) / 10) : 0;
}

export function toWasteView(state: WasteState, rows: MappedHistoryEntry[]): WasteView {
  if (state.status === 'computing')
    return { status: 'computing', progressText: `reading layers… ${formatBytes(state.bytesRead)}`, lines: [] };
  if (state.status === 'error') return { status: 'error', lines: [], error: state.problem };
  return {
    status: 'done',
    totalBytes: state.waste.totalBytes,
    totalText: formatBytes(state.waste.totalBytes),
    lines: explainWaste(state.waste, rows).map((w) => ({
      text: w.text,
      bytes: w.bytes,
      addedLine: w.addedLine,
      removedLine: w.removedLine,
    })),
  };
}

export function toSelectedView(
  detail: ImageDetail,
  rows: MappedHistoryEntry[],
  waste: WasteState,
  options: { baseName?: string; mappedTo?: string; nowMs?: number } = {},
): SelectedImageView {
  const wastedByEntry = new Map<number, number>();
  if (waste.status === 'done')
    waste.waste.perLayer.forEach((bytes, layer) => {
      const entry = waste.waste.layerToHistory[layer];
      if (entry !== undefined && bytes > 0) wastedByEntry.set(entry, bytes);
    });
  const layers: LayerItem[] = rows.map((r) => {
    const wasted = wastedByEntry.get(r.index);
    return {
      index: r.index,
      instruction: r.instruction,
      sizeBytes: r.size,
      sizeText: formatBytes(r.size),
      percent: percentOf(r.size, detail.size),
      line: r.line,
      fromBase: r.fromBase,
      wastedBytes: wasted,
      wastedText: wasted ? formatBytes(wasted) : undefined,
    };
  });
  const baseRows = rows.filter((r) => r.fromBase);
  const baseBytes = baseRows.reduce((sum, r) => sum + r.size, 0);
  return {
    ...toImageItem(
      { id: detail.id, tags: detail.tags, created: detail.created, size: detail.size, labels: detail.labels },
      options.nowMs,
    ),
    platform: detail.platform,
    mappedTo: options.mappedTo,
    base: baseRows.length
      ? {
          label: options.baseName ? `base image ${options.baseName}` : 'base image',
          sizeBytes: baseBytes,
          sizeText: formatBytes(baseBytes),
          percent: percentOf(baseBytes, detail.size),
          layers: baseRows.length,
        }
      : undefined,
    // Newest first, as `docker history` lists them.
    layers: layers.reverse(),
    waste: toWasteView(waste, rows),
  };
}

export interface CompareInput {
  detail: ImageDetail;
  rows: MappedHistoryEntry[];
  baseName?: string;
  /** What was built (e.g. the Dockerfile's path); the image's tag when not given. */
  name?: string;
}

export function toCompareView(before: CompareInput, after: CompareInput, split?: SplitView): CompareView {
  const cmp = compareSizes(
    { bytes: before.detail.size, buckets: sizeBuckets(before.rows, before.baseName) },
    { bytes: after.detail.size, buckets: sizeBuckets(after.rows, after.baseName) },
  );
  const largest = Math.max(before.detail.size, after.detail.size, 1);
  const side = (input: CompareInput, buckets: { label: string; bytes: number; line?: number }[]): CompareSide => ({
    id: input.detail.id,
    name: input.name ?? input.detail.tags[0] ?? shortId(input.detail.id),
    image: input.detail.tags[0] ?? shortId(input.detail.id),
    sizeBytes: input.detail.size,
    sizeText: formatBytes(input.detail.size),
    percent: percentOf(input.detail.size, largest),
    buckets: buckets.map(
      (b): BucketView => ({
        label: b.label,
        bytes: b.bytes,
        sizeText: formatBytes(b.bytes),
        percent: percentOf(b.bytes, largest),
        line: b.line,
      }),
    ),
  });
  const sign = cmp.deltaBytes < 0 ? '−' : '+';
  return {
    before: side(before, cmp.before.buckets),
    after: side(after, cmp.after.buckets),
    deltaText: `${sign}${formatBytes(Math.abs(cmp.deltaBytes))}`,
    deltaPercentText: `${sign}${Math.abs(cmp.deltaPercent).toFixed(1)}%`,
    summary: cmp.summary,
    split,
  };
}

/** A builder's steps as the panel lists them: the builder's bookkeeping steps left out, the last 60. */
export function toBuildStepViews(steps: BuildStep[]): BuildStepView[] {
  return steps
    .filter((s) => !isInternalStep(s))
    .slice(-60)
    .map((s) => ({
      name: s.name,
      status: s.status,
      secondsText: s.seconds !== undefined ? `${s.seconds.toFixed(1)} s` : undefined,
    }));
}

/** A failed or cancelled build as the panel shows it (a failure the builder's output did not classify is 'other'). */
export function toBuildFailureView(
  failure: Omit<BuildFailure, 'kind'> & { kind: BuildFailure['kind'] | 'other' },
): NonNullable<BuildView['failure']> {
  return {
    kind: failure.kind,
    message: failure.message,
    line: failure.line,
    tail: failure.tail ?? [],
    cause: failure.cause,
  };
}

/** The split a comparison built (the controller adds the Dockerfile's URI). */
export interface SplitFacts {
  /** The workspace Dockerfile the split replaces. */
  relPath: string;
  /** The Dockerfile's text the split was made from: applying needs the file unchanged. */
  originalText: string;
  text: string;
  title: string;
  runner: string;
  runnerImage: string;
  notes: string[];
}

/** The split as the comparison shows it: runner, notes and the change as a line diff. */
export function toSplitView(split: SplitFacts): SplitView {
  return {
    dockerfile: split.relPath,
    title: split.title,
    runner: split.runner,
    runnerImage: split.runnerImage,
    diff: lineDiff(split.originalText, split.text).map((d) => ({ kind: d.kind, text: d.text })),
    notes: split.notes,
  };
}
