// Next.js: the standalone layout. The build traces exactly the files the server needs into
// .next/standalone; the runner copies that, .next/static and public. When next.config lacks
// `output: 'standalone'`, the split also edits it.
import { nextStandaloneEdits } from '../../core/nextConfig';
import type { PlanNode, PlanOutcome, PlanStage } from './plan';
import { installInputs, healthcheckNode, builderHead, type NodeContext } from './nodeContext';
import { nodeRunSteps } from './nodeRunSteps';
import { keptRuns, runFlags, verbatim, withComments, appWorkdir } from './nodes';
import { argsAndEnv, runnerTail, assemblePlan, runnerUserNode } from './assembly';
import { installCommands } from './nodeInstall';
import type { SourceItem } from './read';
import { append } from '../../core/collections';

export function planNextStandalone(ctx: NodeContext): PlanOutcome {
  const edits = nextStandaloneEdits(ctx.facts);
  if ('refused' in edits) return edits;
  const { src, installDir } = ctx;
  const install = ctx.runs.find((r) => r.role === 'install');
  if (!install) return { refused: 'a Next.js build needs its dependencies installed first' };
  const steps = nodeRunSteps(ctx);
  if ('refused' in steps) return steps;
  const { system, leftovers } = steps;
  const used = new Set<SourceItem>();
  const builds = ctx.runs.filter((r) => r.role === 'build');
  const systemBuild: PlanNode[] = system.builder.length ? [{ kind: 'run', commands: system.builder }] : [];
  const deps: PlanStage = {
    name: 'deps',
    image: ctx.builder,
    purpose: 'all dependencies (the build needs them; the runner gets only the traced ones)',
    nodes: [
      { kind: 'workdir', path: installDir },
      // Next's SWC binaries need glibc shims on alpine.
      ...(ctx.runner === 'alpine' ? [{ kind: 'run', commands: ['apk add --no-cache libc6-compat'] } as PlanNode] : []),
      ...systemBuild,
      ...installInputs(ctx, install.item.ins.range.start.line, used),
      withComments(
        { kind: 'run', flags: runFlags(install.item), commands: installCommands(ctx.pm, install, 'all', ctx.facts) },
        [install.item],
        used,
      ),
    ],
  };
  const build: PlanStage = {
    name: 'build',
    image: ctx.builder,
    purpose: 'next build with output: standalone',
    nodes: [
      ...builderHead(ctx, system.builder, used),
      { kind: 'copy', from: 'deps', sources: [`${installDir}/node_modules`], dest: './node_modules' },
      withComments(
        { kind: 'copy', sources: ['.'], dest: '.' },
        src.items.filter((i) => i.role === 'copy-sources'),
        used,
      ),
      withComments(
        {
          kind: 'run',
          flags: builds.length ? runFlags(builds[0].item) : undefined,
          commands: [...(ctx.pm.corepack ? ['corepack enable'] : []), ...builds.map((b) => b.text)],
        },
        builds.map((b) => b.item),
        used,
      ),
    ],
  };
  const dist = ctx.runner === 'distroless';
  const runnerNodes: PlanNode[] = [
    appWorkdir(src, installDir, used),
    ...argsAndEnv(src, used, false),
    {
      kind: 'env',
      pairs: [
        ['NODE_ENV', 'production'],
        ['HOSTNAME', '0.0.0.0'],
      ],
    },
    ...(system.runner.length ? [{ kind: 'run', commands: system.runner } as PlanNode] : []),
    ...keptRuns([...leftovers.first, ...leftovers.early], used, installDir, src),
  ];
  // The original's USER where the runner has it (a uid, nobody, node), else the runner's; files are its.
  const userItem = [...src.items].reverse().find((i) => i.role === 'user');
  const user = runnerUserNode(
    src,
    used,
    ctx.runnerUser,
    [ctx.runner === 'distroless' ? 'nonroot' : 'node'],
    ctx.warnings,
  );
  const owner = (user.kind === 'user' ? user.user : (userItem?.ins.args[0]?.value ?? ctx.runnerUser)).split(':')[0];
  const chown = owner === ctx.runnerUser ? `${owner}:${owner}` : owner;
  if (ctx.facts.topLevel.includes('public/'))
    runnerNodes.push({ kind: 'copy', from: 'build', sources: [`${installDir}/public`], dest: './public' });
  runnerNodes.push(
    { kind: 'copy', from: 'build', chown, sources: [`${installDir}/.next/standalone`], dest: './' },
    { kind: 'copy', from: 'build', chown, sources: [`${installDir}/.next/static`], dest: './.next/static' },
  );
  append(runnerNodes, keptRuns(leftovers.late, used, installDir, src));
  const startNodes: PlanNode[] = [];
  if (ctx.start.entrypoint && ctx.start.entrypointItem) startNodes.push(verbatim(ctx, ctx.start.entrypointItem, used));
  startNodes.push({ kind: 'exec', keyword: 'CMD', args: dist ? ['server.js'] : ['node', 'server.js'] });
  runnerNodes.push(
    ...runnerTail(src, used, {
      roles: ['meta', 'healthcheck'],
      healthcheck: (item) => healthcheckNode(ctx, item, used),
      user,
      start: startNodes,
    }),
  );
  const original = [...(ctx.start.entrypoint ?? []), ...ctx.start.cmd].join(' ');
  const replaced = src.items.filter(
    (i) =>
      (i === ctx.start.cmdItem || i === ctx.start.entrypointItem) &&
      !(ctx.start.entrypoint && i === ctx.start.entrypointItem),
  );
  if (ctx.start.entrypoint || ctx.start.shellCode || ctx.start.nodeEntrypoint || !/^node server\.js$/.test(original))
    ctx.warnings.push(
      `the start command (${replaced.map((i) => `\`${i.ins.keyword} ${i.ins.argsText.trim()}\``).join(', ')}) becomes the standalone server, \`node server.js\` (it reads PORT and HOSTNAME).`,
    );
  if (edits.length)
    ctx.warnings.push(
      `${ctx.facts.nextConfig?.file ?? 'next.config.js'} gets \`output: 'standalone'\` (part of this change).`,
    );
  const runner: PlanStage = {
    name: 'runner',
    image: ctx.runnerImage,
    purpose: 'the standalone server, static files and public/',
    nodes: runnerNodes,
  };
  return assemblePlan(src, ctx.runner, ctx.runnerImage, [deps, build, runner], ctx.warnings, edits);
}
