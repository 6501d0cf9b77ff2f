// Questions rules and actions ask of the model: which stage ships, what it pulls in from
// other stages, which shell commands a RUN contains.
import { unquote } from './substitute';
import { append, partitionPoint } from './collections';
import type { DockerfileModel, InstructionModel, ShellCommand, StageModel, Word } from './model';

/**
 * The stage that becomes the image: the build target when it names a stage, else the last stage.
 * Returns undefined for a file with no FROM.
 */
export function finalStage(model: DockerfileModel, target?: string): StageModel | undefined {
  if (target) {
    const lower = target.toLowerCase();
    const named = model.stages.find((s) => s.name === lower);
    if (named) return named;
  }
  return model.stages[model.stages.length - 1];
}

/**
 * The final stage plus every stage whose files it ships: its `FROM <stage>` chain and,
 * transitively, every stage it `COPY --from`s. (RUN --mount=from reads files at build time only.)
 */
export function shippedStages(model: DockerfileModel, final: StageModel): StageModel[] {
  // Most stages ship only themselves: no set, no sort (every stage of a 47,000-stage file asks).
  if (final.baseStage === undefined && final.copiesFrom.length === 0) return [final];
  // An explicit work list, not recursion: a chain of thousands of `FROM s<i-1> AS s<i>` overflowed the stack.
  const seen = new Set<number>([final.index]);
  const pending: StageModel[] = [final];
  for (let stage = pending.pop(); stage; stage = pending.pop()) {
    for (const index of shippedDirectly(stage)) {
      if (seen.has(index)) continue;
      seen.add(index);
      pending.push(model.stages[index]);
    }
  }
  // In stage order; sorting the few shipped indices, not filtering every stage (quadratic when each stage asks).
  return [...seen].sort((a, b) => a - b).map((i) => model.stages[i]);
}

/**
 * The stages whose files `stage` ships directly: its `FROM <stage>` and the stages it `COPY`/`ADD --from`s.
 * Always earlier stages (the model resolves a name only to a stage before the one naming it).
 */
export function shippedDirectly(stage: StageModel): number[] {
  const indices = stage.baseStage !== undefined ? [stage.baseStage] : [];
  for (const copy of stage.copiesFrom)
    if (copy.stageIndex !== undefined && copy.instruction.keyword !== 'RUN') indices.push(copy.stageIndex);
  return indices;
}

/**
 * For a stage, the first of the stages it ships (itself included, as shippedStages lists them) for each
 * key `keyOf` gives (stages it gives none are left out). For rules that compare each stage with what it
 * ships: listing every shipped stage per stage was quadratic when stages copy from the stage before
 * (stage n ships n stages). Each stage's answer is made once from its direct sources' answers, in stage
 * order, so the work is stages × distinct keys. The returned look-up keeps the answers of one model.
 */
export function firstShippedByKey<K>(
  model: DockerfileModel,
  keyOf: (stage: StageModel) => K | undefined,
): (stage: StageModel) => ReadonlyMap<K, StageModel> {
  const known = new Map<number, Map<K, StageModel>>();
  return (stage) => {
    // Sources first, with an explicit stack (a chain of thousands of stages), then the stage from them.
    const pending = [stage.index];
    while (pending.length > 0) {
      const index = pending[pending.length - 1];
      if (known.has(index)) {
        pending.pop();
        continue;
      }
      const current = model.stages[index];
      const sources = shippedDirectly(current).filter((s) => s < index);
      const missing = sources.filter((s) => !known.has(s));
      if (missing.length > 0) {
        append(pending, missing);
        continue;
      }
      const first = new Map<K, StageModel>();
      const own = keyOf(current);
      if (own !== undefined) first.set(own, current);
      for (const source of sources)
        for (const [key, earliest] of known.get(source) as Map<K, StageModel>) {
          const kept = first.get(key);
          if (!kept || earliest.index < kept.index) first.set(key, earliest);
        }
      known.set(index, first);
      pending.pop();
    }
    return known.get(stage.index) as Map<K, StageModel>;
  };
}

/** The stage's base image, following `FROM <stage>` chains to the external image. */
export function rootImageStage(model: DockerfileModel, stage: StageModel): StageModel {
  // Rules ask it per stage: a walk to the root from each stage of a long `FROM <stage>` chain was
  // quadratic, so every stage walked through remembers the root (stages never change after parsing).
  // A stage on an image is its own root: answered without a walk (most stages of most files; a Set and
  // a list per question were 14 MB of garbage per version of a 47,000-stage file).
  if (stage.baseStage === undefined) return stage;
  const known = rootStages.get(stage);
  if (known) return known;
  let current = stage;
  const walked: StageModel[] = [];
  // The parser links a stage only to an earlier one (its name must be defined before it), so the walk
  // ends; the index check keeps it ending for a hand-made model too.
  while (current.baseStage !== undefined && current.baseStage < current.index) {
    const memo = rootStages.get(current);
    if (memo) {
      current = memo;
      break;
    }
    walked.push(current);
    current = model.stages[current.baseStage];
  }
  for (const s of walked) rootStages.set(s, current);
  return current;
}
const rootStages = new WeakMap<StageModel, StageModel>();

/** The stage and its `FROM <stage>` ancestors, the external-image stage first. */
export function stageChain(model: DockerfileModel, stage: StageModel): readonly StageModel[] {
  // Kept per stage: a dozen rules ask for the final stage's chain, which in a `FROM s<i-1> AS s<i>` chain
  // of 47,000 stages is 47,000 long. Built by one walk and one reverse (includes/unshift per link were
  // quadratic); a stage's base is always an earlier stage (parse.ts names only those), so the walk ends.
  let chain = chains.get(stage);
  if (chain) return chain;
  chain = [];
  for (
    let s: StageModel | undefined = stage;
    s;
    s = s.baseStage !== undefined && s.baseStage < s.index ? model.stages[s.baseStage] : undefined
  )
    chain.push(s);
  chain.reverse();
  chains.set(stage, chain);
  return chain;
}
const chains = new WeakMap<StageModel, StageModel[]>();

/** Instructions in effect for the stage: its FROM chain's and its own, in order (ONBUILD triggers excluded). */
export function chainInstructions(model: DockerfileModel, stage: StageModel): readonly InstructionModel[] {
  // Many rules ask for it per stage: build the list once per stage (stages never change after parsing).
  let list = chainLists.get(stage);
  if (!list)
    chainLists.set(stage, (list = stageChain(model, stage).flatMap((s) => s.instructions.filter((i) => !i.onbuild))));
  return list;
}
const chainLists = new WeakMap<StageModel, InstructionModel[]>();

/**
 * How the stage's root image lacks a shell: `scratch`, `distroless`, or `distroless-debug`
 * (busybox at /busybox/sh, but no /bin/sh); undefined when it has one or it is unknown.
 */
export function shelllessBase(
  model: DockerfileModel,
  stage: StageModel,
): 'scratch' | 'distroless' | 'distroless-debug' | undefined {
  const root = rootImageStage(model, stage);
  if (root.scratch) return 'scratch';
  const ref = root.image.resolved ?? '';
  if (!/^(?:gcr\.io|[\w.-]*docker\.pkg\.dev\/[^/]+)\/distroless\//.test(ref)) return undefined;
  return /:debug\b/.test(ref) ? 'distroless-debug' : 'distroless';
}

/** The instruction whose range covers the given 0-based line, if any. */
export function instructionAt(model: DockerfileModel, line: number): InstructionModel | undefined {
  return model.instructions.find((i) => i.range.start.line <= line && line <= i.range.end.line);
}

export function stageOf(model: DockerfileModel, ins: InstructionModel): StageModel | undefined {
  return ins.stageIndex >= 0 ? model.stages[ins.stageIndex] : undefined;
}

// Wrappers, and shell keywords that start a command list (`if [ -f yarn.lock ]; then yarn; else npm ci; fi`).
const PREFIXES = new Set([
  'sudo',
  'env',
  'exec',
  'time',
  'command',
  'nice',
  'nohup',
  'then',
  'else',
  'do',
  'if',
  'elif',
  'while',
  'until',
  '!',
]);

/**
 * Wraps a question about one shell command so it is answered once per command: every rule asks
 * the same questions (which program, which package manager, which install) of every command, and
 * commands never change after parsing. Answers are shared: callers must not mutate them. They live
 * in a hidden (non-enumerable, symbol-keyed) array on the command: a WeakMap per question cost more
 * than some of the answers.
 */
export function perCommand<T>(question: (cmd: ShellCommand) => T): (cmd: ShellCommand) => T {
  const slot = questionCount++;
  return (cmd) => {
    let answers = (cmd as WithAnswers)[ANSWERS];
    if (!answers) Object.defineProperty(cmd, ANSWERS, { value: (answers = []) });
    const known = answers[slot];
    if (known !== undefined) return (known === UNDEFINED ? undefined : known) as T;
    const answer = question(cmd);
    answers[slot] = answer === undefined ? UNDEFINED : answer;
    return answer;
  };
}
const ANSWERS = Symbol('answers');
const UNDEFINED = Symbol('undefined');
type WithAnswers = ShellCommand & { [ANSWERS]?: unknown[] };
let questionCount = 0;

/** Index of the program word in a command, skipping `VAR=value` assignments and wrappers like sudo. */
export const programIndex = perCommand(findProgramIndex);

function findProgramIndex(cmd: ShellCommand): number {
  let i = 0;
  while (i < cmd.words.length) {
    const t = cmd.words[i].text;
    if (
      /^[A-Za-z_][A-Za-z0-9_]*=/.test(t) ||
      PREFIXES.has(t) ||
      (i > 0 && PREFIXES.has(cmd.words[i - 1].text) && t.startsWith('-'))
    )
      i++;
    else break;
  }
  return i;
}

/** The program name (`apt-get`, `npm`, ...), basename only. */
export const programOf = perCommand((cmd): string | undefined => {
  const w = cmd.words[programIndex(cmd)];
  return w ? w.text.replace(/^.*\//, '') : undefined;
});

/** The command's words after the program: arguments and options (a shared array: do not mutate). */
export const argumentsOf = perCommand((cmd): readonly Word[] => cmd.words.slice(programIndex(cmd) + 1));

/** The first non-option argument after the program, e.g. `install` in `apt-get -y install`. */
export function subcommandOf(cmd: ShellCommand): Word | undefined {
  return argumentsOf(cmd).find((w) => !w.text.startsWith('-'));
}

/** True when the command runs `program` (any of the names) with the given subcommand (any of them). */
export function isCommand(cmd: ShellCommand, programs: string[], subcommands?: string[]): boolean {
  const program = programOf(cmd);
  if (!program || !programs.includes(program)) return false;
  if (!subcommands) return true;
  const sub = subcommandOf(cmd);
  return sub !== undefined && subcommands.includes(sub.text);
}

/** True when the command has any of the options (exact `--flag`, `--flag=value`, or combined short flags). */
export function hasOption(cmd: ShellCommand, ...options: string[]): boolean {
  return argumentsOf(cmd).some((w) => options.some((o) => w.text === o || w.text.startsWith(`${o}=`)));
}

/** Every shell command of every RUN in the stage, with its instruction. */
export function runCommands(stage: StageModel): { instruction: InstructionModel; command: ShellCommand }[] {
  return stage.instructions
    .filter((i) => i.keyword === 'RUN' && !i.onbuild)
    .flatMap((instruction) => instruction.commands.map((command) => ({ instruction, command })));
}

/**
 * The variables an ENV instruction sets and their values, as Docker reads them: every `$VAR` of the
 * instruction is substituted with the values from before it, so `ENV abc=bye def=$abc` gives `def` the
 * old `abc` (the Dockerfile reference's own example). The words' values are those substitutions (the model
 * substitutes each word with the variables in effect before its instruction); quotes are removed. The
 * legacy form `ENV KEY value with spaces` sets one variable to the rest of the line.
 */
export function envAssignments(ins: InstructionModel): { name: string; value: string }[] {
  const words = ins.args;
  if (words.length >= 2 && !words[0].text.includes('='))
    return [
      {
        name: words[0].text,
        value: unquote(
          words
            .slice(1)
            .map((w) => w.value)
            .join(' '),
        ),
      },
    ];
  const assignments: { name: string; value: string }[] = [];
  for (const word of words) {
    const eq = word.text.indexOf('=');
    if (eq > 0)
      assignments.push({ name: word.text.slice(0, eq), value: unquote(word.value.slice(word.value.indexOf('=') + 1)) });
  }
  return assignments;
}

/** The last value an ENV/ARG sets for `name` in the stage (or its FROM-stage chain) before `line`. */
export function envValueAt(
  model: DockerfileModel,
  stage: StageModel,
  name: string,
  line = Number.MAX_SAFE_INTEGER,
): string | undefined {
  const events = stageIndex(model, stage).env.get(name);
  return events ? lastBefore(events, line, stage)?.value : undefined;
}

/** The working directory in effect in the stage (following its FROM-stage chain) before `line`; `/` by default. */
export function workdirAt(model: DockerfileModel, stage: StageModel, line = Number.MAX_SAFE_INTEGER): string {
  return lastBefore(stageIndex(model, stage).workdirs, line, stage)?.value ?? '/';
}

// ENV/ARG values and WORKDIRs along a stage's FROM chain, indexed once per model: rules ask
// for them per instruction, and a linear scan each time made 10 000-line files quadratic.
interface ChainEvent<T> {
  stage: StageModel;
  line: number;
  value: T;
}
interface StageIndex {
  env: Map<string, ChainEvent<string>[]>;
  workdirs: ChainEvent<string>[];
}
const stageIndexes = new WeakMap<DockerfileModel, Map<number, StageIndex>>();

function stageIndex(model: DockerfileModel, stage: StageModel): StageIndex {
  let perModel = stageIndexes.get(model);
  if (!perModel) stageIndexes.set(model, (perModel = new Map()));
  let index = perModel.get(stage.index);
  if (index) return index;
  index = { env: new Map(), workdirs: [] };
  let dir = '/';
  for (const s of stageChain(model, stage)) {
    for (const ins of s.instructions) {
      const line = ins.range.start.line;
      if (ins.keyword === 'WORKDIR' && !ins.onbuild && ins.args[0]) {
        dir = joinPosix(dir, unquote(ins.args[0].value));
        index.workdirs.push({ stage: s, line, value: dir });
      }
      if (ins.keyword !== 'ENV' && ins.keyword !== 'ARG') continue;
      const set = (name: string, value: string) => {
        const list = index!.env.get(name) ?? [];
        list.push({ stage: s, line, value });
        index!.env.set(name, list);
      };
      if (ins.keyword === 'ENV') {
        for (const { name, value } of envAssignments(ins)) set(name, value);
        continue;
      }
      for (const w of ins.args) {
        const eq = w.text.indexOf('=');
        if (eq > 0) set(w.text.slice(0, eq), unquote(w.value.slice(w.value.indexOf('=') + 1)));
      }
    }
  }
  perModel.set(stage.index, index);
  return index;
}

/** The last event before `line` in `stage` (events of parent stages always count). Events are in chain order. */
function lastBefore<T>(events: ChainEvent<T>[], line: number, stage: StageModel): ChainEvent<T> | undefined {
  // Parent-stage events come first and all apply; within the stage itself, those before `line`.
  const after = partitionPoint(events.length, (i) => events[i].stage !== stage || events[i].line < line);
  return after > 0 ? events[after - 1] : undefined;
}

/** Joins a container path onto a directory the way WORKDIR and COPY destinations resolve. */
export function joinPosix(dir: string, rel: string): string {
  const parts = (rel.startsWith('/') ? rel : `${dir}/${rel}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return `/${out.join('/')}`;
}

/** For a COPY/ADD of the whole build context (`COPY . .`, `ADD ./ /app`), the `.` source word. */
export function wholeContextSource(ins: InstructionModel): Word | undefined {
  if (
    (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') ||
    ins.onbuild ||
    ins.flags.some((f) => f.name === 'from') ||
    ins.args.length < 2
  )
    return undefined;
  return ins.args.slice(0, -1).find((w) => /^\.\/?$/.test(unquote(w.value)));
}

/** The RUN's commands; an exec-form RUN (`RUN ["npm", "run", "build"]`) counts as one command of its JSON strings. */
export function commandsOf(ins: InstructionModel): ShellCommand[] {
  if (!ins.execForm || ins.args.length === 0) return ins.commands;
  return [
    {
      words: ins.args,
      range: { start: ins.args[0].range.start, end: ins.args[ins.args.length - 1].range.end },
      next: null,
    },
  ];
}

export interface RunMount {
  /** `bind` (the default), `cache`, `tmpfs`, `secret` or `ssh`. */
  type: string;
  /** `target=` / `dst=` / `destination=`, as written (variables substituted). */
  target?: string;
  /** `from=` for bind and cache mounts. */
  from?: string;
  /** `source=` / `src=`. */
  source?: string;
}

/** The RUN's `--mount=` flags, parsed (`type=cache,target=/root/.npm` → `{ type: 'cache', target: '/root/.npm' }`). */
export function mountsOf(ins: InstructionModel): RunMount[] {
  return ins.flags
    .filter((f) => f.name === 'mount' && f.value)
    .map((f) => {
      const mount: RunMount = { type: 'bind' };
      for (const part of f.value!.split(',')) {
        const eq = part.indexOf('=');
        const key = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
        const value = eq < 0 ? '' : unquote(part.slice(eq + 1).trim());
        if (key === 'type') mount.type = value.toLowerCase();
        else if (key === 'target' || key === 'dst' || key === 'destination') mount.target = value;
        else if (key === 'from') mount.from = value;
        else if (key === 'source' || key === 'src') mount.source = value;
      }
      return mount;
    });
}

/**
 * The value of an environment variable for one shell command: a `NAME=value` prefix on the
 * command itself, else the last `export NAME=value` (or bare `NAME=value`) earlier in the same RUN,
 * else the ENV/ARG in effect for the stage. Undefined when nothing sets it.
 */
export function commandEnv(
  model: DockerfileModel,
  stage: StageModel,
  ins: InstructionModel,
  cmd: ShellCommand,
  name: string,
): string | undefined {
  const prefix = cmd.words.slice(0, programIndex(cmd)).find((w) => w.value.startsWith(`${name}=`));
  if (prefix) return unquote(prefix.value.slice(name.length + 1));
  const before = ins.commands.slice(0, Math.max(0, ins.commands.indexOf(cmd)));
  for (let i = before.length - 1; i >= 0; i--) {
    const c = before[i];
    const words = c.words[0]?.text === 'export' ? c.words.slice(1) : programOf(c) === undefined ? c.words : [];
    const set = words.find((w) => w.value.startsWith(`${name}=`));
    if (set) return unquote(set.value.slice(name.length + 1));
  }
  return envValueAt(model, stage, name, ins.range.start.line);
}

/**
 * The RUNs whose layers ship in the image of `final`: those of the stage and its FROM chain, and the
 * chain's ONBUILD RUN triggers — a parent stage's triggers run in its child, and the final stage's
 * run in every image built FROM it.
 */
export function shippedChainRuns(
  model: DockerfileModel,
  final: StageModel,
): readonly { stage: StageModel; instruction: InstructionModel }[] {
  // Four rules ask for the same final stage: the pairs are made once (50,000 RUNs made 50,000 pairs per rule).
  let runs = shippedRuns.get(final);
  if (!runs) {
    runs = [];
    for (const stage of stageChain(model, final))
      for (const instruction of stage.instructions)
        if (instruction.keyword === 'RUN') runs.push({ stage, instruction });
    shippedRuns.set(final, runs);
  }
  return runs;
}
const shippedRuns = new WeakMap<StageModel, { stage: StageModel; instruction: InstructionModel }[]>();
