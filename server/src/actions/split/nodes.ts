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
    origin: [item],
  };
  used.add(item);
  return node;
}

/** Adds the comments of the original items a generated node replaces (once per item). */
export function withComments(node: PlanNode, all: SourceItem[], used: Set<SourceItem>): PlanNode {
  const items = [...new Set(all)];
  const comments = items.filter((i) => !used.has(i)).flatMap((i) => i.comments);
  items.forEach((i) => used.add(i));
  const origin = [...new Set([...(node.origin ?? []), ...items])];
  return comments.length ? { ...node, origin, comments: [...(node.comments ?? []), ...comments] } : { ...node, origin };
}

const ARCHIVE = /\.(tar|tar\.(gz|bz2|xz|zst)|tgz|tbz2?|txz)$/;

/** COPY/ADD flags kept as written (`--chmod`, `--link`, `--exclude`, `--parents`); --from and --chown are the plan's. */
function copyFlags(item: SourceItem): string[] | undefined {
  const flags = item.ins.flags
    .filter((f) => f.name !== 'from' && f.name !== 'chown')
    .map((f) => `--${f.name}${f.value !== null ? `=${f.value}` : ''}`);
  return flags.length ? flags : undefined;
}

/**
 * A COPY of the original context, re-based on a WORKDIR (kept as written when the WORKDIR is the
 * same), with its flags; an ADD that extracts a local archive stays an ADD.
 */
export function copyNode(item: SourceItem, workdir: string): PlanNode & { kind: 'copy' } {
  const keyword =
    item.ins.keyword === 'ADD' && item.copy!.sources.some((s) => ARCHIVE.test(s)) ? ('ADD' as const) : undefined;
  const flags = copyFlags(item);
  if (item.workdir === workdir)
    return {
      kind: 'copy',
      sources: item.copy!.sources,
      dest: item.ins.args[item.ins.args.length - 1].text,
      flags,
      keyword,
    };
  const dest = item.copy!.dest.replace(/\/$/, '');
  const rel =
    dest === workdir
      ? './'
      : dest.startsWith(`${workdir}/`)
        ? `./${dest.slice(workdir.length + 1)}${item.copy!.dest.endsWith('/') ? '/' : ''}`
        : item.copy!.dest;
  return { kind: 'copy', sources: item.copy!.sources, dest: rel, flags, keyword };
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

/** The flags of a RUN that change how it runs (`--mount=…`, `--network=…`, `--security=…`), as written. */
export function runFlags(item: SourceItem): string[] | undefined {
  const flags = item.ins.flags
    .filter((f) => ['mount', 'network', 'security'].includes(f.name))
    .map((f) => `--${f.name}${f.value !== null ? `=${f.value}` : ''}`);
  return flags.length ? flags : undefined;
}

/** The WORKDIR of the app in a runner, carrying the original WORKDIRs that led to it. */
export function appWorkdir(src: SourceFacts, dir: string, used: Set<SourceItem>): PlanNode {
  const leading = src.items.filter(
    (i) => i.role === 'workdir' && (i.workdir === dir || dir.startsWith(`${i.workdir}/`) || i.workdir === '/'),
  );
  return withComments({ kind: 'workdir', path: dir }, leading, used);
}

/**
 * RUN nodes for commands kept as they were: a whole RUN stays its own RUN; loose commands of one
 * RUN share one. Each runs in the folder it ran in before: a WORKDIR goes before it, and `cwd` is
 * restored after, when that differs from `cwd` (the folder of the stage at that point).
 */
export function keptRuns(
  commands: ClassifiedCommand[],
  used: Set<SourceItem>,
  cwd?: string,
  src?: SourceFacts,
): PlanNode[] {
  const nodes: PlanNode[] = [];
  let here = cwd;
  const moveTo = (dir: string) => {
    if (here === undefined || dir === here) return;
    const setter = src?.items.find((i) => i.role === 'workdir' && i.workdir === dir);
    nodes.push(setter ? withComments({ kind: 'workdir', path: dir }, [setter], used) : { kind: 'workdir', path: dir });
    here = dir;
  };
  let loose: ClassifiedCommand[] = [];
  const flush = () => {
    if (loose.length) {
      moveTo(loose[0].item.workdir);
      nodes.push(
        withComments(
          { kind: 'run', commands: loose.map((c) => c.text), flags: runFlags(loose[0].item) },
          loose.map((c) => c.item),
          used,
        ),
      );
    }
    loose = [];
  };
  for (const c of commands) {
    if (c.parts) {
      flush();
      moveTo(c.item.workdir);
      nodes.push(withComments({ kind: 'run', commands: [c.text], flags: runFlags(c.item) }, [c.item], used));
    } else {
      if (loose.length && loose[0].item !== c.item) flush();
      loose.push(c);
    }
  }
  flush();
  if (cwd !== undefined) moveTo(cwd);
  return nodes;
}
