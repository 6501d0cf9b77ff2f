// The only messages between the size panel's webview and the extension: a discriminated union
// each way, validated on receipt on both sides (a webview is a separate, untrusted page).
// Plain TypeScript, bundled into both the extension and the webview script.

/** Every size in the panel is the daemon's, uncompressed on disk: the wording of server/src/core/format.ts's
 * sizeKindLabel('onDisk') (the webview cannot import server code; a unit test keeps the two equal). */
export const ON_DISK_LABEL = 'on disk';
export const ON_DISK_TITLE = `${ON_DISK_LABEL} (uncompressed), from the Docker daemon`;

export interface ProblemView {
  kind: string;
  title: string;
  message: string;
  fix: string;
}

export interface ImageItem {
  id: string;
  shortId: string;
  /** First tag; else `earlier build <short id>` for a Layerwise build (its Dockerfile's history), or the short id. */
  name: string;
  tags: string[];
  sizeBytes: number;
  sizeText: string;
  ageText: string;
  /** The `dev.layerwise.dockerfile` label, when the extension built it. */
  dockerfile?: string;
}

export interface LayerItem {
  index: number;
  instruction: string;
  sizeBytes: number;
  sizeText: string;
  /** Share of the image, 0..100. */
  percent: number;
  /** 0-based Dockerfile line. */
  line?: number;
  fromBase: boolean;
  wastedBytes?: number;
  wastedText?: string;
}

export interface WasteLineView {
  text: string;
  bytes: number;
  addedLine?: number;
  removedLine?: number;
}

export interface WasteView {
  status: 'computing' | 'done' | 'error';
  progressText?: string;
  totalBytes?: number;
  totalText?: string;
  lines: WasteLineView[];
  error?: ProblemView;
}

export interface SelectedImageView extends ImageItem {
  platform: string;
  /** Whether the layers were mapped to the active Dockerfile. */
  mappedTo?: string;
  base?: { label: string; sizeBytes: number; sizeText: string; percent: number; layers: number };
  layers: LayerItem[];
  waste: WasteView;
}

export interface BucketView {
  label: string;
  bytes: number;
  sizeText: string;
  /** Relative to the larger of the two images, 0..100. */
  percent: number;
  line?: number;
}

export interface CompareSide {
  id: string;
  /** What was built, e.g. `api/Dockerfile` or `api/Dockerfile, split (distroless)`; else the image's tag. */
  name: string;
  /** The image: its first tag or short id. */
  image: string;
  sizeBytes: number;
  sizeText: string;
  percent: number;
  buckets: BucketView[];
}

export interface CompareView {
  before: CompareSide;
  after: CompareSide;
  deltaText: string;
  deltaPercentText: string;
  summary: string;
  /** When the comparison is a Dockerfile against its multi-stage split. */
  split?: SplitView;
}

export interface DiffLineView {
  kind: 'same' | 'removed' | 'added';
  text: string;
}

/** The split a comparison built: which runner, the change as a diff, and whether it was applied. */
export interface SplitView {
  /** The workspace Dockerfile the split would replace. */
  dockerfile: string;
  /** The code action's title. */
  title: string;
  /** `distroless`, `slim` or `alpine`. */
  runner: string;
  runnerImage: string;
  diff: DiffLineView[];
  /** What the split could not carry into its copy of the context. */
  notes: string[];
  /** After "Apply this split": applied, or why not. */
  applied?: { ok: boolean; message: string };
}

export interface BuildStepView {
  name: string;
  status: 'running' | 'done' | 'cached' | 'error';
  secondsText?: string;
}

/** The build running or last run from this window: what the panel shows while and after it builds. */
export interface BuildView {
  /** What is built, e.g. `api/Dockerfile` or `api/Dockerfile (split)`. */
  title: string;
  /** Which builder, e.g. `BuildKit (docker 20.10 build, /usr/bin/docker)`. */
  builder: string;
  /** Why the classic builder was used, when it was. */
  builderNote?: string;
  /** Network the RUN steps got (`default`, `none`, `host`). */
  network: string;
  /** Epoch ms; the webview counts the elapsed time from it. */
  startedAt: number;
  /** Set once finished. */
  seconds?: number;
  running: boolean;
  steps: BuildStepView[];
  failure?: {
    kind: 'pull-failed' | 'step-failed' | 'cancelled' | 'other';
    message: string;
    line?: number;
    tail: string[];
    /** The builder's own error line behind a classified cause (a failed pull). */
    cause?: string;
  };
}

export interface PanelState {
  connection: { label: string; ok: boolean };
  problem?: ProblemView;
  trusted: boolean;
  dockerfile?: { relPath: string };
  built: ImageItem[];
  images: { items: ImageItem[]; total: number; offset: number; pageSize: number; filter: string };
  selected?: SelectedImageView;
  compare?: CompareView;
  busy?: string;
  build?: BuildView;
}

export type ToWebview = { type: 'state'; state: PanelState };

export type CommandName =
  | 'build'
  | 'compareSplit'
  | 'refresh'
  | 'cancelBuild'
  | 'showBuildLog'
  | 'applySplit'
  | 'showComparison'
  | 'removeImages';

export type FromWebview =
  | { type: 'ready' }
  | { type: 'select'; imageId: string }
  | { type: 'reveal'; line: number }
  | { type: 'page'; offset: number }
  | { type: 'filter'; text: string }
  | { type: 'compare'; beforeId: string; afterId: string }
  | { type: 'closeCompare' }
  | { type: 'command'; command: CommandName };

const COMMANDS: readonly CommandName[] = [
  'build',
  'compareSplit',
  'refresh',
  'cancelBuild',
  'showBuildLog',
  'applySplit',
  'showComparison',
  'removeImages',
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isShortString = (v: unknown, max = 512): v is string => typeof v === 'string' && v.length <= max;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 1e9;

/** The message, if it is exactly one of FromWebview; undefined otherwise (ignored by the extension). */
export function parseFromWebview(value: unknown): FromWebview | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'ready':
    case 'closeCompare':
      return { type: value.type };
    case 'select':
      return isShortString(value.imageId, 256) ? { type: 'select', imageId: value.imageId } : undefined;
    case 'reveal':
      return isCount(value.line) ? { type: 'reveal', line: value.line } : undefined;
    case 'page':
      return isCount(value.offset) ? { type: 'page', offset: value.offset } : undefined;
    case 'filter':
      return isShortString(value.text, 200) ? { type: 'filter', text: value.text } : undefined;
    case 'compare':
      return isShortString(value.beforeId, 256) && isShortString(value.afterId, 256)
        ? { type: 'compare', beforeId: value.beforeId, afterId: value.afterId }
        : undefined;
    case 'command':
      return COMMANDS.includes(value.command as CommandName)
        ? { type: 'command', command: value.command as CommandName }
        : undefined;
    default:
      return undefined;
  }
}

/** The webview's check of what it receives: the shape it renders from. */
export function parseToWebview(value: unknown): ToWebview | undefined {
  if (!isRecord(value) || value.type !== 'state' || !isRecord(value.state)) return undefined;
  const s = value.state;
  if (!isRecord(s.connection) || typeof s.connection.label !== 'string' || typeof s.connection.ok !== 'boolean')
    return undefined;
  if (
    typeof s.trusted !== 'boolean' ||
    !Array.isArray(s.built) ||
    !isRecord(s.images) ||
    !Array.isArray(s.images.items)
  )
    return undefined;
  return value as ToWebview;
}
