// A monorepo whose image runs one workspace package (`node apps/api/dist/index.js` in a pnpm
// workspace): the original stage is replayed as the build, then `pnpm deploy` writes that package
// with its production dependencies and its built workspace libraries (copied, not linked) to one
// folder, which is all the runner takes. In an npm workspace, `npm prune --omit=dev` after the build
// leaves the production tree (links to the workspace packages included), and the runner takes
// node_modules, the started package and the workspace libraries it reaches. Yarn workspaces are
// refused with the reason.
import * as path from 'node:path';
import type { PlanNode, PlanOutcome, PlanStage } from './plan';
import type { SourceItem } from './read';
import type { NodeContext } from './nodeContext';
import type { WorkspaceView } from '../../core/workspace';
import { replayAsBuilder, verbatim, withComments } from './nodes';
import { argsAndEnv, runnerTail, assemblePlan } from './assembly';
import { entryFile } from './start';

export interface WorkspacePackage {
  /** Folder of the package, relative to the app folder (`apps/api`). */
  dir: string;
  /** Its package.json name, which `--filter` selects. */
  name: string;
  manager: 'pnpm' | 'npm' | 'yarn';
}

/** The workspace package the start command runs a file of, when the project declares workspaces. */
export function startedWorkspacePackage(ctx: NodeContext): WorkspacePackage | undefined {
  const view = ctx.facts.view;
  const rootPkg = view.readText('package.json') ?? '';
  const manager = view.exists('pnpm-workspace.yaml')
    ? 'pnpm'
    : /"workspaces"\s*:/.test(rootPkg)
      ? ctx.pm.kind === 'yarn'
        ? 'yarn'
        : 'npm'
      : undefined;
  const entry = entryFile(ctx.start)?.replace(/^\.\//, '');
  if (!manager || !entry) return undefined;
  // The entry is relative to the app folder, which is the context root copied by `COPY . .`.
  for (let dir = path.posix.dirname(entry); dir !== '.' && dir !== '/'; dir = path.posix.dirname(dir)) {
    const text = view.readText(`${dir}/package.json`);
    if (text === undefined) continue;
    const name = /"name"\s*:\s*"([^"]+)"/.exec(text)?.[1];
    return name ? { dir, name, manager } : undefined;
  }
  return undefined;
}

export function planWorkspacePackage(ctx: NodeContext, ws: WorkspacePackage): PlanOutcome {
  const { src } = ctx;
  if (ws.manager === 'yarn')
    return {
      refused: `the start command runs the yarn workspace package ${ws.name} (${ws.dir}); the split plans pnpm (pnpm deploy) and npm workspaces (npm prune) but not yarn workspaces yet`,
    };
  if (!src.items.some((i) => i.role === 'copy-sources'))
    return { refused: `the workspace package ${ws.name} is built from sources the file never copies` };
  if (ctx.start.kept) return { refused: `${ctx.start.kept}: the runner of a workspace package runs node itself` };
  if (ws.manager === 'npm') return planNpmWorkspace(ctx, ws);
  const used = new Set<SourceItem>();
  const deployed = `/prod/${ws.name.replace(/^@/, '').replace(/\//g, '-')}`;
  const pnpmMajor = Number(/^pnpm@(\d+)/.exec(ctx.facts.packageJson?.packageManager ?? '')?.[1] ?? 0);
  // pnpm 10 deploys only injected workspace packages unless told to use the earlier behaviour.
  const deploy = `pnpm --filter ${ws.name} deploy --prod${pnpmMajor >= 10 ? ' --legacy' : ''} ${deployed}`;
  const buildNodes: PlanNode[] = [...replayAsBuilder(src, used), { kind: 'run', commands: [deploy] }];
  ctx.warnings.push(
    `${ws.dir} is a pnpm workspace package: after the build, \`${deploy}\` writes it with its production dependencies and built workspace libraries, and the runner takes only that folder.`,
  );

  const appDir = ctx.appDir;
  const runnerNodes: PlanNode[] = [{ kind: 'workdir', path: appDir }, ...argsAndEnv(src, used, false)];
  runnerNodes.push({
    kind: 'copy',
    from: 'build',
    sources: [deployed],
    dest: `./${ws.dir}`,
    chown: src.items.some((i) => i.copy?.chown) ? `${ctx.runnerUser}:${ctx.runnerUser}` : undefined,
  });
  runnerNodes.push(...startTail(ctx, used));
  const stages: PlanStage[] = [
    {
      name: 'build',
      image: ctx.builder,
      purpose: 'the workspace installed and built, the started package deployed',
      nodes: buildNodes,
    },
    {
      name: 'runner',
      image: ctx.runnerImage,
      purpose: `${ws.name} with its production dependencies and nothing else`,
      nodes: runnerNodes,
    },
  ];
  return assemblePlan(src, ctx.runner, ctx.runnerImage, stages, ctx.warnings);
}

/** The runner's last nodes for a workspace package: metadata, USER, and node running the entry. */
function startTail(ctx: NodeContext, used: Set<SourceItem>): PlanNode[] {
  const { src } = ctx;
  const userItem = [...src.items].reverse().find((i) => i.role === 'user');
  const user = withComments({ kind: 'user', user: ctx.runnerUser }, userItem ? [userItem] : [], used);
  const startItem = ctx.start.cmdItem ?? ctx.start.entrypointItem;
  const args = ctx.start.nodeArgs!;
  const start: PlanNode[] = startItem
    ? [
        withComments(
          { kind: 'exec', keyword: 'CMD', args: ctx.runner === 'distroless' ? args : ['node', ...args] },
          [startItem],
          used,
        ),
      ]
    : [];
  if (ctx.start.entrypointItem && ctx.start.entrypoint) start.unshift(verbatim(ctx, ctx.start.entrypointItem, used));
  return runnerTail(src, used, { roles: ['meta', 'healthcheck'], user, start });
}

/**
 * npm workspaces: the original stage replayed as the build, then `npm prune --omit=dev` (the whole
 * tree: the workspace links stay, development packages go). The runner takes the root package.json
 * and node_modules, the started package and the workspace libraries it depends on (transitively),
 * each folder with its build output and any node_modules of its own.
 */
function planNpmWorkspace(ctx: NodeContext, ws: WorkspacePackage): PlanOutcome {
  const { src } = ctx;
  const used = new Set<SourceItem>();
  const prune = 'npm prune --omit=dev';
  const buildNodes: PlanNode[] = [...replayAsBuilder(src, used), { kind: 'run', commands: [prune] }];
  const libraries = workspaceLibraries(ctx, ws);
  ctx.warnings.push(
    `${ws.dir} is an npm workspace package: after the build, \`${prune}\` leaves the production dependencies (with the workspace links), and the runner takes node_modules, ${[ws.dir, ...libraries.map((l) => l.dir)].join(', ')}.`,
  );
  const appDir = ctx.appDir;
  const chown = src.items.some((i) => i.copy?.chown) ? `${ctx.runnerUser}:${ctx.runnerUser}` : undefined;
  const from = (rel: string): PlanNode => ({
    kind: 'copy',
    from: 'build',
    sources: [path.posix.join(appDir, rel)],
    dest: rel === 'package.json' ? './' : `./${rel}`,
    chown,
  });
  const runnerNodes: PlanNode[] = [
    { kind: 'workdir', path: appDir },
    ...argsAndEnv(src, used, false),
    from('package.json'),
    from('node_modules'),
    ...[ws, ...libraries].map((p) => from(p.dir)),
  ];
  runnerNodes.push(...startTail(ctx, used));
  const stages: PlanStage[] = [
    {
      name: 'build',
      image: ctx.builder,
      purpose: 'the workspace installed and built, then development dependencies pruned',
      nodes: buildNodes,
    },
    {
      name: 'runner',
      image: ctx.runnerImage,
      purpose: `${ws.name}, the workspace libraries it uses and the production dependencies, nothing else`,
      nodes: runnerNodes,
    },
  ];
  return assemblePlan(src, ctx.runner, ctx.runnerImage, stages, ctx.warnings);
}

/** The workspace packages `ws` depends on, transitively (by package name). */
function workspaceLibraries(ctx: NodeContext, ws: WorkspacePackage): WorkspacePackage[] {
  const byName = workspaceManifests(ctx.facts.view);
  const out: WorkspacePackage[] = [];
  const queue = Object.keys(byName.get(ws.name)?.dependencies ?? {});
  while (queue.length) {
    const name = queue.shift()!;
    const found = byName.get(name);
    if (!found || name === ws.name || out.some((p) => p.name === name)) continue;
    out.push({ dir: found.dir, name, manager: ws.manager });
    queue.push(...Object.keys(found.dependencies));
  }
  return out;
}

/**
 * The packages of an npm/yarn workspace (the root package.json's `workspaces` folders), by name,
 * with their folder and production dependencies; empty when the root declares no workspaces.
 */
export function workspaceManifests(
  view: WorkspaceView,
): Map<string, { dir: string; dependencies: Record<string, string> }> {
  const byName = new Map<string, { dir: string; dependencies: Record<string, string> }>();
  let patterns: string[] = [];
  try {
    const root = JSON.parse(view.readText('package.json') ?? '{}') as {
      workspaces?: string[] | { packages?: string[] };
    };
    patterns = Array.isArray(root.workspaces) ? root.workspaces : (root.workspaces?.packages ?? []);
  } catch {
    return byName;
  }
  // `packages/*` lists the folders under packages/; a plain path names one folder.
  const dirs = patterns.flatMap((p) =>
    p.endsWith('/*')
      ? view
          .list(p.slice(0, -2))
          .filter((n) => n.endsWith('/'))
          .map((n) => `${p.slice(0, -2)}/${n.slice(0, -1)}`)
      : [p.replace(/\/$/, '')],
  );
  for (const dir of dirs) {
    try {
      const pkg = JSON.parse(view.readText(`${dir}/package.json`) ?? '') as {
        name?: string;
        dependencies?: Record<string, string>;
      };
      if (pkg.name) byName.set(pkg.name, { dir, dependencies: pkg.dependencies ?? {} });
    } catch {
      // A folder without a readable package.json is no workspace package.
    }
  }
  return byName;
}
