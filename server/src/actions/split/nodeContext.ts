// What the Node planners (plain Node in node.ts, Next.js in nextjs.ts, the RUN steps in
// nodeRunSteps.ts) share: the context one plan is made in, and the nodes they all print.
import type { WorkspaceFacts } from '../../core/workspace';
import type { PlanNode, RunnerKind } from './plan';
import { execWords, exactWords, type SourceFacts, type SourceItem } from './read';
import { argsAndEnv, isHealthcheckNone } from './assembly';
import type { ClassifiedCommand } from './roles';
import type { TagParts } from './images';
import type { StartCommand } from './start';
import type { PackageManager } from './nodeInstall';
import { copyNode, verbatim, withComments } from './nodes';

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

/** The body of the package.json script a `npm run x` / `yarn x` command runs. */
export function scriptOf(commandText: string, scripts: Record<string, string>): string | undefined {
  const m = /^(?:npm|pnpm|yarn)\s+(?:run(?:-script)?\s+)?([\w:.-]+)/.exec(commandText);
  return m ? scripts[m[1]] : undefined;
}

/** Runs of another script inside a script: `npm run x`, `npm run-script x`, `pnpm run x`, `yarn run x`, `yarn x`. */
const NESTED_RUN = /\b(?:npm\s+run(?:-script)?\s+|pnpm\s+(?:run\s+)?|yarn\s+(?:run\s+)?)([\w:.-]+)/g;

/**
 * What a build command runs once every npm script it names is replaced by its body, nested ones
 * too (`npm run build` → `npm run build:client && npm run build:server` → both `vite build …`), so
 * the outputs those scripts name (`--outDir dist/client`) are seen. Depth-limited against cycles.
 */
export function expandedScript(commandText: string, scripts: Record<string, string>, depth = 4): string {
  const body = scriptOf(commandText, scripts) ?? commandText;
  if (depth === 0) return body;
  return body.replace(NESTED_RUN, (whole, name: string) =>
    scripts[name] !== undefined ? `(${expandedScript(`npm run ${name}`, scripts, depth - 1)})` : whole,
  );
}

/** `COPY package.json <lockfile> ./` — the manifests the install needs, nothing else. */
export function manifestCopy(ctx: NodeContext): PlanNode {
  const lock = ctx.facts.lockfile?.file;
  return { kind: 'copy', sources: ['package.json', ...(lock ? [lock] : [])], dest: './' };
}

/** Files an install reads besides package.json and the lockfile: registry and package-manager settings, patches. */
const INSTALL_INPUTS = [
  '.npmrc',
  '.yarnrc',
  '.yarnrc.yml',
  '.yarn/',
  'patches/',
  '.pnpmfile.cjs',
  'pnpm-workspace.yaml',
];

/** Whether `pattern` (a COPY source, maybe a glob like `package*.json`) names `file`. */
function names(pattern: string, file: string): boolean {
  const p = pattern.replace(/^\.\//, '').replace(/\/$/, '');
  const re = new RegExp(
    `^${p
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '[^/]*')
      .replace(/\?/g, '[^/]')}$`,
  );
  return re.test(file.replace(/\/$/, ''));
}

/**
 * What the install stage copies before installing: the manifests, then what the original copied
 * before its install (`.npmrc`, `.yarnrc.yml`, `.yarn/`, `patches/`, as written, flags included);
 * when the original copied the whole context first, the install inputs the context has.
 */
export function installInputs(ctx: NodeContext, installLine: number, used: Set<SourceItem>): PlanNode[] {
  const manifests = manifestCopy(ctx) as PlanNode & { kind: 'copy' };
  const nodes: PlanNode[] = [manifests];
  const before = ctx.src.items.filter(
    (i) =>
      (i.role === 'copy-manifests' || i.role === 'copy-sources') &&
      i.ins.range.start.line < installLine &&
      !i.copy!.sources.some((x) => x === '.' || x === './'),
  );
  const covered = (x: string) => manifests.sources.some((m) => names(x, m));
  for (const item of before) {
    const rest = item.copy!.sources.filter((x) => !covered(x) && !/^package\*?\.json$/.test(x));
    if (!rest.length) {
      // Fully covered by the manifest copy, which carries it.
      nodes[0] = withComments(nodes[0], [item], used);
      continue;
    }
    const node = copyNode(item, ctx.installDir);
    nodes.push(withComments({ ...node, sources: rest }, [item], used));
  }
  if (before.length === 0)
    for (const f of INSTALL_INPUTS.filter((f) => ctx.facts.topLevel.includes(f)))
      nodes.push({ kind: 'copy', sources: [f.replace(/\/$/, '')], dest: f.endsWith('/') ? `./${f}` : './' });
  return nodes;
}

/** Builders skip NODE_ENV: production would drop the dev tools the build needs. */
const setsNodeEnv = (item: SourceItem) => /\bNODE_ENV\b/.test(item.ins.argsText);

/**
 * How a Node builder stage that runs the app's scripts starts: the install folder, the original's
 * ARG and ENV without NODE_ENV, the build-time system packages.
 */
export function builderHead(ctx: NodeContext, systemBuild: string[], used: Set<SourceItem>): PlanNode[] {
  return [
    { kind: 'workdir', path: ctx.installDir },
    ...argsAndEnv(ctx.src, used, true, setsNodeEnv),
    ...(systemBuild.length ? [{ kind: 'run', commands: systemBuild } as PlanNode] : []),
  ];
}

/** What distroless (no shell, no npm, no curl) cannot run: a wrapper ENTRYPOINT, a HEALTHCHECK that is not node. */
export function distrolessBlocker(ctx: NodeContext): { refused: string } | undefined {
  if (ctx.runner !== 'distroless') return undefined;
  if (ctx.start.entrypoint)
    return { refused: `the ENTRYPOINT runs \`${ctx.start.entrypoint.join(' ')}\`, which distroless cannot run` };
  for (const item of ctx.src.items.filter((i) => i.role === 'healthcheck' && !isHealthcheckNone(i))) {
    const words = exactWords(item);
    if (!words)
      return {
        refused: `the HEALTHCHECK is shell code (\`${item.ins.argsText.trim()}\`) and distroless has no shell to run it`,
      };
    if (words[0] !== 'node') return { refused: `the HEALTHCHECK runs \`${words[0]}\`, which distroless does not have` };
  }
  return undefined;
}

/** A HEALTHCHECK for the runner: on distroless, `node` is /nodejs/bin/node and the probe is exec form. */
export function healthcheckNode(ctx: NodeContext, item: SourceItem, used: Set<SourceItem>): PlanNode {
  if (ctx.runner !== 'distroless' || isHealthcheckNone(item)) return verbatim(ctx, item, used);
  const words = exactWords(item) ?? execWords(item.ins);
  const options = item.ins.flags.map((f) => `--${f.name}${f.value !== null ? `=${f.value}` : ''}`);
  const args = words[0] === 'node' ? ['/nodejs/bin/node', ...words.slice(1)] : words;
  return withComments({ kind: 'healthcheck', options, args }, [item], used);
}
