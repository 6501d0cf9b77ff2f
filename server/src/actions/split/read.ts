// Step 1 of the split: read what a single-stage Dockerfile does, instruction by instruction,
// into roles the planners understand. Comments travel with the instruction they precede.
import * as path from 'node:path';
import type { DockerfileModel, InstructionModel, StageModel } from '../../core/model';
import { isPlainShellWord } from '../../core/startCommand';

export type Role =
  | 'workdir'
  | 'arg'
  | 'env'
  | 'meta'
  | 'user'
  | 'healthcheck'
  | 'cmd'
  | 'entrypoint'
  | 'copy-manifests'
  | 'copy-sources'
  | 'copy-other'
  | 'run'
  | 'other';

export interface SourceItem {
  ins: InstructionModel;
  role: Role;
  /** Comment lines directly above the instruction (text without `#`). */
  comments: string[];
  /** Absolute WORKDIR in effect when the instruction runs. */
  workdir: string;
  /** COPY/ADD: sources and the absolute destination. */
  copy?: { sources: string[]; dest: string; chown?: string };
}

export interface SourceFacts {
  model: DockerfileModel;
  stage: StageModel;
  /** Lines before FROM, verbatim: directives, comments, global ARGs. */
  header: string[];
  items: SourceItem[];
  footer: string[];
  /** WORKDIR in effect at the start command (the app's folder). */
  appDir: string;
}

const MANIFEST =
  /^(\.\/)?(package(-lock)?\.json|package\*\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|pnpm-workspace\.yaml|\.npmrc|\.yarnrc(\.yml)?|\.yarn\/?|requirements[\w.-]*\.txt|pyproject\.toml|poetry\.lock|Pipfile(\.lock)?|setup\.(py|cfg)|go\.(mod|sum)|pom\.xml|build\.gradle(\.kts)?|settings\.gradle(\.kts)?|gradlew|gradle\/?|\.mvn\/?|mvnw)\*?$/;
const META = new Set(['LABEL', 'EXPOSE', 'STOPSIGNAL', 'VOLUME', 'MAINTAINER']);

/** Refuses anything but one stage from an external image; otherwise classifies every instruction. */
export function readSingleStage(model: DockerfileModel): SourceFacts | { refused: string } {
  if (model.stages.length === 0) return { refused: 'the file has no FROM' };
  if (model.stages.length > 1) return { refused: `the file already has ${model.stages.length} stages` };
  const stage = model.stages[0];
  if (stage.scratch) return { refused: 'the stage starts FROM scratch: nothing to split' };
  if (stage.instructions.some((i) => i.onbuild || i.keyword === 'ONBUILD'))
    return { refused: 'ONBUILD triggers would change meaning when moved between stages' };
  if (stage.image.resolved === null)
    return { refused: `the base image ${stage.image.raw} uses a build argument without a default` };

  const commentsByLine = new Map(model.comments.map((c) => [c.line, c.text]));
  const taken = new Set<number>();
  const commentsBetween = (from: number, to: number): string[] => {
    const out: string[] = [];
    for (let line = from; line < to; line++) {
      const text = commentsByLine.get(line);
      if (text !== undefined && !taken.has(line)) {
        taken.add(line);
        out.push(text);
      }
    }
    return out;
  };
  const fromLine = stage.from.range.start.line;
  const header: string[] = [];
  for (let line = 0; line < fromLine; line++) header.push(model.lines[line]);
  // Header comments are kept verbatim through `header`; mark them taken.
  for (let line = 0; line < fromLine; line++) taken.add(line);
  while (header.length && header[header.length - 1].trim() === '') header.pop();
  // One blank line at most between header blocks (a multi-stage file read as one stage leaves gaps).
  for (let i = header.length - 1; i > 0; i--)
    if (header[i].trim() === '' && header[i - 1].trim() === '') header.splice(i, 1);

  const items: SourceItem[] = [];
  let workdir = '/';
  let previousEnd = stage.from.range.end.line + 1;
  for (const ins of stage.instructions) {
    const comments = commentsBetween(previousEnd, ins.range.start.line);
    previousEnd = ins.range.end.line + 1;
    if (ins.keyword === 'WORKDIR') workdir = path.posix.resolve(workdir, ins.args.map((w) => w.value).join(' ') || '.');
    items.push(classify(ins, comments, workdir));
  }
  // A wrong file in gives a wrong file out: the split works on files that would build.
  const broken = items.find(
    (i) => i.role === 'other' || (i.copy && (i.copy.sources.length === 0 || i.ins.args.length < 2)),
  );
  if (broken)
    return {
      refused: `line ${broken.ins.range.start.line + 1}: ${broken.ins.keyword} ${broken.role === 'other' ? 'is not an instruction the split can move between stages' : 'has no source or destination'}`,
    };
  const footer = commentsBetween(previousEnd, model.lines.length);
  const startItem = [...items].reverse().find((i) => i.role === 'cmd' || i.role === 'entrypoint');
  return { model, stage, header, items, footer, appDir: startItem?.workdir ?? workdir };
}

function classify(ins: InstructionModel, comments: string[], workdir: string): SourceItem {
  const item: SourceItem = { ins, role: 'other', comments, workdir };
  const k = ins.keyword;
  if (k === 'WORKDIR') item.role = 'workdir';
  else if (k === 'ARG') item.role = 'arg';
  else if (k === 'ENV') item.role = 'env';
  else if (META.has(k)) item.role = 'meta';
  else if (k === 'USER') item.role = 'user';
  else if (k === 'HEALTHCHECK') item.role = 'healthcheck';
  else if (k === 'CMD') item.role = 'cmd';
  else if (k === 'ENTRYPOINT') item.role = 'entrypoint';
  else if (k === 'RUN') item.role = 'run';
  else if (k === 'COPY' || k === 'ADD') {
    const words = ins.args.map((w) => w.value);
    const dest = words[words.length - 1] ?? '.';
    const sources = words.slice(0, -1);
    const absDest = path.posix.resolve(workdir, dest);
    const chown = ins.flags.find((f) => f.name === 'chown')?.value ?? undefined;
    item.copy = { sources, dest: dest.endsWith('/') && absDest !== '/' ? `${absDest}/` : absDest, chown };
    const external =
      ins.flags.some((f) => f.name === 'from') ||
      sources.some((s) => /^[a-z]+:\/\//i.test(s)) ||
      ins.heredocs.length > 0;
    const insideApp = absDest === workdir || absDest.startsWith(workdir === '/' ? '/' : `${workdir}/`);
    if (external || !insideApp) item.role = 'copy-other';
    else if (sources.length > 0 && sources.every((s) => MANIFEST.test(s))) item.role = 'copy-manifests';
    else item.role = 'copy-sources';
  }
  return item;
}

/** Exec-form words of CMD/ENTRYPOINT/HEALTHCHECK CMD, whichever form it was written in. */
export function execWords(ins: InstructionModel): string[] {
  const args = ins.args.map((w) => w.value);
  if (ins.keyword === 'HEALTHCHECK') {
    const at = args.findIndex((a) => a.toUpperCase() === 'CMD');
    if (at < 0) return [];
    const rest = args.slice(at + 1);
    if (rest.length && rest[0].startsWith('[')) {
      try {
        return JSON.parse(rest.join(' ')) as string[];
      } catch {
        return [];
      }
    }
    return rest;
  }
  return args;
}

/** Words that open or close shell compound commands (`if …; fi`, loops, `case`, groups). */
export const SHELL_COMPOUND: ReadonlySet<string> = new Set([
  'if',
  'then',
  'elif',
  'else',
  'fi',
  'for',
  'while',
  'until',
  'do',
  'done',
  'case',
  'esac',
  '{',
  '}',
]);

/** Words that make a shell command more than a program and its arguments. */
const SHELL_ONLY = new Set([...SHELL_COMPOUND, 'exec', '(', '!', 'set', 'export', 'cd', '.', 'source', 'trap', 'eval']);

/**
 * The exec-form words of a CMD, ENTRYPOINT or HEALTHCHECK CMD, or undefined when its shell form says
 * more than exec form can: several commands, a variable, quotes, a glob, a redirect, an assignment
 * or a shell keyword (`if …; fi`, `exec node s.js`, `NODE_ENV=production node s.js`, `node s.js --port $PORT`).
 */
export function exactWords(item: SourceItem): string[] | undefined {
  const ins = item.ins;
  if (ins.execForm) return ins.args.map((w) => w.value);
  let words = ins.commands.length === 1 ? ins.commands[0].words : undefined;
  if (ins.keyword === 'HEALTHCHECK') {
    const at = ins.args.findIndex((a) => a.value.toUpperCase() === 'CMD');
    if (at < 0) return undefined;
    if (ins.args[at + 1]?.value.startsWith('[')) return execWords(ins);
    words = ins.args.slice(at + 1);
  } else if (ins.commands.length !== 1) return undefined;
  if (!words?.length || !words.every((w) => isPlainShellWord(w.text))) return undefined;
  if (SHELL_ONLY.has(words[0].text) || /^\w+=/.test(words[0].text)) return undefined;
  return words.map((w) => w.value);
}
