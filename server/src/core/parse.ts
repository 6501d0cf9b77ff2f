// Builds the DockerfileModel from dockerfile-ast's syntax tree: stages, ARG substitution,
// flags, shell commands with exact word ranges, copies between stages.
import {
  DockerfileParser,
  type Instruction,
  type From,
  type Onbuild,
  type Heredoc,
  type Argument,
} from 'dockerfile-ast';
import type { Range } from 'vscode-languageserver-types';
import type {
  CommentModel,
  DockerfileModel,
  FlagModel,
  ImageReference,
  InstructionModel,
  ShellCommand,
  StageCopy,
  StageModel,
  Word,
} from './model';
import { substitute, unquote, type Variables } from './substitute';
import { envAssignments } from './queries';
import './astMemo';

const SHELL_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT']);
/** Docker reads heredocs in these only (dockerfile-ast would scan every instruction for them). */
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);
const OPERATORS = ['&&', '||', ';', '|'];
const NO_VARIABLES: Variables = new Map();
/**
 * The one empty list every instruction without flags, commands or heredocs (and every stage that copies
 * from none) shares: most have none, and a list each was four arrays per instruction, a tenth of the
 * model's garbage in a file of 100,000 one-line instructions. Frozen: the model is read-only.
 */
const NONE = Object.freeze([]) as unknown as never[];

export function parseDockerfile(text: string): DockerfileModel {
  // dockerfile-ast handles CRLF and lone CR; a BOM would be read as part of the first keyword.
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const ast = DockerfileParser.parse(source);
  const escapeChar = ast.getEscapeCharacter();
  const globalArgs = new Map<string, string | undefined>();
  const preamble: InstructionModel[] = [];
  const stages: StageModel[] = [];
  const instructions: InstructionModel[] = [];
  // A stage's ARG and ENV values; most stages declare none, so the map is made on the first (one map per
  // stage was 9 MB of garbage per version of a 47,000-stage file).
  let stageVars: Map<string, string | undefined> | undefined;
  // The first stage of each name, for FROM <stage> and COPY --from: one look-up per reference (a scan of
  // every earlier stage per reference was quadratic: 20 000 stages took seconds).
  const stageNamed = new Map<string, number>();

  for (const node of ast.getInstructions()) {
    const keyword = node.getKeyword().toUpperCase();
    if (keyword === 'FROM') {
      const stage = buildStage(node as From, stages, stageNamed, globalArgs, escapeChar);
      stages.push(stage);
      if (stage.name !== undefined && !stageNamed.has(stage.name)) stageNamed.set(stage.name, stage.index);
      instructions.push(stage.from);
      stageVars = undefined;
      continue;
    }
    const stageIndex = stages.length - 1;
    const vars: Variables = stageIndex < 0 ? globalArgs : (stageVars ?? NO_VARIABLES);
    const model = buildInstruction(node, keyword, stageIndex, vars, escapeChar, false);
    instructions.push(model);
    if (stageIndex < 0) {
      preamble.push(model);
      if (keyword === 'ARG') declareArgs(model, globalArgs, globalArgs);
      continue;
    }
    const stage = stages[stageIndex];
    stage.instructions.push(model);
    if (keyword === 'ARG') declareArgs(model, (stageVars ??= new Map()), globalArgs);
    if (keyword === 'ENV') declareEnv(model, (stageVars ??= new Map()));
    if (keyword === 'ONBUILD') {
      const trigger = (node as Onbuild).getTriggerInstruction();
      if (trigger) {
        const triggerModel = buildInstruction(
          trigger,
          trigger.getKeyword().toUpperCase(),
          stageIndex,
          stageVars ?? NO_VARIABLES,
          escapeChar,
          true,
        );
        stage.instructions.push(triggerModel);
        instructions.push(triggerModel);
      }
    }
  }

  for (const stage of stages) {
    stage.copiesFrom = collectCopies(stage, stageNamed);
    const last = stage.instructions[stage.instructions.length - 1];
    if (last) stage.range = { start: stage.from.range.start, end: last.range.end };
  }

  const lines = text.split(/\r\n|\r|\n/);
  const comments: CommentModel[] = ast.getComments().map((c) => ({
    text: c.getContent() ?? '',
    line: c.getRange().start.line,
    range: c.getRange(),
  }));
  // Leading `# key=value` lines are parsed as directives (`# hadolint ignore=DL3007` too): keep them as comments.
  for (const d of ast.getDirectives()) {
    const line = d.getRange().start.line;
    const raw = lines[line] ?? '';
    comments.unshift({
      text: raw.replace(/^\s*#\s*/, ''),
      line,
      range: { start: { line, character: 0 }, end: { line, character: raw.length } },
    });
  }
  comments.sort((a, b) => a.line - b.line);

  return {
    text,
    lines,
    escapeChar,
    globalArgs,
    preamble,
    stages,
    comments,
    instructions,
  };
}

function buildStage(
  node: From,
  stages: StageModel[],
  stageNamed: ReadonlyMap<string, number>,
  globalArgs: Variables,
  escapeChar: string,
): StageModel {
  const from = buildInstruction(node, 'FROM', stages.length, globalArgs, escapeChar, false);
  // The image and the stage name are FROM's arguments 0 and 2 (dockerfile-ast's getImageRange and
  // getBuildStageRange read the same list): their words' ranges, not the copies those getters hand out
  // (two ranges per stage, a sixth of what a 47,000-stage file's model keeps).
  const imageRange = from.args.length > 0 ? from.args[0].range : from.keywordRange;
  const nameRange = from.args.length > 2 && from.args[1].text.toUpperCase() === 'AS' ? from.args[2].range : undefined;
  const raw = node.getImage() ?? '';
  const sub = substitute(raw, globalArgs, escapeChar);
  const resolved = sub.complete ? sub.value : null;
  const image: ImageReference = { raw, resolved, range: imageRange };
  const stageName = node.getBuildStage();
  const lower = (resolved ?? raw).toLowerCase();
  const baseStage = stageNamed.get(lower);
  const platformFlag = from.flags.find((f) => f.name === 'platform');
  return {
    index: stages.length,
    name: stageName ? stageName.toLowerCase() : undefined,
    nameRange,
    from,
    image,
    baseStage,
    scratch: lower === 'scratch',
    platform: platformFlag?.value ?? undefined,
    instructions: [],
    copiesFrom: NONE,
    range: from.range,
  };
}

function buildInstruction(
  node: Instruction,
  keyword: string,
  stageIndex: number,
  vars: Variables,
  escapeChar: string,
  onbuild: boolean,
): InstructionModel {
  const flagNodes = hasFlags(node) ? node.getFlags() : NONE;
  const flags: FlagModel[] =
    flagNodes.length === 0
      ? NONE
      : flagNodes.map((f) => ({
          name: f.getName(),
          value: f.getValue(),
          range: f.getRange(),
          valueRange: f.getValueRange(),
        }));
  const json = jsonStrings(node);
  const execForm = json !== null;
  let args: Word[];
  if (json) {
    args = json.map((s) => ({ text: s.text, value: substitute(s.text, vars, escapeChar).value, range: s.range }));
  } else {
    args = node.getArguments().map((a) => toWord(a, vars, escapeChar));
    // ONBUILD's own arguments start with the trigger keyword; keep them as written.
  }
  const heredocs = HEREDOC_KEYWORDS.has(keyword) ? heredocsOf(node) : NONE;
  const commands = SHELL_KEYWORDS.has(keyword) && !execForm ? splitCommands(args, heredocs) : NONE;
  return {
    keyword,
    range: node.getRange(),
    keywordRange: node.getInstructionRange(),
    stageIndex,
    flags,
    args,
    argsText: node.getRawArgumentsContent() ?? '',
    execForm,
    commands,
    heredocs:
      heredocs.length === 0
        ? NONE
        : heredocs.map((h) => ({
            name: h.getName(),
            body: h.getContentRange() ? textIn(node, h.getContentRange() as Range) : '',
            range: h.getContentRange(),
          })),
    onbuild,
  };
}

function toWord(a: Argument, vars: Variables, escapeChar: string): Word {
  const text = a.getValue();
  return { text, value: substitute(text, vars, escapeChar).value, range: a.getRange() };
}

function hasFlags(node: Instruction): node is Instruction & { getFlags(): import('dockerfile-ast').Flag[] } {
  return typeof (node as unknown as { getFlags?: unknown }).getFlags === 'function';
}

function jsonStrings(node: Instruction): { text: string; range: Range }[] | null {
  const n = node as unknown as {
    getJSONStrings?: () => { getJSONValue(): string; getRange(): Range }[];
    getOpeningBracket?: () => unknown;
  };
  if (typeof n.getJSONStrings !== 'function' || typeof n.getOpeningBracket !== 'function') return null;
  if (!n.getOpeningBracket()) return null;
  const strings = n.getJSONStrings();
  return strings.map((s) => ({ text: jsonStringText(node, s.getRange()) ?? s.getJSONValue(), range: s.getRange() }));
}

/** The JSON string as written, decoded: dockerfile-ast's getJSONValue drops its spaces ("npm start" → "npmstart"). */
function jsonStringText(node: Instruction, range: Range): string | undefined {
  if (range.start.line !== range.end.line) return undefined;
  try {
    const decoded: unknown = JSON.parse(textIn(node, range));
    return typeof decoded === 'string' ? decoded : undefined;
  } catch {
    return undefined;
  }
}

function heredocsOf(node: Instruction): Heredoc[] {
  const n = node as unknown as { getHeredocs?: () => Heredoc[] };
  try {
    return typeof n.getHeredocs === 'function' ? n.getHeredocs() : [];
  } catch {
    return [];
  }
}

function textIn(node: Instruction, range: Range): string {
  const doc = (node as unknown as { document: { getText(r: Range): string } }).document;
  return doc.getText(range);
}

/** Splits shell words into simple commands on `&&`, `||`, `;`, `|`, including operators glued to words. */
export function splitCommands(args: Word[], heredocs: Heredoc[] = []): ShellCommand[] {
  // Most RUNs hold one command and no here-document: its words are the instruction's own list (the model
  // is read-only), without the copy, the Set and the lists below (400 bytes kept per RUN in a file of
  // 50,000 `RUN npm ci`).
  if (heredocs.length === 0 && args.length > 0 && args.every(holdsNoOperator)) {
    const range = { start: args[0].range.start, end: args[args.length - 1].range.end };
    return [{ words: args, range, next: null }];
  }
  const bodies = heredocs.map((h) => h.getContentRange()).filter((r): r is Range => r !== null);
  const inBody = (w: Word) =>
    bodies.some((r) => w.range.start.line >= r.start.line && w.range.start.line <= r.end.line);
  const markerLines = new Set(heredocs.flatMap((h) => [h.getStartRange().start.line]));
  const commands: ShellCommand[] = [];
  let current: Word[] = [];
  const flush = (next: string | null) => {
    if (current.length > 0) {
      commands.push({
        words: current,
        range: { start: current[0].range.start, end: current[current.length - 1].range.end },
        next,
      });
    }
    current = [];
  };
  let previous: Word | null = null;
  for (const word of args) {
    if (heredocs.length > 0) {
      // Heredoc markers and terminators are not commands; each body line is its own command.
      if (/^<<-?["']?\w+["']?$/.test(word.text) && markerLines.has(word.range.start.line)) continue;
      if (!inBody(word) && heredocs.some((h) => h.getDelimiterRange()?.start.line === word.range.start.line)) continue;
      if (previous && inBody(word) && previous.range.start.line !== word.range.start.line) flush(';');
    }
    for (const piece of splitOperators(word)) {
      if (OPERATORS.includes(piece.text)) flush(piece.text);
      else current.push(piece);
    }
    previous = word;
  }
  flush(null);
  return commands;
}

/** A quoted word, or one without `&&`, `||`, `;` or `|`: a word of a command, never split. */
const holdsNoOperator = (word: Word) => /^["'].*["']$/.test(word.text) || !/&&|\|\||;|\|/.test(word.text);

/** `update&&apt-get` → `update`, `&&`, `apt-get`, with sub-ranges when the word sits on one line. */
function splitOperators(word: Word): Word[] {
  if (holdsNoOperator(word)) return [word];
  const pieces: Word[] = [];
  const singleLine =
    word.range.start.line === word.range.end.line &&
    word.range.end.character - word.range.start.character === word.text.length;
  const re = /&&|\|\||;|\|/g;
  let last = 0;
  let m: RegExpExecArray | null;
  const push = (from: number, to: number) => {
    if (to <= from) return;
    const text = word.text.slice(from, to);
    const range = singleLine
      ? {
          start: { line: word.range.start.line, character: word.range.start.character + from },
          end: { line: word.range.start.line, character: word.range.start.character + to },
        }
      : word.range;
    pieces.push({ text, value: unquote(text) === text ? text : text, range });
  };
  while ((m = re.exec(word.text)) !== null) {
    push(last, m.index);
    push(m.index, m.index + m[0].length);
    last = m.index + m[0].length;
  }
  push(last, word.text.length);
  // Keep substituted values aligned when the word had no variables.
  return pieces.map((p) => (word.text === word.value ? p : { ...p, value: p.text }));
}

function declareArgs(model: InstructionModel, into: Map<string, string | undefined>, globalArgs: Variables): void {
  for (const word of model.args) {
    const eq = word.text.indexOf('=');
    const name = eq < 0 ? word.text : word.text.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
    const value =
      eq < 0
        ? into.has(name)
          ? into.get(name)
          : globalArgs.get(name)
        : unquote(substitute(word.text.slice(eq + 1), into).value);
    into.set(name, value);
  }
}

function declareEnv(model: InstructionModel, into: Map<string, string | undefined>): void {
  for (const { name, value } of envAssignments(model)) into.set(name, value);
}

function collectCopies(stage: StageModel, stageNamed: ReadonlyMap<string, number>): StageCopy[] {
  let copies: StageCopy[] | undefined;
  for (const ins of stage.instructions) {
    if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
      const from = ins.flags.find((f) => f.name === 'from');
      if (from?.value)
        (copies ??= []).push({
          instruction: ins,
          ref: from.value,
          refRange: from.valueRange,
          ...resolveRef(stage, stageNamed, from.value),
        });
    }
    if (ins.keyword === 'RUN') {
      for (const flag of ins.flags) {
        if (flag.name !== 'mount' || !flag.value) continue;
        const m = /(?:^|,)from=([^,]+)/.exec(flag.value);
        if (m)
          (copies ??= []).push({
            instruction: ins,
            ref: m[1],
            refRange: flag.valueRange,
            ...resolveRef(stage, stageNamed, m[1]),
          });
      }
    }
  }
  return copies ?? NONE;
}

/** What a `--from` value names, seen from `stage`: an earlier stage (by number or name), or an image. */
function resolveRef(
  stage: StageModel,
  stageNamed: ReadonlyMap<string, number>,
  ref: string,
): { stageIndex?: number; image?: string } {
  if (/^\d+$/.test(ref)) {
    const n = Number(ref);
    return n < stage.index ? { stageIndex: n } : {};
  }
  const named = stageNamed.get(ref.toLowerCase());
  return named !== undefined && named < stage.index ? { stageIndex: named } : { image: ref };
}
