// Step 2 for Node: deps (production node_modules), build (all deps + the build script) and a
// runner with only what runs. Next.js gets the standalone layout (see nextjs.ts).
import * as path from 'node:path';
import { programOf } from '../../core/queries';
import { commandText } from '../../core/commands';
import type { WorkspaceFacts } from '../../core/workspace';
import type { PlanNode, PlanOutcome, PlanStage, RunnerKind } from './plan';
import type { SourceFacts, SourceItem } from './read';
import { classifyRuns, type ClassifiedCommand } from './roles';
import { tagParts, builderImage, majorOf } from './images';
import { readStart, entryFile, preloadedModules } from './start';
import { devDependenciesUsedAtRuntime, runtimeFiles, sourceFiles } from '../../core/runtimeRequires';
import { envFilesRead, firstWrite } from './runtimeNeeds';
import { installCommands, packageManagerOf } from './nodeInstall';
import { planNextStandalone } from './nextjs';
import { planWorkspacePackage, startedWorkspacePackage } from './nodeWorkspace';
import { verbatim, withComments, copyNode, keptRuns, appWorkdir, runFlags, RUNTIME_FOLDERS } from './nodes';
import { nodeRunSteps, referencedPrograms, type Leftovers } from './nodeRunSteps';
import { scriptOf, expandedScript, installInputs, builderHead, healthcheckNode, type NodeContext } from './nodeContext';
import { runnerFor } from './runners';
import { argsAndEnv, runnerTail, assemblePlan, runnerUserNode, NO_START } from './assembly';
import { append, leastOf } from '../../core/collections';

export function planNode(src: SourceFacts, facts: WorkspaceFacts, runner: RunnerKind): PlanOutcome {
  const pkg = facts.packageJson;
  if (!pkg)
    return {
      refused: facts.packageJsonBroken ? 'package.json cannot be parsed' : 'no package.json next to the Dockerfile',
    };
  const image = src.stage.image;
  const parts = tagParts(image.raw, image.resolved!);
  if (!parts || parts.repository !== 'node')
    return { refused: `the base image ${image.raw} is not an official node image the split knows siblings of` };
  const runs = classifyRuns(src.items);
  const warnings: string[] = [];
  const start = readStart(src.items, pkg, facts.view);
  if (!start) return NO_START;
  const install = runs.find((r) => r.role === 'install');
  const builds = runs.filter((r) => r.role === 'build');
  const unread = runs.find((r) => r.role === 'unknown' && !r.command);
  if (unread)
    return {
      refused: `line ${unread.item.ins.range.start.line + 1}: \`RUN ${unread.item.ins.argsText.trim()}\` is ${unread.item.ins.execForm ? 'exec form' : 'a heredoc'}: the split reads shell commands only, so it cannot tell what that step installs or builds`,
    };
  if (!install && !builds.length)
    return { refused: 'nothing is installed or built: there is nothing to leave behind in a builder' };
  if (install?.parts)
    warnings.push(
      `\`${install.text.trim()}\` chooses the install when the image builds: the deps stage runs the install for ${facts.lockfile ? facts.lockfile.file : 'package.json (no lockfile)'} instead.`,
    );
  const chosen = runnerFor('node', runner, { original: image.resolved!, parts, nodeMajor: majorOf(image.resolved!) });
  if ('refused' in chosen) return chosen;
  const installDir = install?.item.workdir ?? src.appDir;
  const relocation = relocatedModules(runs, install, installDir);
  const ctx: NodeContext = {
    src,
    facts,
    runner,
    parts,
    pm: packageManagerOf(facts),
    warnings,
    start,
    // The `mv` of a relocated node_modules is done by the deps stage: it is handled, like a cleanup.
    runs: relocation ? runs.map((r) => (r === relocation.move ? { ...r, role: 'cleanup' } : r)) : runs,
    builder: builderImage(image.raw, parts, runner),
    runnerImage: chosen.image,
    runnerUser: chosen.user,
    installDir,
    appDir: src.appDir,
    modulesDir: relocation?.modulesDir ?? `${installDir}/node_modules`,
  };
  const workspace = startedWorkspacePackage(ctx);
  if (workspace) return planWorkspacePackage(ctx, workspace);
  const nextBuild = builds.some((b) =>
    [b.text, ...(b.parts ?? []).map((p) => commandText(p).replace(/^(then|else|do)\s+/, ''))].some(
      (t) => /\bnext\s+build\b/.test(t) || /\bnext\s+build\b/.test(scriptOf(t, pkg.scripts) ?? ''),
    ),
  );
  if (nextBuild) return planNextStandalone(ctx);
  return planPlainNode(ctx, install, builds);
}

/**
 * `RUN npm ci && mv /app/node_modules /node_modules` (node resolves parent folders, so a bind
 * mount of the app in development does not hide the modules): the deps stage does the same move
 * in the same layer, and the runner copies the modules from there. The command is then handled.
 */
function relocatedModules(
  runs: ClassifiedCommand[],
  install: ClassifiedCommand | undefined,
  installDir: string,
): { move: ClassifiedCommand; modulesDir: string } | undefined {
  if (!install) return undefined;
  const move = runs.find(
    (r) => r.item === install.item && r.role === 'unknown' && r.command && programOf(r.command) === 'mv',
  );
  const words =
    move?.command?.words
      .map((w) => w.value)
      .slice(1)
      .filter((w) => !w.startsWith('-')) ?? [];
  if (
    !move ||
    words.length !== 2 ||
    path.posix.resolve(install.item.workdir, words[0]) !== `${installDir}/node_modules`
  )
    return undefined;
  const dest = path.posix.resolve(install.item.workdir, words[1]);
  return { move, modulesDir: words[1].endsWith('/') ? `${dest}/node_modules` : dest };
}

function planPlainNode(
  ctx: NodeContext,
  install: ClassifiedCommand | undefined,
  builds: ClassifiedCommand[],
): PlanOutcome {
  const { src, facts, start } = ctx;
  const pkg = facts.packageJson!;
  const entry = entryFile(start);
  const hasBuild = builds.length > 0;
  const outDirs = hasBuild ? buildOutputs(ctx, builds, entry) : [];
  if (hasBuild && outDirs.length === 0)
    return {
      refused:
        'the build runs, but neither tsconfig.json, package.json nor the start command says which folder it writes',
    };
  const compiled = entry !== undefined && outDirs.some((d) => entry.replace(/^\.\//, '').startsWith(`${d}/`));
  // Generators write into node_modules (Prisma's client): the runner takes that folder from the build too.
  const generated = builds.some((b) =>
    /\bprisma\s+generate\b/.test(scriptOf(b.text, facts.packageJson!.scripts) ?? b.text),
  )
    ? ['node_modules/.prisma']
    : [];
  const others = builds.filter(
    (b) => !/^(npm|yarn|pnpm)\s+(run\s+)?build\b/.test(b.text) && !/prisma\s+generate/.test(b.text),
  );
  if (others.length)
    ctx.warnings.push(
      `${others.map((b) => `\`${b.text}\``).join(', ')} ${others.length > 1 ? 'run' : 'runs'} in the build stage: only ${[...outDirs, ...generated].join(', ')} reach${outDirs.length + generated.length > 1 ? '' : 'es'} the runner, so files written elsewhere stay behind.`,
    );

  // The trap: packages the app requires at run time that are only devDependencies.
  const entries = [...(entry ? [entry] : []), ...(pkg.main ? [pkg.main] : [])].map((e) => path.posix.normalize(e));
  const scanned = [...(compiled ? sourceFiles(facts.view, 'src') : entries), ...preloadedModules(start)];
  // The runner runs with NODE_ENV=production when the original set it (ENV, or the start script's
  // prefix the runner turns into ENV): code only for development (Vite's dev server) is not scanned.
  const production =
    (start.env ?? []).some(([k, v]) => k === 'NODE_ENV' && v === 'production') ||
    src.items.some((i) => i.role === 'env' && /(^|\s)NODE_ENV[= ]["']?production["']?(\s|$)/.test(i.ins.argsText));
  const devAtRuntime = install ? devDependenciesUsedAtRuntime(facts.view, pkg, scanned, { production }) : [];
  if (devAtRuntime.length)
    ctx.warnings.push(
      `${devAtRuntime.join(', ')} ${devAtRuntime.length > 1 ? 'are' : 'is'} only in devDependencies but required at run time: the runner keeps all dependencies. Move ${devAtRuntime.length > 1 ? 'them' : 'it'} to dependencies, then split again to ship production dependencies only.`,
    );
  // What the original's `COPY . .` shipped and a runner with only the build output would lose.
  const envFiles = compiled ? envFilesRead(facts, start, pkg) : [];
  if (envFiles.length)
    ctx.warnings.push(
      `the app reads ${envFiles.join(', ')} at start: the runner copies ${envFiles.length > 1 ? 'them' : 'it'} as the original did. That puts secrets in the image: better keep ${envFiles.length > 1 ? 'them' : 'it'} out (.dockerignore) and pass ${envFiles.length > 1 ? 'them' : 'it'} at run time with \`docker run --env-file ${envFiles[0]}\`.`,
    );
  const write = src.items.some((i) => i.role === 'user')
    ? undefined
    : firstWrite(facts, compiled ? scanned : runtimeFiles(facts.view, scanned));
  if (write) {
    ctx.warnings.push(
      `the app writes files at run time (\`${write.call}\` in ${write.file}) and the original ran as root: the runner keeps root so those writes still work. To run as ${ctx.runnerUser}, create the folders it writes in an earlier stage and copy them in with \`--chown=${ctx.runnerUser}\`.`,
    );
    ctx.runnerImage = ctx.runnerImage.replace(/:nonroot$/, '');
  }
  if (start.env)
    ctx.warnings.push(
      `the start script sets ${start.env.map(([k, v]) => `${k}=${v}`).join(' ')} in front of node: the runner sets ${start.env.length > 1 ? 'them' : 'it'} with ENV and runs node itself (no npm${/\bcross-env\b/.test(pkg.scripts[start.cmd[start.cmd[1] === 'run' ? 2 : 1]] ?? '') ? ', no cross-env' : ''} needed).`,
    );
  if (start.kept) {
    if (ctx.runner === 'distroless') return { refused: `${start.kept}, and distroless has no npm or shell to run it` };
    ctx.warnings.push(`${start.kept}: the start command is kept as written.`);
  }
  const steps = nodeRunSteps(ctx);
  if ('refused' in steps) return steps;
  const { system, leftovers } = steps;

  const stages: PlanStage[] = [];
  const used = new Set<SourceItem>();
  if (install) stages.push(depsStage(ctx, install, devAtRuntime.length > 0, system.builder, used));
  if (hasBuild) stages.push(buildStage(ctx, install, builds, system.builder, used));
  stages.push(
    runnerStage(ctx, {
      install,
      allModules: devAtRuntime.length > 0,
      hasBuild,
      outDirs,
      generated,
      compiled,
      system: system.runner,
      leftovers,
      used,
      envFiles,
      keepRoot: !!write,
    }),
  );
  return assemblePlan(src, ctx.runner, ctx.runnerImage, stages, ctx.warnings);
}

/** Folders build tools write by default (tsc's, nest's and bundlers' `dist`, CRA's `build`, `out`). */
const OUTPUT_NAMES = new Set(['dist', 'build', 'out']);

/** Folders the build writes: tsconfig outDir, the compiled entry/main's top folder, known tool defaults. */
function buildOutputs(ctx: NodeContext, builds: ClassifiedCommand[], entry: string | undefined): string[] {
  const { facts } = ctx;
  const pkg = facts.packageJson!;
  const out = new Set<string>();
  const absent = (dir: string) => !facts.topLevel.includes(`${dir}/`);
  const scripts = builds.map((b) => expandedScript(b.text, pkg.scripts)).join(' && ');
  if (facts.tsconfigOutDir && /\btsc\b/.test(scripts)) out.add(facts.tsconfigOutDir);
  for (const m of scripts.matchAll(/(?:--outDir|--out-dir|-d|--outdir)[ =]([\w./-]+)/g))
    out.add(m[1].replace(/^\.\//, '').replace(/\/.*$/, ''));
  if (/react-scripts build/.test(scripts)) out.add('build');
  if (/\b(vite|webpack|rollup|parcel|esbuild|tsup)\b/.test(scripts) && out.size === 0) out.add('dist');
  // The compiled entry's top folder is the output when the workspace has no such folder, or has it
  // under a build tool's usual name (a developer's previous local build: `dist/` next to `src/`).
  for (const file of [entry, pkg.main]) {
    const top = file?.replace(/^\.\//, '').split('/');
    if (top && top.length > 1 && (absent(top[0]) || OUTPUT_NAMES.has(top[0]))) out.add(top[0]);
  }
  return [...out].filter((d) => d && d !== '.' && !d.startsWith('..'));
}

/**
 * A kept `pnpm start` (or Yarn Berry's `yarn start`) cannot run in the runner: corepack would have to
 * download the package manager at start, offline and as another user. npm, which every node image
 * has, runs the same package.json script with node_modules/.bin on PATH.
 */
function viaNpm(ctx: StartContext, cmd: string[]): string[] {
  if (!ctx.pm.corepack || !['pnpm', 'yarn'].includes(cmd[0] ?? '')) return cmd;
  const rest = cmd[1] === 'run' || cmd[1] === 'run-script' ? cmd.slice(2) : cmd.slice(1);
  if (!rest.length || rest[0].startsWith('-')) return cmd;
  ctx.warnings.push(
    `\`${cmd.join(' ')}\` becomes \`npm run ${rest.join(' ')}\` in the runner: the same script, without a package manager that corepack would have to download at start.`,
  );
  return ['npm', 'run', ...rest];
}

/**
 * CMD and ENTRYPOINT for the runner: shell code kept as written (slim, alpine: distroless refused
 * it before), a node ENTRYPOINT kept apart from its CMD, `npm start` reduced to node, else exec form.
 */
/** What the start command's nodes depend on. */
export type StartContext = Pick<NodeContext, 'src' | 'start' | 'runner' | 'warnings' | 'pm'>;

export function startCommandNodes(ctx: StartContext, used: Set<SourceItem>): PlanNode[] {
  const { start, runner, src } = ctx;
  const node = runner === 'distroless' ? '/nodejs/bin/node' : 'node';
  const inOrder = src.items.filter((i) => i === start.entrypointItem || i === start.cmdItem);
  if (start.shellCode) return inOrder.map((i) => verbatim(ctx, i, used));
  const nodes: PlanNode[] = [];
  const entry = start.entrypointItem;
  if (entry && !entry.ins.execForm && !start.entrypoint) {
    // `ENTRYPOINT node server.js` (shell form, exact): it ignores CMD, as before.
    if (runner !== 'distroless') return inOrder.map((i) => verbatim(ctx, i, used));
    ctx.warnings.push(
      `\`ENTRYPOINT ${entry.ins.argsText.trim()}\` becomes exec form, ${'`'}ENTRYPOINT ["${node}", …]${'`'}: distroless has no shell.`,
    );
    return [
      withComments({ kind: 'exec', keyword: 'ENTRYPOINT', args: [node, ...(start.nodeArgs ?? [])] }, [entry], used),
      ...(start.cmdItem ? [verbatim(ctx, start.cmdItem, used)] : []),
    ];
  }
  if (start.nodeEntrypoint && entry) {
    nodes.push(
      withComments({ kind: 'exec', keyword: 'ENTRYPOINT', args: [node, ...start.nodeEntrypoint] }, [entry], used),
    );
    if (start.cmdItem)
      nodes.push(withComments({ kind: 'exec', keyword: 'CMD', args: start.cmd }, [start.cmdItem], used));
    return nodes;
  }
  if (start.entrypoint && entry) nodes.push(verbatim(ctx, entry, used));
  const cmd = start.nodeArgs
    ? runner === 'distroless'
      ? start.nodeArgs
      : ['node', ...start.nodeArgs]
    : viaNpm(ctx, start.cmd);
  if (start.cmdItem || start.nodeArgs)
    nodes.push(
      withComments(
        { kind: 'exec', keyword: 'CMD', args: cmd },
        [start.cmdItem, entry].filter((x): x is SourceItem => !!x),
        used,
      ),
    );
  return nodes;
}

/** The user a USER instruction names (`app` of `app:app`), or '' without one. */
function userName(item: SourceItem | undefined): string {
  return item?.ins.args[0]?.value.split(':')[0] ?? '';
}

function depsStage(
  ctx: NodeContext,
  install: ClassifiedCommand,
  full: boolean,
  systemBuild: string[],
  used: Set<SourceItem>,
): PlanStage {
  const manifests = ctx.src.items.filter((i) => i.role === 'copy-manifests');
  const nodes: PlanNode[] = [
    ...builderHead(ctx, systemBuild, used),
    ...installInputs(ctx, install.item.ins.range.start.line, used).map((n, i) =>
      i === 0 ? withComments(n, manifests, used) : n,
    ),
    withComments(
      {
        kind: 'run',
        flags: runFlags(install.item),
        commands: [
          ...installCommands(
            ctx.pm,
            install,
            full ? 'all' : 'production',
            ctx.facts,
            majorOf(ctx.src.stage.image.resolved!),
          ),
          // A package manager creates no node_modules when there is nothing to install; the runner's
          // COPY --from=deps of the folder would then fail ("not found"), so make the folder.
          ...(installsNothing(ctx.facts, full) ? [`mkdir -p ${ctx.installDir}/node_modules`] : []),
          ...(ctx.modulesDir !== `${ctx.installDir}/node_modules`
            ? [`mv ${ctx.installDir}/node_modules ${ctx.modulesDir}`]
            : []),
        ],
      },
      [install.item],
      used,
    ),
  ];
  return {
    name: 'deps',
    image: ctx.builder,
    purpose: full ? 'all dependencies (see the note at the top)' : 'production dependencies only',
    nodes,
  };
}

/** package.json is known and lists nothing the deps stage installs (production only, or everything when `full`). */
function installsNothing(facts: NodeContext['facts'], full: boolean): boolean {
  const pkg = facts.packageJson;
  if (!pkg) return false;
  const count = Object.keys(pkg.dependencies).length + (full ? Object.keys(pkg.devDependencies).length : 0);
  return count === 0;
}

function buildStage(
  ctx: NodeContext,
  install: ClassifiedCommand | undefined,
  builds: ClassifiedCommand[],
  systemBuild: string[],
  used: Set<SourceItem>,
): PlanStage {
  const sources = ctx.src.items.filter((i) => i.role === 'copy-sources');
  const nodes: PlanNode[] = builderHead(ctx, systemBuild, used);
  const inputs = install ? installInputs(ctx, install.item.ins.range.start.line, new Set()) : [];
  if (install)
    nodes.push(...inputs, {
      kind: 'run',
      flags: runFlags(install.item),
      commands: installCommands(ctx.pm, install, 'all', ctx.facts),
    });
  const copied = new Set(inputs.flatMap((n) => n.origin ?? []));
  for (const s of sources.filter((x) => !copied.has(x)))
    nodes.push(withComments(copyNode(s, ctx.installDir), [s], used));
  let workdir = ctx.installDir;
  for (const b of builds) {
    if (b.item.workdir !== workdir) nodes.push({ kind: 'workdir', path: (workdir = b.item.workdir) });
  }
  const byItem = new Map<SourceItem, string[]>();
  for (const b of builds) byItem.set(b.item, [...(byItem.get(b.item) ?? []), b.text]);
  for (const [item, commands] of byItem)
    nodes.push(
      withComments(
        {
          kind: 'run',
          flags: runFlags(item),
          commands: [...(ctx.pm.corepack ? ['corepack enable'] : []), ...commands],
        },
        [item],
        used,
      ),
    );
  return { name: 'build', image: ctx.builder, purpose: 'all dependencies and the build', nodes };
}

interface RunnerInputs {
  install?: ClassifiedCommand;
  /** The runner keeps every dependency (devDependencies are required at run time). */
  allModules: boolean;
  hasBuild: boolean;
  outDirs: string[];
  /** Folders a generator wrote inside node_modules during the build (node_modules/.prisma). */
  generated: string[];
  compiled: boolean;
  system: string[];
  leftovers: Leftovers;
  used: Set<SourceItem>;
  /** `.env` files the app reads at start, copied from the context. */
  envFiles: string[];
  /** No USER: the app writes where only root may, as the original did. */
  keepRoot: boolean;
}

function runnerStage(ctx: NodeContext, r: RunnerInputs): PlanStage {
  const { src, facts, start, appDir, installDir, runner } = ctx;
  const used = r.used;
  // The user first: files copied in belong to it. The original's own is kept where the runner has it.
  const userItem = [...src.items].reverse().find((i) => i.role === 'user');
  const user = r.keepRoot
    ? undefined
    : runnerUserNode(
        src,
        used,
        ctx.runnerUser,
        runner === 'distroless' ? ['nonroot'] : [userName(userItem)],
        ctx.warnings,
      );
  const finalUser = user?.kind === 'user' ? user.user : (userItem?.ins.args[0]?.value ?? ctx.runnerUser);
  const owner = finalUser.split(':')[0];
  const originalChown = src.items.find((i) => i.copy?.chown)?.copy?.chown;
  const chown = !originalChown
    ? undefined
    : originalChown.split(':')[0] === owner
      ? originalChown
      : owner === ctx.runnerUser
        ? `${owner}:${owner}`
        : owner;
  // ARG and ENV the original set before the steps kept first (`ARG UID` above `RUN useradd -u $UID`) stay above them.
  const firstLine = r.leftovers.first.length ? leastOf(r.leftovers.first.map((c) => c.item.ins.range.start.line)) : -1;
  const argEnv = argsAndEnv(src, used, false);
  const lineOf = (n: PlanNode) => n.origin?.[0]?.ins.range.start.line ?? Number.POSITIVE_INFINITY;
  const nodes: PlanNode[] = [
    ...argEnv.filter((n) => lineOf(n) < firstLine),
    ...keptRuns(r.leftovers.first, used, '/', src),
    appWorkdir(src, appDir, used),
    ...argEnv.filter((n) => lineOf(n) >= firstLine),
  ];
  if (r.system.length) {
    const systemItems = ctx.runs.filter((c) => c.role === 'system').map((c) => c.item);
    nodes.push(withComments({ kind: 'run', commands: r.system }, systemItems, used));
  }
  append(nodes, keptRuns(r.leftovers.early, used, appDir, src));
  for (const other of src.items.filter((i) => i.role === 'copy-other')) nodes.push(verbatim(ctx, other, used));
  const rel = (abs: string) =>
    abs === appDir ? './' : abs.startsWith(`${appDir}/`) ? `./${abs.slice(appDir.length + 1)}` : abs;
  if (r.install)
    nodes.push({ kind: 'copy', from: 'deps', sources: [ctx.modulesDir], dest: rel(ctx.modulesDir), chown });
  if (!r.compiled) {
    if (installDir !== appDir || !src.items.some((i) => i.role === 'copy-sources'))
      nodes.push({
        kind: 'copy',
        sources: ['package.json'],
        dest: rel(installDir) === './' ? './' : `${rel(installDir)}/`,
        chown,
      });
    for (const s of src.items.filter((i) => i.role === 'copy-sources'))
      nodes.push(withComments({ ...copyNode(s, appDir), chown } as PlanNode, [s], used));
  } else nodes.push({ kind: 'copy', sources: ['package.json'], dest: './', chown });
  for (const dir of [...r.outDirs, ...r.generated])
    nodes.push({
      kind: 'copy',
      from: 'build',
      sources: [`${installDir}/${dir}`],
      dest: rel(`${installDir}/${dir}`),
      chown,
    });
  if (r.compiled) {
    const extras = RUNTIME_FOLDERS.filter((f) => facts.topLevel.includes(f)).map((f) => f.slice(0, -1));
    const referencedFiles = referencedPrograms(ctx).filter(
      (w) =>
        /\.(c|m)?js$/.test(w) &&
        !w.startsWith('/') &&
        facts.view.exists(w) &&
        !r.outDirs.some((d) => w.replace(/^\.\//, '').startsWith(`${d}/`)),
    );
    for (const f of [...extras, ...referencedFiles])
      nodes.push({
        kind: 'copy',
        from: 'build',
        sources: [`${installDir}/${f.replace(/^\.\//, '')}`],
        dest: rel(`${installDir}/${f.replace(/^\.\//, '')}`),
        chown,
      });
  }
  if (r.envFiles.length) nodes.push({ kind: 'copy', sources: r.envFiles, dest: './', chown });
  // Steps the original ran after its USER still run as that user.
  const userLine = userItem ? userItem.ins.range.start.line : Number.POSITIVE_INFINITY;
  const asUser = user ? r.leftovers.late.filter((c) => c.item.ins.range.start.line > userLine) : [];
  nodes.push(
    ...keptRuns(
      r.leftovers.late.filter((c) => !asUser.includes(c)),
      used,
      appDir,
      src,
    ),
  );
  if (asUser.length && user) nodes.push(user, ...keptRuns(asUser, used, appDir, src));
  const startNodes: PlanNode[] = [];
  const setAlready = (k: string, v: string) =>
    src.items.some(
      (i) =>
        i.role === 'env' &&
        new RegExp(`(^|\\s)${k}[= ]${v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`).test(i.ins.argsText),
    );
  const startEnv = (start.env ?? []).filter(([k, v]) => !setAlready(k, v));
  if (startEnv.length) startNodes.push({ kind: 'env', pairs: startEnv });
  startNodes.push(...startCommandNodes(ctx, used));
  nodes.push(
    ...runnerTail(src, used, {
      roles: ['meta', 'healthcheck'],
      healthcheck: (item) => healthcheckNode(ctx, item, used),
      user: asUser.length ? undefined : user,
      start: startNodes,
    }),
  );
  const modules = !r.install
    ? ''
    : r.allModules
      ? 'all node_modules (see the note at the top), '
      : 'production node_modules, ';
  return { name: 'runner', image: ctx.runnerImage, purpose: `${modules}the app and nothing else`, nodes };
}
