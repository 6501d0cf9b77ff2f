// A monorepo whose image runs one workspace package (`node apps/api/dist/index.js` in a pnpm
// workspace): the original stage is replayed as the build, then `pnpm deploy` writes that package
// with its production dependencies and its built workspace libraries (copied, not linked) to one
// folder, which is all the runner takes. npm and yarn workspaces are refused with the reason.
import * as path from 'node:path';
import type { PlanNode, PlanOutcome, PlanStage } from './plan';
import type { SourceItem } from './read';
import type { NodeContext } from './nodeContext';
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
  if (ws.manager !== 'pnpm')
    return {
      refused: `the start command runs the ${ws.manager} workspace package ${ws.name} (${ws.dir}); the split plans pnpm workspaces (pnpm deploy) but not ${ws.manager} workspaces yet`,
    };
  if (!src.items.some((i) => i.role === 'copy-sources'))
    return { refused: `the workspace package ${ws.name} is built from sources the file never copies` };
  if (ctx.start.kept) return { refused: `${ctx.start.kept}: the runner of a workspace package runs node itself` };
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
  runnerNodes.push(...runnerTail(src, used, { roles: ['meta', 'healthcheck'], user, start }));
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
