// Plan nodes built from original instructions, shared by every ecosystem's planner:
// an instruction kept as written, comments that travel once, COPYs re-based on a WORKDIR.
import type { ShellCommand } from '../../core/model';
import type { PlanNode } from './plan';
import { commandText } from '../../core/commands';
import type { ClassifiedCommand } from './roles';
import { textOf } from '../../core/edits';
import { execWords, type SourceFacts, type SourceItem } from './read';

/** The instruction as written; its comments go with the first placement only. */
export function verbatim(ctx: { src: SourceFacts }, item: SourceItem, used: Set<SourceItem>): PlanNode {
  const node: PlanNode = {
    kind: 'verbatim',
    text: textOf(ctx.src.model, item.ins.range),
    comments: used.has(item) ? undefined : item.comments,
  };
  used.add(item);
  return node;
}

/** Adds the comments of the original items a generated node replaces (once per item). */
export function withComments(node: PlanNode, all: SourceItem[], used: Set<SourceItem>): PlanNode {
  const items = [...new Set(all)];
  const comments = items.filter((i) => !used.has(i)).flatMap((i) => i.comments);
  items.forEach((i) => used.add(i));
  return comments.length ? { ...node, comments: [...(node.comments ?? []), ...comments] } : node;
}

/** A COPY of the original context, re-based on a WORKDIR (kept as written when the WORKDIR is the same). */
export function copyNode(item: SourceItem, workdir: string): PlanNode {
  if (item.workdir === workdir)
    return { kind: 'copy', sources: item.copy!.sources, dest: item.ins.args[item.ins.args.length - 1].text };
  const dest = item.copy!.dest.replace(/\/$/, '');
  const rel =
    dest === workdir
      ? './'
      : dest.startsWith(`${workdir}/`)
        ? `./${dest.slice(workdir.length + 1)}${item.copy!.dest.endsWith('/') ? '/' : ''}`
        : item.copy!.dest;
  return { kind: 'copy', sources: item.copy!.sources, dest: rel };
}

/** Programs named by CMD, ENTRYPOINT and HEALTHCHECK (every word, for "is X used at start" checks). */
export function referencedWords(src: SourceFacts): string[] {
  return src.items
    .filter((i) => i.role === 'cmd' || i.role === 'entrypoint' || i.role === 'healthcheck')
    .flatMap((i) =>
      i.role === 'healthcheck'
        ? execWords(i.ins)
        : i.ins.execForm
          ? i.ins.args.map((w) => w.value)
          : i.ins.commands.flatMap((c) => c.words.map((w) => w.value)),
    );
}

/** Folders apps commonly read at run time, copied next to the build output. */
export const RUNTIME_FOLDERS = [
  'public/',
  'views/',
  'static/',
  'templates/',
  'assets/',
  'locales/',
  'config/',
  'prisma/',
  'migrations/',
];

/**
 * The original stage replayed as a builder: WORKDIR, ARG/ENV, every COPY and RUN (each command
 * through `mapCommand`), without what only matters at run time (CMD, EXPOSE, USER, HEALTHCHECK, LABEL).
 */
export function replayAsBuilder(
  src: SourceFacts,
  used: Set<SourceItem>,
  mapCommand: (cmd: ShellCommand, text: string) => string = (_c, t) => t,
): PlanNode[] {
  const nodes: PlanNode[] = [];
  for (const item of src.items) {
    if (['workdir', 'arg', 'env', 'copy-manifests', 'copy-sources', 'copy-other'].includes(item.role))
      nodes.push(verbatim({ src }, item, used));
    else if (item.role === 'run') {
      nodes.push(
        item.ins.commands.length
          ? withComments(
              { kind: 'run', commands: item.ins.commands.map((c) => mapCommand(c, commandText(c))) },
              [item],
              used,
            )
          : verbatim({ src }, item, used),
      );
    }
  }
  return nodes;
}

/** RUN nodes for commands kept as they were: a whole RUN stays its own RUN; loose commands share one. */
export function keptRuns(commands: ClassifiedCommand[], used: Set<SourceItem>): PlanNode[] {
  const nodes: PlanNode[] = [];
  let loose: ClassifiedCommand[] = [];
  const flush = () => {
    if (loose.length)
      nodes.push(
        withComments(
          { kind: 'run', commands: loose.map((c) => c.text) },
          loose.map((c) => c.item),
          used,
        ),
      );
    loose = [];
  };
  for (const c of commands) {
    if (c.parts) {
      flush();
      nodes.push(withComments({ kind: 'run', commands: [c.text] }, [c.item], used));
    } else loose.push(c);
  }
  flush();
  return nodes;
}
