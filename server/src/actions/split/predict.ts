// The size a split's image will have on disk, predicted before anything is built: the runner base
// as the caller sizes it (daemon, registry, catalogue: on-disk figures), plus what the runner stage
// copies, measured in the workspace where it exists (the context's files, node_modules, a previous
// build's output) and named as not measured where it does not. Nothing leaves the machine.
import * as path from 'node:path';
import type { WorkspaceFacts, WorkspaceView } from '../../core/workspace';
import { measureCopySources } from '../../core/context';
import { catalogue, estimateImageSize } from '../../sizes/catalogue';
import { formatBytes } from '../../core/format';
import type { SplitPlan } from './plan';
import type { SourceFacts } from './read';
import { workspaceManifests } from './nodeWorkspace';

/** On-disk bytes of an image when the caller knows them (a daemon's or registry's figure). */
export type BaseSizeLookup = (image: string) => number | undefined;

export interface SizePrediction {
  /** Predicted on-disk size of the runner image: the base plus everything measured. */
  bytes: number;
  /** `≈ 135 MB on disk, −89 %`; `≥ 122 MB on disk + dependencies (no node_modules here)` when parts are not measured. */
  label: string;
  /** What the figure leaves out because it is not in the workspace (no node_modules, no build yet). */
  unmeasured: string[];
  /** Saving against the original image, when the original can be sized the same way. */
  saving?: number;
  /** ± bytes around `bytes` when the base is sized from its download (no on-disk figure anywhere). */
  spread?: number;
}

/** Bounds so a code action never walks a huge tree for long. */
const MAX_FILES = 150_000;
const MAX_MILLIS = 1500;
/** How far on-disk / download varies between images around the catalogue's median ratio, or one release line's size from another's (± this share). */
const DOWNLOAD_RATIO_SPREAD = 0.3;

interface BaseFigure {
  bytes: number;
  /** ± bytes: set when the figure is derived from a download size. */
  spread?: number;
}

/**
 * On-disk bytes per downloaded byte: the median over the catalogue's images that have both
 * figures on one platform (layers unpack to roughly 2–3 times their compressed size).
 */
let downloadRatio: number | undefined;
function onDiskPerDownload(): number {
  if (downloadRatio === undefined) {
    const ratios = catalogue.images
      .flatMap((e) => Object.values(e.sizes))
      .filter((s) => s.compressed?.bytes && s.onDisk?.bytes)
      .map((s) => s.onDisk!.bytes / s.compressed!.bytes)
      .sort((a, b) => a - b);
    downloadRatio = ratios.length ? ratios[Math.floor(ratios.length / 2)] : 1;
  }
  return downloadRatio;
}

/**
 * An image's on-disk size: the caller's figure (daemon, registry) first, then the catalogue's
 * on-disk one, then the catalogue's download size times the on-disk/download ratio, with its spread.
 */
function baseFigure(image: string, lookup: BaseSizeLookup | undefined): BaseFigure | undefined {
  const known = lookup?.(image);
  if (known !== undefined) return { bytes: known };
  const estimate = estimateImageSize(image);
  // A figure of another release line of the same variant (the catalogue has no node 20 entry left)
  // is near, not exact: it carries the same spread as a download-derived one.
  const near = (bytes: number): BaseFigure =>
    estimate?.exact ? { bytes } : { bytes, spread: Math.round(bytes * DOWNLOAD_RATIO_SPREAD) };
  if (estimate?.onDisk) return near(estimate.onDisk.bytes);
  if (!estimate?.compressed) return undefined;
  const bytes = Math.round(estimate.compressed.bytes * onDiskPerDownload());
  return { bytes, spread: Math.round(bytes * DOWNLOAD_RATIO_SPREAD) };
}

/** A walk's budget; `cut` is set when it ran out, so the figure is a floor. */
interface Budget {
  files: number;
  until: number;
  cut?: boolean;
}

const newBudget = (): Budget => ({ files: MAX_FILES, until: Date.now() + MAX_MILLIS });

/** What the original image is predicted to hold, sized the same way as the split's: a floor when parts are not measured. */
export interface OriginalPrediction {
  bytes: number;
  /** The figure leaves out what was not measured here (a cache, a binary not built yet): the image is larger. */
  floor: boolean;
}

/**
 * Predicts the original single-stage image: its base, what its COPY instructions send from here,
 * the whole node_modules its install writes and the build output the split's runner takes (measured
 * where they exist). Package-manager caches and compiler output are not measured: a floor then.
 */
export function predictOriginalSize(
  src: SourceFacts,
  plan: SplitPlan,
  facts: WorkspaceFacts,
  lookup?: BaseSizeLookup,
): OriginalPrediction | undefined {
  const image = src.stage.image.resolved;
  const base = image ? baseFigure(image, lookup) : undefined;
  if (!base) return undefined;
  let bytes = base.bytes;
  let floor = false;
  const budget = newBudget();
  for (const item of src.items) {
    if (!item.copy) continue;
    if (item.ins.flags.some((f) => f.name === 'from') || item.copy.sources.some((s) => /^[a-z]+:\/\//i.test(s))) {
      floor = true;
      continue;
    }
    bytes += measureCopySources(facts.view, facts.dockerignore, item.copy.sources, {
      maxFiles: 20_000,
      maxMillis: 500,
    }).bytes;
  }
  const runs = src.items.filter((i) => i.role === 'run').map((i) => i.ins.argsText);
  if (runs.some((r) => NODE_INSTALL.test(r))) {
    if (facts.view.exists('node_modules')) bytes += treeBytes(facts.view, 'node_modules', budget, true);
    else floor = true;
  }
  // Build output the runner copies from the build stage, as the original's build wrote it.
  const runner = plan.stages[plan.stages.length - 1];
  for (const node of runner.nodes) {
    if (node.kind !== 'copy' || !node.from || node.from === 'deps') continue;
    for (const source of node.sources) {
      const rel = relativeToApp(source, src.appDir);
      if (rel === undefined || /(^|\/)node_modules$/.test(rel)) continue;
      if (facts.view.exists(rel)) bytes += treeBytes(facts.view, rel, budget, false);
      else floor = true;
    }
  }
  // Anything else a RUN writes (compilers' output and caches, OS packages) is not measured here.
  if (runs.some((r) => !NODE_INSTALL.test(r) && !/\brun\s+build\b/.test(r))) floor = true;
  return { bytes, floor: floor || !!budget.cut };
}

const NODE_INSTALL = /\b(npm\s+(ci|install|i)\b|yarn(\s+install)?\b|pnpm\s+(install|i)\b)/;

/** `source` (absolute in the image) relative to the app folder, `.` for the folder itself. */
function relativeToApp(source: string, appDir: string): string | undefined {
  if (source === appDir) return '.';
  if (appDir === '/') return source.replace(/^\//, '') || '.';
  return source.startsWith(`${appDir}/`) ? source.slice(appDir.length + 1) : undefined;
}

/**
 * Predicts the runner image of `plan` (whose app folder is `appDir` in the image and the context
 * root in the workspace). `original` sizes the saving: the built original's bytes when the caller
 * knows them, else the original as predicted from the same workspace.
 */
export function predictRunnerSize(
  plan: SplitPlan,
  facts: WorkspaceFacts,
  appDir: string,
  options: { lookup?: BaseSizeLookup; original?: OriginalPrediction } = {},
): SizePrediction | undefined {
  const runner = plan.stages[plan.stages.length - 1];
  const base = baseFigure(runner.image, options.lookup);
  if (base === undefined) return undefined;
  // Production only when a stage before the runner installs or prunes so (deps: `npm ci --omit=dev`;
  // an npm workspace's build: `npm prune --omit=dev`): the packages the production dependencies reach
  // (the root's and, in a workspace, every workspace package's).
  const productionOnly = plan.stages
    .slice(0, -1)
    .some((s) =>
      s.nodes.some(
        (n) => n.kind === 'run' && n.commands.some((c) => /--omit=dev|--prod\b|--production|workspaces focus/.test(c)),
      ),
    );
  const production = productionOnly
    ? Object.assign(
        {},
        facts.packageJson?.dependencies,
        ...[...workspaceManifests(facts.view).values()].map((w) => w.dependencies),
      )
    : undefined;
  let bytes = base.bytes;
  const unmeasured: string[] = [];
  const budget = newBudget();
  for (const node of runner.nodes) {
    if (node.kind !== 'copy') continue;
    for (const source of node.sources) {
      if (!node.from) {
        bytes += measureCopySources(facts.view, facts.dockerignore, [source], {
          maxFiles: 20_000,
          maxMillis: 500,
        }).bytes;
        continue;
      }
      const rel = relativeToApp(source, appDir);
      if (rel !== undefined && /(^|\/)node_modules$/.test(rel)) {
        const measured = facts.view.exists(rel) ? modulesBytes(facts.view, rel, production, budget) : undefined;
        if (measured === undefined) unmeasured.push('dependencies (no node_modules here)');
        else bytes += measured;
      } else if (rel !== undefined && facts.view.exists(rel)) bytes += treeBytes(facts.view, rel, budget, false);
      else if (rel === '.next/standalone' && nextStandaloneBytes(facts.view, budget) !== undefined)
        bytes += nextStandaloneBytes(facts.view, budget)!;
      else if (!source.startsWith('/etc/')) unmeasured.push(`${path.posix.basename(source)} (not built here)`);
    }
  }
  if (budget.cut) unmeasured.push('part of a large tree (the walk stopped at its time limit)');
  const floor = unmeasured.length > 0;
  const original = options.original;
  const saving = original ? 1 - bytes / original.bytes : undefined;
  // A floor here bounds the saving from above; a floor for the original bounds it from below.
  const savingText =
    saving === undefined || saving <= 0 || (floor && original?.floor)
      ? ''
      : floor
        ? `, at most −${Math.round(saving * 100)} %`
        : original?.floor
          ? `, −${Math.round(saving * 100)} % or more`
          : `, −${Math.round(saving * 100)} %`;
  const size = base.spread ? `${formatBytes(bytes)} ± ${formatBytes(base.spread)}` : formatBytes(bytes);
  const label = floor ? `≥ ${size} on disk + ${unmeasured.join(', ')}${savingText}` : `≈ ${size} on disk${savingText}`;
  return { bytes, label, unmeasured, saving: floor || original?.floor ? undefined : saving, spread: base.spread };
}

/**
 * What `.next/standalone` will hold, from a build without `output: 'standalone'` (the split adds it):
 * Next writes the traces anyway (`.next/next-server.js.nft.json`, the `.nft.json` files under `.next/server`,
 * each listing the files it needs relative to itself); standalone is those files and `.next/server`.
 * Undefined when the workspace has no traced build.
 */
function nextStandaloneBytes(view: WorkspaceView, budget: Budget): number | undefined {
  if (!view.exists('.next/next-server.js.nft.json')) return undefined;
  const files = new Set<string>();
  const traces: string[] = ['.next/next-server.js.nft.json'];
  const walk = (dir: string) => {
    for (const name of view.list(dir)) {
      if (budget.files-- <= 0 || Date.now() > budget.until) {
        budget.cut = true;
        return;
      }
      const child = `${dir}/${name.replace(/\/$/, '')}`;
      if (name.endsWith('/')) walk(child);
      else {
        files.add(child);
        if (name.endsWith('.nft.json')) traces.push(child);
      }
    }
  };
  walk('.next/server');
  for (const trace of traces) {
    let listed: string[] = [];
    try {
      listed = (JSON.parse(view.readText(trace, 16 << 20) ?? '{}') as { files?: string[] }).files ?? [];
    } catch {
      budget.cut = true;
    }
    for (const file of listed) {
      const rel = path.posix.normalize(path.posix.join(path.posix.dirname(trace), file));
      if (!rel.startsWith('..')) files.add(rel);
    }
  }
  let bytes = 0;
  for (const file of files) if (!file.endsWith('.nft.json')) bytes += view.size(file) ?? 0;
  return bytes;
}

/**
 * Bytes of a node_modules folder: everything, or (given the production dependencies) only the
 * packages they reach, resolved the way node does (nested node_modules first, then upwards).
 */
function modulesBytes(
  view: WorkspaceView,
  modules: string,
  production: Record<string, string> | undefined,
  budget: Budget,
): number {
  if (!production) return treeBytes(view, modules, budget, true);
  let bytes = 0;
  const seen = new Set<string>();
  const queue: [string, string][] = Object.keys(production).map((name) => [name, modules]);
  while (queue.length) {
    const [name, from] = queue.shift()!;
    const dir = resolvePackage(view, name, from, modules);
    if (!dir || seen.has(dir)) continue;
    seen.add(dir);
    bytes += treeBytes(view, dir, budget, false);
    const manifest = view.readText(`${dir}/package.json`);
    let pkg: { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> } = {};
    try {
      pkg = manifest ? JSON.parse(manifest) : {};
    } catch {
      // An unreadable manifest: its dependencies stay uncounted.
    }
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies }))
      queue.push([dep, `${dir}/node_modules`]);
  }
  return bytes;
}

/** `node_modules/<name>` from `from` upwards to the top folder, as node resolves it. */
function resolvePackage(view: WorkspaceView, name: string, from: string, top: string): string | undefined {
  for (let dir = from; ; ) {
    if (view.exists(`${dir}/${name}/package.json`)) return `${dir}/${name}`;
    if (dir === top) return undefined;
    // `a/node_modules/b/node_modules` → `a/node_modules`
    const up = dir.replace(/\/[^/]+(?:\/[^/]+)?\/node_modules$/, '');
    const next = up.endsWith('node_modules') ? up : top;
    if (next === dir) return undefined;
    dir = next;
  }
}

/** Bytes under a folder (bounded), without nested node_modules unless `all`. */
function treeBytes(view: WorkspaceView, dir: string, budget: Budget, all: boolean): number {
  let bytes = 0;
  const walk = (rel: string) => {
    for (const name of view.list(rel)) {
      if (budget.files <= 0 || Date.now() > budget.until) {
        budget.cut = true;
        return;
      }
      const child = `${rel}/${name}`;
      if (name.endsWith('/')) {
        if (all || name !== 'node_modules/') walk(child.slice(0, -1));
      } else {
        budget.files--;
        bytes += view.size(child) ?? 0;
      }
    }
  };
  const size = view.size(dir);
  if (size !== undefined) return size;
  walk(dir);
  return bytes;
}
