// What every planner's output shares: the ARG/ENV copy, the refusals that do not depend on the
// ecosystem, where unplaced RUN steps go in the runner, the runner's tail (metadata, user, start
// command) and the plan itself. Planners add what they know about their ecosystem on top.
import type { FileEdit } from '../../core/findings';
import type { PlanNode, PlanStage, RunnerKind, SplitPlan } from './plan';
import type { ClassifiedCommand } from './roles';
import { isPortable } from './roles';
import { exactWords, type Role, type SourceFacts, type SourceItem } from './read';
import { verbatim, withComments } from './nodes';
import { leastOf } from '../../core/collections';

/**
 * The original's ARG and ENV, in order. A builder gets them without their comments (those go to the
 * runner, once) and without what `skipInBuilder` names (NODE_ENV=production would drop dev tools).
 */
export function argsAndEnv(
  src: SourceFacts,
  used: Set<SourceItem>,
  builder: boolean,
  skipInBuilder: (item: SourceItem) => boolean = () => false,
): PlanNode[] {
  return src.items
    .filter((i) => (i.role === 'arg' || i.role === 'env') && !(builder && skipInBuilder(i)))
    .map((i) => verbatim({ src }, i, builder ? new Set([i]) : used));
}

/** The last CMD and ENTRYPOINT, and the one the container starts with (ENTRYPOINT first). */
export function startItems(src: SourceFacts): { cmd?: SourceItem; entrypoint?: SourceItem; start?: SourceItem } {
  const cmd = [...src.items].reverse().find((i) => i.role === 'cmd');
  const entrypoint = [...src.items].reverse().find((i) => i.role === 'entrypoint');
  return { cmd, entrypoint, start: entrypoint ?? cmd };
}

export const NO_START = { refused: 'the file has no CMD or ENTRYPOINT: it does not run an app' } as const;

/**
 * RUN steps no planner could classify, kept in the runner: refused when one cannot be read as
 * shell commands, when the runner has no shell, or when it was written for another distribution
 * than the runner's (adduser -D, apk).
 */
export function unplacedRunsRefusal(
  unknown: ClassifiedCommand[],
  originalAlpine: boolean,
  runner: RunnerKind,
): { refused: string } | undefined {
  if (unknown.some((u) => !u.command)) return { refused: 'a heredoc or exec-form RUN the split cannot place' };
  if (unknown.length && runner === 'distroless')
    return {
      refused: `RUN steps the split cannot place (${unknown.map((u) => `\`${u.text}\``).join(', ')}) need a shell, which distroless lacks`,
    };
  const distroSpecific = unknown.filter((u) => !isPortable(u));
  if (distroSpecific.length && (runner === 'alpine') !== originalAlpine) {
    return {
      refused: `RUN steps written for ${originalAlpine ? 'alpine' : 'debian'} (${distroSpecific
        .map((u) => `\`${u.text}\``)
        .slice(0, 3)
        .join(', ')}) would run on ${runner === 'alpine' ? 'alpine' : 'debian'}`,
    };
  }
  return undefined;
}

/** RUNs made only of cleanup (`npm cache clean --force`, `rm -rf /var/lib/apt/lists/*`): the new layout leaves those caches in builder stages. */
export function droppedCleanupNote(runs: ClassifiedCommand[]): string | undefined {
  const items = [...new Set(runs.map((r) => r.item))].filter((item) =>
    runs.filter((r) => r.item === item).every((r) => r.role === 'cleanup'),
  );
  if (!items.length) return undefined;
  return `${items.map((i) => `\`${i.ins.argsText.trim()}\``).join(', ')} ${items.length > 1 ? 'are' : 'is'} not carried over: what ${items.length > 1 ? 'they clean' : 'it cleans'} stays in the builder stages, which the image does not ship.`;
}

export function keptInRunnerNote(unknown: ClassifiedCommand[]): string | undefined {
  if (!unknown.length) return undefined;
  return `${unknown.map((u) => `\`${u.text}\``).join(', ')} ${unknown.length > 1 ? 'run' : 'runs'} in the runner as before: check ${unknown.length > 1 ? 'they still do' : 'it still does'} what the app needs there.`;
}

/** Where RUN steps kept in the runner go, by where the original ran them. */
export interface RunnerPlaces {
  /** Before the runner's WORKDIR: the original ran them before its first WORKDIR and copy (users, folders). */
  first: ClassifiedCommand[];
  /** Before the app is copied in (global tools, setup). */
  early: ClassifiedCommand[];
  /** After the app is copied. */
  late: ClassifiedCommand[];
}

export function placeInRunner(src: SourceFacts, commands: ClassifiedCommand[]): RunnerPlaces {
  const lineOf = (role: Role) => leastOf(src.items.filter((i) => i.role === role).map((i) => i.ins.range.start.line));
  const firstCopy = lineOf('copy-sources');
  const firstWorkdir = lineOf('workdir');
  const at = (u: ClassifiedCommand) => u.item.ins.range.start.line;
  return {
    first: commands.filter((u) => at(u) < Math.min(firstCopy, firstWorkdir)),
    early: commands.filter((u) => at(u) >= Math.min(firstCopy, firstWorkdir) && at(u) < firstCopy),
    late: commands.filter((u) => at(u) >= firstCopy),
  };
}

export interface RunnerTail {
  /** Which original instructions the tail carries, in their original order. */
  roles: Role[];
  /** How a HEALTHCHECK is carried (distroless Node rewrites `node` to its path); default: as written. */
  healthcheck?: (item: SourceItem) => PlanNode;
  /** USER; absent when the runner keeps root (the app writes where only root may). */
  user?: PlanNode;
  /** ENTRYPOINT/CMD nodes, in the order printed. */
  start: PlanNode[];
}

/** The end of every runner: metadata kept as written, then the user, then the start command. */
export function runnerTail(src: SourceFacts, used: Set<SourceItem>, tail: RunnerTail): PlanNode[] {
  const nodes: PlanNode[] = [];
  for (const item of src.items) {
    if (!tail.roles.includes(item.role)) continue;
    nodes.push(
      item.role === 'healthcheck' && tail.healthcheck ? tail.healthcheck(item) : verbatim({ src }, item, used),
    );
  }
  return [...nodes, ...(tail.user ? [tail.user] : []), ...tail.start];
}

/** The plan around the stages: the original's header and footer, the notes, the runner. */
export function assemblePlan(
  src: SourceFacts,
  runner: RunnerKind,
  runnerImage: string,
  stages: PlanStage[],
  warnings: string[],
  extraEdits: FileEdit[] = [],
): SplitPlan {
  return { header: src.header, warnings, stages, footer: src.footer, runner, runnerImage, extraEdits };
}

/** `HEALTHCHECK NONE`, which turns off the base image's probe: kept as written everywhere. */
export function isHealthcheckNone(item: SourceItem): boolean {
  return item.ins.keyword === 'HEALTHCHECK' && item.ins.args[0]?.value.toUpperCase() === 'NONE';
}

/**
 * A CMD, ENTRYPOINT or HEALTHCHECK for a runner: as written when the runner has a shell or it is
 * exec form already; on a runner without a shell, exec form when the shell form says exactly a
 * program and its arguments, else the reason it cannot run there.
 */
export function runnerStartNode(
  src: SourceFacts,
  item: SourceItem,
  used: Set<SourceItem>,
  shellless: boolean,
): PlanNode | { refused: string } {
  const ins = item.ins;
  const jsonProbe = ins.keyword === 'HEALTHCHECK' && /\bCMD\s*\[/i.test(ins.argsText);
  if (!shellless || ins.execForm || jsonProbe || isHealthcheckNone(item)) return verbatim({ src }, item, used);
  const words = exactWords(item);
  if (!words)
    return {
      refused: `the ${ins.keyword} is shell code (\`${ins.argsText.trim()}\`) and the runner has no shell to run it`,
    };
  if (ins.keyword === 'HEALTHCHECK') {
    const options = ins.flags.map((f) => `--${f.name}${f.value !== null ? `=${f.value}` : ''}`);
    return withComments({ kind: 'healthcheck', options, args: words }, [item], used);
  }
  return withComments({ kind: 'exec', keyword: ins.keyword as 'CMD' | 'ENTRYPOINT', args: words }, [item], used);
}

/**
 * The runner's USER: the original's own when the runner has that user (a uid, `nobody`, or a name in
 * `known`), else the runner's unprivileged user, with a note when the original named another.
 */
export function runnerUserNode(
  src: SourceFacts,
  used: Set<SourceItem>,
  fallback: string,
  known: string[],
  warnings: string[],
): PlanNode {
  const item = [...src.items].reverse().find((i) => i.role === 'user');
  const value = item?.ins.args[0]?.value ?? '';
  const name = value.split(':')[0];
  if (!item || name === 'root' || name === '0')
    return withComments({ kind: 'user', user: fallback }, item ? [item] : [], used);
  if (/^\d+$/.test(name) || name === 'nobody' || known.includes(name)) return verbatim({ src }, item, used);
  warnings.push(`\`USER ${value}\` becomes \`USER ${fallback}\`: the runner image has no user ${name}.`);
  return withComments({ kind: 'user', user: fallback }, [item], used);
}
