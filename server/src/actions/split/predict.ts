// The size a split's image will have on disk, predicted before anything is built: the runner base
// as the caller sizes it (daemon, registry, catalogue: on-disk figures), plus what the runner stage
// copies, measured in the workspace where it exists (the context's files, node_modules, a previous
// build's output) and named as not measured where it does not. Nothing leaves the machine.
import * as path from 'node:path';
import type { WorkspaceFacts, WorkspaceView } from '../../core/workspace';
import { measureCopySources } from '../../core/context';
import { estimateImageSize } from '../../sizes/catalogue';
import { formatBytes } from '../../core/format';
import type { SplitPlan } from './plan';

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
}

/** Bounds so a code action never walks a huge tree for long. */
const MAX_FILES = 150_000;
const MAX_MILLIS = 1500;

/** The runner base's on-disk size: the caller's figure first, then the catalogue's on-disk one. */
function baseBytes(image: string, lookup: BaseSizeLookup | undefined): number | undefined {
  return lookup?.(image) ?? estimateImageSize(image)?.onDisk?.bytes;
}

/**
 * Predicts the runner image of `plan` (whose app folder is `appDir` in the image and the context
 * root in the workspace). `originalImage` and `originalBytes` size the saving when known.
 */
export function predictRunnerSize(
  plan: SplitPlan,
  facts: WorkspaceFacts,
  appDir: string,
  options: { lookup?: BaseSizeLookup; originalImage?: string; originalBytes?: number } = {},
): SizePrediction | undefined {
  const runner = plan.stages[plan.stages.length - 1];
  const base = baseBytes(runner.image, options.lookup);
  if (base === undefined) return undefined;
  const deps = plan.stages.find((s) => s.name === 'deps');
  const productionOnly =
    !!deps &&
    deps.nodes.some(
      (n) => n.kind === 'run' && n.commands.some((c) => /--omit=dev|--prod\b|--production|workspaces focus/.test(c)),
    );
  let bytes = base;
  const unmeasured: string[] = [];
  const budget = { files: MAX_FILES, until: Date.now() + MAX_MILLIS };
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
      const rel = source.startsWith(`${appDir}/`)
        ? source.slice(appDir.length + 1)
        : source === appDir
          ? '.'
          : undefined;
      if (rel !== undefined && /(^|\/)node_modules$/.test(rel)) {
        const measured = facts.view.exists(rel)
          ? modulesBytes(facts.view, rel, productionOnly ? facts.packageJson?.dependencies : undefined, budget)
          : undefined;
        if (measured === undefined) unmeasured.push('dependencies (no node_modules here)');
        else bytes += measured;
      } else if (rel !== undefined && facts.view.exists(rel)) bytes += treeBytes(facts.view, rel, budget, false);
      else if (!source.startsWith('/etc/')) unmeasured.push(`${path.posix.basename(source)} (not built here)`);
    }
  }
  // With parts unmeasured the figure is a floor: no saving is claimed from it.
  const saving = options.originalBytes && !unmeasured.length ? 1 - bytes / options.originalBytes : undefined;
  const savingText = saving !== undefined && saving > 0 ? `, −${Math.round(saving * 100)} %` : '';
  const label = unmeasured.length
    ? `≥ ${formatBytes(bytes)} on disk + ${unmeasured.join(', ')}`
    : `≈ ${formatBytes(bytes)} on disk${savingText}`;
  return { bytes, label, unmeasured, saving };
}

/**
 * Bytes of a node_modules folder: everything, or (given the production dependencies) only the
 * packages they reach, resolved the way node does (nested node_modules first, then upwards).
 */
function modulesBytes(
  view: WorkspaceView,
  modules: string,
  production: Record<string, string> | undefined,
  budget: { files: number; until: number },
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
function treeBytes(view: WorkspaceView, dir: string, budget: { files: number; until: number }, all: boolean): number {
  let bytes = 0;
  const walk = (rel: string) => {
    for (const name of view.list(rel)) {
      if (budget.files <= 0 || Date.now() > budget.until) return;
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
