// Step 2 for Node: deps (production node_modules), build (all deps + the build script) and a
// runner with only what runs. Next.js gets the standalone layout (see nextjs.ts).
import * as path from 'path';
import { programOf } from '../../core/queries';
import type { WorkspaceFacts } from '../../core/workspace';
import type { PlanNode, PlanOutcome, PlanStage, RunnerKind } from './plan';
import { originalText, execWords, type SourceFacts, type SourceItem } from './read';
import { classifyRuns, type ClassifiedCommand } from './commands';
import { tagParts, builderImage, siblingTag, majorOf, type TagParts } from './images';
import { readStart, entryFile, preloadedModules, type StartCommand } from './start';
import { devDependenciesUsedAtRuntime, sourceFiles } from './devDepsScan';
import { installCommands, type PackageManager, packageManagerOf } from './nodeInstall';
import { planNextStandalone } from './nextjs';
import { verbatim, withComments, copyNode, keptRuns, RUNTIME_FOLDERS } from './nodes';
import { systemPackages, leftoverCommands, referencedPrograms, type Leftovers } from './nodeRunSteps';

export { verbatim };

export interface NodeContext {
  src: SourceFacts;
  facts: WorkspaceFacts;
  runner: RunnerKind;
  parts: TagParts;
  pm: PackageManager;
  runs: ClassifiedCommand[];
  start: StartCommand;
  warnings: string[];
  builder: string;
  runnerImage: string;
  runnerUser: string;
  installDir: string;
  /** Where node_modules ends up: a `mv …/node_modules /elsewhere` in the install's RUN moves it. */
  modulesDir: string;
  appDir: string;
}

export function planNode(src: SourceFacts, facts: WorkspaceFacts, runner: RunnerKind): PlanOutcome {
  const pkg = facts.packageJson;
  if (!pkg) return { refused: facts.packageJsonBroken ? 'package.json cannot be parsed' : 'no package.json next to the Dockerfile' };
  const image = src.stage.image;
  const parts = tagParts(image.raw, image.resolved!);
  if (!parts || parts.repository !== 'node') return { refused: `the base image ${image.raw} is not an official node image the split knows siblings of` };
  const runs = classifyRuns(src.items);
  const start = readStart(src.items, pkg, facts.view);
  if (!start) return { refused: 'the file has no CMD or ENTRYPOINT: it does not run an app' };
  const install = runs.find((r) => r.role === 'install');
  const builds = runs.filter((r) => r.role === 'build');
  if (!install && !builds.length) return { refused: 'nothing is installed or built: there is nothing to leave behind in a builder' };
  const images = runnerImages(parts, image.resolved!, runner);
  if ('refused' in images) return images;
  const ctx: NodeContext = {
    src, facts, runner, parts, pm: packageManagerOf(facts), runs, start, warnings: [],
    builder: builderImage(image.raw, parts, runner), ...images,
    installDir: install?.item.workdir ?? src.appDir, appDir: src.appDir, modulesDir: '',
  };
  ctx.modulesDir = relocatedModules(ctx, install) ?? `${ctx.installDir}/node_modules`;
  const nextBuild = builds.some((b) => /\bnext\s+build\b/.test(b.text) || /\bnext\s+build\b/.test(scriptOf(b.text, pkg.scripts) ?? ''));
  if (nextBuild) return planNextStandalone(ctx);
  return planPlainNode(ctx, install, builds);
}

function runnerImages(parts: TagParts, resolved: string, runner: RunnerKind): { runnerImage: string; runnerUser: string } | { refused: string } {
  if (runner === 'slim') return { runnerImage: siblingTag(parts, 'slim'), runnerUser: 'node' };
  if (runner === 'alpine') return { runnerImage: siblingTag(parts, 'alpine'), runnerUser: 'node' };
  const major = majorOf(resolved);
  if (major === undefined || major < 18) return { refused: major === undefined ? `${resolved} names no Node major version, and distroless images are per major` : `distroless has no Node ${major} image` };
  const debian = parts.distro === 'trixie' ? 'debian13' : 'debian12';
  // `:nonroot` is the distroless tag for unprivileged apps (and a tag, not an implied :latest).
  return { runnerImage: `gcr.io/distroless/nodejs${major}-${debian}:nonroot`, runnerUser: 'nonroot' };
}

/**
 * `RUN npm ci && mv /app/node_modules /node_modules` (node resolves parent folders, so a bind
 * mount of the app in development does not hide the modules): the deps stage does the same move
 * in the same layer, and the runner copies the modules from there. The command is then handled.
 */
function relocatedModules(ctx: NodeContext, install: ClassifiedCommand | undefined): string | undefined {
  if (!install) return undefined;
  const move = ctx.runs.find((r) => r.item === install.item && r.role === 'unknown' && r.command && programOf(r.command) === 'mv');
  const words = move?.command?.words.map((w) => w.value).slice(1).filter((w) => !w.startsWith('-')) ?? [];
  if (!move || words.length !== 2 || path.posix.resolve(install.item.workdir, words[0]) !== `${ctx.installDir}/node_modules`) return undefined;
  move.role = 'cleanup';
  const dest = path.posix.resolve(install.item.workdir, words[1]);
  return words[1].endsWith('/') ? `${dest}/node_modules` : dest;
}

/** The body of the package.json script a `npm run x` / `yarn x` command runs. */
export function scriptOf(commandText: string, scripts: Record<string, string>): string | undefined {
  const m = /^(?:npm|pnpm|yarn)\s+(?:run(?:-script)?\s+)?([\w:.-]+)/.exec(commandText);
  return m ? scripts[m[1]] : undefined;
}

function planPlainNode(ctx: NodeContext, install: ClassifiedCommand | undefined, builds: ClassifiedCommand[]): PlanOutcome {
  const { src, facts, start } = ctx;
  const pkg = facts.packageJson!;
  const entry = entryFile(start);
  const hasBuild = builds.length > 0;
  const outDirs = hasBuild ? buildOutputs(ctx, builds, entry) : [];
  if (hasBuild && outDirs.length === 0) return { refused: 'the build runs, but neither tsconfig.json, package.json nor the start command says which folder it writes' };
  const compiled = entry !== undefined && outDirs.some((d) => entry.replace(/^\.\//, '').startsWith(d + '/'));
  // Generators write into node_modules (Prisma's client): the runner takes that folder from the build too.
  const generated = builds.some((b) => /\bprisma\s+generate\b/.test(scriptOf(b.text, facts.packageJson!.scripts) ?? b.text)) ? ['node_modules/.prisma'] : [];
  const others = builds.filter((b) => !/^(npm|yarn|pnpm)\s+(run\s+)?build\b/.test(b.text) && !/prisma\s+generate/.test(b.text));
  if (others.length) ctx.warnings.push(`${others.map((b) => `\`${b.text}\``).join(', ')} ${others.length > 1 ? 'run' : 'runs'} in the build stage: only ${[...outDirs, ...generated].join(', ')} reach${outDirs.length + generated.length > 1 ? '' : 'es'} the runner, so files written elsewhere stay behind.`);

  // The trap: packages the app requires at run time that are only devDependencies.
  const entries = [...(entry ? [entry] : []), ...(pkg.main ? [pkg.main] : [])].map((e) => path.posix.normalize(e));
  const scanned = [...(compiled ? sourceFiles(facts.view, 'src') : entries), ...preloadedModules(start)];
  const devAtRuntime = install ? devDependenciesUsedAtRuntime(facts.view, pkg, scanned) : [];
  if (devAtRuntime.length) ctx.warnings.push(`${devAtRuntime.join(', ')} ${devAtRuntime.length > 1 ? 'are' : 'is'} only in devDependencies but required at run time: the runner keeps all dependencies. Move ${devAtRuntime.length > 1 ? 'them' : 'it'} to dependencies, then split again to ship production dependencies only.`);
  if (start.kept) {
    if (ctx.runner === 'distroless') return { refused: `${start.kept}, and distroless has no npm or shell to run it` };
    ctx.warnings.push(`${start.kept}: the start command is kept as written.`);
  }
  const shellless = distrolessBlocker(ctx);
  if (shellless) return shellless;

  const system = systemPackages(ctx);
  if ('refused' in system) return system;
  const leftovers = leftoverCommands(ctx);
  if ('refused' in leftovers) return leftovers;

  const stages: PlanStage[] = [];
  const used = new Set<SourceItem>();
  if (install) stages.push(depsStage(ctx, install, devAtRuntime.length > 0, system.builder, used));
  if (hasBuild) stages.push(buildStage(ctx, install, builds, system.builder, used));
  stages.push(runnerStage(ctx, { install, hasBuild, outDirs, generated, compiled, system: system.runner, leftovers, used }));
  return { header: src.header, warnings: ctx.warnings, stages, footer: src.footer, runner: ctx.runner, runnerImage: ctx.runnerImage, extraEdits: [] };
}

/** What distroless (no shell, no npm, no curl) cannot run: a wrapper ENTRYPOINT, a HEALTHCHECK that is not node. */
export function distrolessBlocker(ctx: NodeContext): { refused: string } | undefined {
  if (ctx.runner !== 'distroless') return undefined;
  if (ctx.start.entrypoint) return { refused: `the ENTRYPOINT runs \`${ctx.start.entrypoint.join(' ')}\`, which distroless cannot run` };
  const probe = ctx.src.items.filter((i) => i.role === 'healthcheck').map((i) => execWords(i.ins)).find((w) => w.length > 0 && w[0] !== 'node');
  return probe ? { refused: `the HEALTHCHECK runs \`${probe[0]}\`, which distroless does not have` } : undefined;
}

/** Folders the build writes: tsconfig outDir, the compiled entry/main's top folder, known tool defaults. */
function buildOutputs(ctx: NodeContext, builds: ClassifiedCommand[], entry: string | undefined): string[] {
  const { facts } = ctx;
  const pkg = facts.packageJson!;
  const out = new Set<string>();
  const absent = (dir: string) => !facts.topLevel.includes(dir + '/');
  const scripts = builds.map((b) => scriptOf(b.text, pkg.scripts) ?? b.text).join(' && ');
  if (facts.tsconfigOutDir && /\btsc\b/.test(scripts)) out.add(facts.tsconfigOutDir);
  for (const m of scripts.matchAll(/(?:--outDir|--out-dir|-d|--outdir)[ =]([\w./-]+)/g)) out.add(m[1].replace(/^\.\//, '').replace(/\/.*$/, ''));
  if (/react-scripts build/.test(scripts)) out.add('build');
  if (/\b(vite|webpack|rollup|parcel|esbuild|tsup)\b/.test(scripts) && out.size === 0) out.add('dist');
  for (const file of [entry, pkg.main]) {
    const top = file?.replace(/^\.\//, '').split('/');
    if (top && top.length > 1 && absent(top[0])) out.add(top[0]);
  }
  return [...out].filter((d) => d && d !== '.' && !d.startsWith('..'));
}

/** ARG/ENV for a stage; builders skip NODE_ENV (production would drop the dev tools the build needs) and leave comments to the runner. */
function argsEnvFor(ctx: NodeContext, forBuilder: boolean, used: Set<SourceItem>): PlanNode[] {
  return ctx.src.items
    .filter((i) => (i.role === 'arg' || i.role === 'env') && !(forBuilder && /\bNODE_ENV\b/.test(i.ins.argsText)))
    .map((i) => (forBuilder ? { kind: 'verbatim', text: originalText(ctx.src.model, i.ins) } : verbatim(ctx, i, used)));
}

/** `COPY package.json <lockfile> ./` — the manifests the install needs, nothing else. */
export function manifestCopy(ctx: NodeContext): PlanNode {
  const lock = ctx.facts.lockfile?.file;
  return { kind: 'copy', sources: ['package.json', ...(lock ? [lock] : [])], dest: './' };
}

function depsStage(ctx: NodeContext, install: ClassifiedCommand, full: boolean, systemBuild: string[], used: Set<SourceItem>): PlanStage {
  const manifests = ctx.src.items.filter((i) => i.role === 'copy-manifests');
  const nodes: PlanNode[] = [
    { kind: 'workdir', path: ctx.installDir },
    ...argsEnvFor(ctx, true, used),
    ...(systemBuild.length ? [{ kind: 'run', commands: systemBuild } as PlanNode] : []),
    withComments(manifestCopy(ctx), manifests, used),
    withComments({ kind: 'run', commands: [...installCommands(ctx.pm, install, full ? 'all' : 'production', ctx.facts, majorOf(ctx.src.stage.image.resolved!)), ...(ctx.modulesDir !== `${ctx.installDir}/node_modules` ? [`mv ${ctx.installDir}/node_modules ${ctx.modulesDir}`] : [])] }, [install.item], used),
  ];
  return { name: 'deps', image: ctx.builder, purpose: full ? 'all dependencies (see the note at the top)' : 'production dependencies only', nodes };
}

function buildStage(ctx: NodeContext, install: ClassifiedCommand | undefined, builds: ClassifiedCommand[], systemBuild: string[], used: Set<SourceItem>): PlanStage {
  const sources = ctx.src.items.filter((i) => i.role === 'copy-sources');
  const nodes: PlanNode[] = [
    { kind: 'workdir', path: ctx.installDir },
    ...argsEnvFor(ctx, true, used),
    ...(systemBuild.length ? [{ kind: 'run', commands: systemBuild } as PlanNode] : []),
  ];
  if (install) nodes.push(manifestCopy(ctx), { kind: 'run', commands: installCommands(ctx.pm, install, 'all', ctx.facts) });
  for (const s of sources) nodes.push(withComments(copyNode(s, ctx.installDir), [s], used));
  let workdir = ctx.installDir;
  for (const b of builds) {
    if (b.item.workdir !== workdir) nodes.push({ kind: 'workdir', path: (workdir = b.item.workdir) });
  }
  const byItem = new Map<SourceItem, string[]>();
  for (const b of builds) byItem.set(b.item, [...(byItem.get(b.item) ?? []), b.text]);
  for (const [item, commands] of byItem) nodes.push(withComments({ kind: 'run', commands: [...(ctx.pm.corepack ? ['corepack enable'] : []), ...commands] }, [item], used));
  return { name: 'build', image: ctx.builder, purpose: 'all dependencies and the build', nodes };
}

interface RunnerInputs {
  install?: ClassifiedCommand;
  hasBuild: boolean;
  outDirs: string[];
  /** Folders a generator wrote inside node_modules during the build (node_modules/.prisma). */
  generated: string[];
  compiled: boolean;
  system: string[];
  leftovers: Leftovers;
  used: Set<SourceItem>;
}

function runnerStage(ctx: NodeContext, r: RunnerInputs): PlanStage {
  const { src, facts, start, appDir, installDir, runner } = ctx;
  const used = r.used;
  const chown = src.items.some((i) => i.copy?.chown) ? `${ctx.runnerUser}:${ctx.runnerUser}` : undefined;
  const nodes: PlanNode[] = keptRuns(r.leftovers.first, used);
  const workdirItem = src.items.find((i) => i.role === 'workdir');
  nodes.push(workdirItem ? withComments({ kind: 'workdir', path: appDir }, [workdirItem], used) : { kind: 'workdir', path: appDir });
  nodes.push(...argsEnvFor(ctx, false, used));
  if (r.system.length) {
    const systemItems = ctx.runs.filter((c) => c.role === 'system').map((c) => c.item);
    nodes.push(withComments({ kind: 'run', commands: r.system }, systemItems, used));
  }
  nodes.push(...keptRuns(r.leftovers.early, used));
  for (const other of src.items.filter((i) => i.role === 'copy-other')) nodes.push(verbatim(ctx, other, used));
  const rel = (abs: string) => (abs === appDir ? './' : abs.startsWith(appDir + '/') ? './' + abs.slice(appDir.length + 1) : abs);
  if (r.install) nodes.push({ kind: 'copy', from: 'deps', sources: [ctx.modulesDir], dest: rel(ctx.modulesDir), chown });
  if (!r.compiled) {
    if (installDir !== appDir || !src.items.some((i) => i.role === 'copy-sources')) nodes.push({ kind: 'copy', sources: ['package.json'], dest: rel(installDir) === './' ? './' : rel(installDir) + '/', chown });
    for (const s of src.items.filter((i) => i.role === 'copy-sources')) nodes.push(withComments({ ...copyNode(s, appDir), chown } as PlanNode, [s], used));
  } else nodes.push({ kind: 'copy', sources: ['package.json'], dest: './', chown });
  for (const dir of [...r.outDirs, ...r.generated]) nodes.push({ kind: 'copy', from: 'build', sources: [`${installDir}/${dir}`], dest: rel(`${installDir}/${dir}`), chown });
  if (r.compiled) {
    const extras = RUNTIME_FOLDERS.filter((f) => facts.topLevel.includes(f)).map((f) => f.slice(0, -1));
    const referencedFiles = referencedPrograms(ctx).filter((w) => /\.(c|m)?js$/.test(w) && !w.startsWith('/') && facts.view.exists(w) && !r.outDirs.some((d) => w.replace(/^\.\//, '').startsWith(d + '/')));
    for (const f of [...extras, ...referencedFiles]) nodes.push({ kind: 'copy', from: 'build', sources: [`${installDir}/${f.replace(/^\.\//, '')}`], dest: rel(`${installDir}/${f.replace(/^\.\//, '')}`), chown });
  }
  nodes.push(...keptRuns(r.leftovers.late, used));
  for (const meta of src.items.filter((i) => i.role === 'meta')) nodes.push(verbatim(ctx, meta, used));
  for (const hc of src.items.filter((i) => i.role === 'healthcheck')) nodes.push(healthcheckNode(ctx, hc, used));
  const userItem = [...src.items].reverse().find((i) => i.role === 'user');
  const originalUser = userItem?.ins.args[0]?.value.split(':')[0];
  const custom = originalUser && !['root', '0', 'node', 'nonroot'].includes(originalUser) && runner !== 'distroless';
  nodes.push(withComments({ kind: 'user', user: custom ? userItem!.ins.args[0].value : ctx.runnerUser }, userItem ? [userItem] : [], used));
  if (start.entrypoint && start.entrypointItem) nodes.push(verbatim(ctx, start.entrypointItem, used));
  const cmd = start.nodeArgs ? (runner === 'distroless' ? start.nodeArgs : ['node', ...start.nodeArgs]) : start.cmd;
  if (start.cmdItem || start.nodeArgs) nodes.push(withComments({ kind: 'exec', keyword: 'CMD', args: cmd }, [start.cmdItem, start.entrypointItem].filter((x): x is SourceItem => !!x), used));
  const modules = !r.install ? '' : ctx.warnings.some((w) => w.includes('devDependencies')) ? 'all node_modules (see the note at the top), ' : 'production node_modules, ';
  return { name: 'runner', image: ctx.runnerImage, purpose: `${modules}the app and nothing else`, nodes };
}

export function healthcheckNode(ctx: NodeContext, item: SourceItem, used: Set<SourceItem>): PlanNode {
  if (ctx.runner !== 'distroless') return verbatim(ctx, item, used);
  const words = execWords(item.ins);
  const options = item.ins.flags.map((f) => `--${f.name}${f.value !== null ? '=' + f.value : ''}`);
  const args = words[0] === 'node' ? ['/nodejs/bin/node', ...words.slice(1)] : words;
  return withComments({ kind: 'healthcheck', options, args }, [item], used);
}
