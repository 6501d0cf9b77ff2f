// What every planner's output shares: the ARG/ENV copy, the refusals that do not depend on the
// ecosystem, where unplaced RUN steps go in the runner, the runner's tail (metadata, user, start
// command) and the plan itself. Planners add what they know about their ecosystem on top.
import type { FileEdit } from '../../core/findings';
import type { PlanNode, PlanStage, RunnerKind, SplitPlan } from './plan';
import type { ClassifiedCommand } from './roles';
import { isPortable } from './roles';
import type { Role, SourceFacts, SourceItem } from './read';
import { verbatim } from './nodes';

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
  const lineOf = (role: Role) =>
    Math.min(...src.items.filter((i) => i.role === role).map((i) => i.ins.range.start.line));
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
