// dockerfile-ast does the same work again and again, for every user of the one copy in the bundle:
// - the server parses the same text several times per keystroke (Layerwise's model, the built-in
//   validator, semantic tokens, then hover, code actions, folding…): keep the last few parses,
//   keyed by the exact text, and hand every caller the same tree;
// - each instruction rescans its text for its arguments (with offset→position conversions) on
//   every getter (getFlags, getImage, getBuildStage, getArgumentsContent…, ~5 per instruction),
//   and for its variables on every getVariables, and for its heredocs: scan once per instruction;
// - variables are resolved by walking the stages again each time: once per name and line.
// A shared tree must not be edited by its users. Where dockerfile-ast hands out its own arrays or
// ranges and a user edits them, the getters here hand out copies: ModifiableInstruction shifts its
// flags off the arguments array, From assigns new positions to its image argument's Range, semantic
// tokens clip variable ranges and splice embedded comments out of the comment list, Label splices
// its variable list.
// test/robustness/astMemo.test.ts checks that every consumer's output is identical with and without.
import {
  Arg,
  type Argument,
  DockerfileParser,
  Env,
  From,
  Instruction,
  Label,
  Variable,
  type Dockerfile,
} from 'dockerfile-ast';
import { partitionPoint, pushTo } from './collections';

type WithRawArguments = { getRawArguments(this: Instruction): Argument[] };
/** The scan's result, kept on the instruction under a symbol (a WeakMap lookup per getter cost more). */
const SCANNED = Symbol('scannedArguments');
type WithScan = Instruction & { [SCANNED]?: Argument[] };

const proto = Instruction.prototype as unknown as WithRawArguments;
const scan = proto.getRawArguments;
let argumentsMemo = true;

/** The instruction's arguments (flags included), scanned on the first call and kept on it. */
function scannedArguments(instruction: WithScan): Argument[] {
  let args = instruction[SCANNED];
  if (!args) instruction[SCANNED] = args = scan.call(instruction);
  return args;
}

proto.getRawArguments = function getRawArgumentsOnce(this: WithScan): Argument[] {
  if (!argumentsMemo) return scan.call(this);
  const args = scannedArguments(this);
  // A copy of the list (ModifiableInstruction shifts its flags off it); the arguments are shared: the
  // only ranges anyone edits are From's image range, which From's getters below hand out as copies.
  return args.slice();
};

/** The texts parsed last (most recent first): an editor's open documents, each at its latest version. */
const RECENT_PARSES = 4;
const LARGE_TEXT = 256 * 1024;
const parse = DockerfileParser.parse;
const recent: { text: string; dockerfile: Dockerfile }[] = [];
let parseMemo = true;

DockerfileParser.parse = function parseOnce(text: string): Dockerfile {
  if (!parseMemo) return parse(text);
  const index = recent.findIndex((entry) => entry.text === text);
  if (index >= 0) {
    const [hit] = recent.splice(index, 1);
    recent.unshift(hit);
    return hit.dockerfile;
  }
  const dockerfile = parse(text);
  recent.unshift({ text, dockerfile });
  // A tree weighs ~30× its text (a 50 000-line file: 2 MB of text, 70 MB of tree): beside the newest,
  // keep only small ones, so typing in a huge file holds one tree, not four versions of it.
  for (let i = recent.length - 1; i >= 1; i--)
    if (i >= RECENT_PARSES || recent[i].text.length > LARGE_TEXT) recent.splice(i, 1);
  return dockerfile;
};

// Variable look-ups: resolveVariable walks every FROM and the stage's instructions, and semantic
// tokens ask it again for every token of an instruction (quadratic: 1 000 lines took 42 ms per
// request, 4 000 lines 300 ms). Answers are strings, and the tree never changes: ask once per name and line.
// Also a fix, memo or not: on a line outside every stage and outside the instructions before the
// first FROM (an indented first instruction: ` RUN $x`), dockerfile-ast's Dockerfile.resolveVariable
// finds the Dockerfile itself as the containing image and calls itself without end ("Maximum call
// stack size exceeded" in hover, the validator and Layerwise's model). Re-entering the same look-up
// answers "not defined", as for any unknown variable.
type Resolver = { resolveVariable(name: string, line: number): string | null | undefined };
const RESOLVED = Symbol('resolvedVariables');
const RESOLVING = Symbol('resolvingVariables');
type MemoResolver = Resolver & { [RESOLVED]?: Map<string, string | null | undefined>; [RESOLVING]?: Set<string> };
const dockerfileProto = Object.getPrototypeOf(parse('')) as Resolver;
const resolve = dockerfileProto.resolveVariable;
dockerfileProto.resolveVariable = function resolveVariableOnce(this: MemoResolver, name: string, line: number) {
  const key = `${line} ${name}`;
  let resolving = this[RESOLVING];
  if (!resolving) this[RESOLVING] = resolving = new Set();
  if (resolving.has(key)) return undefined;
  let known = this[RESOLVED];
  if (argumentsMemo && known?.has(key)) return known.get(key);
  resolving.add(key);
  let value: string | null | undefined;
  try {
    value = (argumentsMemo ? resolveWithFromLines : resolve).call(this, name, line);
  } finally {
    resolving.delete(key);
  }
  if (!argumentsMemo) return value;
  if (!known) this[RESOLVED] = known = new Map();
  known.set(key, value);
  return value;
};

/**
 * Replaces `proto[method]` with one that scans once per node, keeps the answer under `key`, and hands
 * every caller `copy(kept)`. With the memo off (the equivalence test) the original runs. A scan that
 * throws keeps nothing (the next call scans again).
 */
function scanOnce<T>(proto: object, method: string, key: symbol, copy: (kept: T) => T): void {
  type Kept = Record<symbol, T | undefined>;
  const methods = proto as Record<string, (this: Kept) => T>;
  const scan = methods[method];
  methods[method] = function scanOnceKept(this: Kept): T {
    if (!argumentsMemo) return scan.call(this);
    let kept = this[key];
    if (kept === undefined) this[key] = kept = scan.call(this);
    return copy(kept);
  };
}

// Here-documents: Layerwise's model and the built-in validator each ask every RUN and COPY for its
// heredocs, and dockerfile-ast rescans the instruction's text each time (with offset→position
// conversions). Scan once; hand out a copy of the list (Heredoc objects are read-only). A scan that
// throws (malformed markers such as `RUN <<'EOF''`) is not kept: every caller guards it.
scanOnce(Instruction.prototype, 'getHeredocs', Symbol('heredocs'), (heredocs: unknown[]) => heredocs.slice());

// Most RUNs and COPYs have no here-document, and dockerfile-ast only makes one from an argument that
// starts with `<<`: without such an argument the answer is an empty list, without the scan of the
// instruction's text (~3 ms of the server's first diagnostics on a 1 000-line file, issue 16 §3).
// The arguments are the ones scanned once above, flags included (a flag starts with `--`).
const getHeredocsScanning = (Instruction.prototype as unknown as { getHeredocs(this: WithScan): unknown[] })
  .getHeredocs;
(Instruction.prototype as unknown as { getHeredocs(this: WithScan): unknown[] }).getHeredocs =
  function getHeredocsOfMarkers(this: WithScan): unknown[] {
    if (!argumentsMemo) return getHeredocsScanning.call(this);
    for (const arg of scannedArguments(this))
      if (arg.getValue().startsWith('<<')) return getHeredocsScanning.call(this);
    return [];
  };

// Variables: semantic tokens ask an instruction for its variables once per token, and each time
// dockerfile-ast rescans its arguments for them. Scan once; hand out copies, since semantic tokens
// clip a variable's range in place (and Label splices the list).
type VariableFields = {
  name: string;
  nameRange: Range;
  range: Range;
  modifier: string | null;
  modifierRange: Range | null;
  substitutionParameter: string | null;
  substitutionRange: Range | null;
  defined: boolean;
  buildVariable: boolean;
  stringValue: string;
};
type Range = { start: unknown; end: unknown };
const VariableClass = Variable as unknown as new (...fields: unknown[]) => Variable;
const copyRange = (r: Range | null) => r && { start: r.start, end: r.end };

const copyVariables = (variables: Variable[]) =>
  variables.map((variable) => {
    const v = variable as unknown as VariableFields;
    return new VariableClass(
      v.name,
      copyRange(v.nameRange),
      copyRange(v.range),
      v.modifier,
      copyRange(v.modifierRange),
      v.substitutionParameter,
      copyRange(v.substitutionRange),
      v.defined,
      v.buildVariable,
      v.stringValue,
    );
  });

// And a variable starts with `$`: an instruction whose text has none has no variables, without the
// scan, which walks every argument character by character (on a 1,000-line file, over half of the
// built-in validator's first run, which asks every instruction; most have no `$`).
type WithDocument = { document: { getText(): string; offsetAt(position: unknown): number } };
const variablesProto = Instruction.prototype as unknown as { getVariables(this: Instruction): Variable[] };
const scanVariables = variablesProto.getVariables;
variablesProto.getVariables = function variablesWhereDollar(this: Instruction): Variable[] {
  if (argumentsMemo) {
    const { document } = this as unknown as WithDocument;
    const { start, end } = this.getRange();
    // Within the instruction only (a search from it to the next `$` of the file would be quadratic).
    const text = document.getText().substring(document.offsetAt(start), document.offsetAt(end));
    if (!text.includes('$')) return [];
  }
  return scanVariables.call(this);
};
scanOnce(Instruction.prototype, 'getVariables', Symbol('variables'), copyVariables);

// LABEL's own getVariables then walks every property (unescaping each value) to drop variables in
// single quotes; semantic tokens ask once per token, so a LABEL of 1 000 pairs on one line took ~5 s.
// Its answer is kept the same way.
scanOnce(Label.prototype, 'getVariables', Symbol('labelVariables'), copyVariables);

// FROM's image: its getters each ask for the image argument's range and derive the name, tag, digest
// and registry ranges from it with offset→position conversions, and getImageNameRange and
// getRegistryRange assign new ends to the range they were given. Every user asks them (Layerwise's
// model, the validator, semantic tokens: ~10 calls per FROM). The image and stage ranges are handed
// out as copies of the shared argument's range; the derived ones are computed once and copied.
type FromRanges = Record<string, (this: unknown) => Range | null>;
const fromProto = From.prototype as unknown as FromRanges;
for (const method of ['getImageRange', 'getBuildStageRange']) {
  const shared = fromProto[method];
  fromProto[method] = function rangeCopy(this: unknown) {
    return argumentsMemo ? copyRange(shared.call(this)) : shared.call(this);
  };
}
for (const method of ['getImageNameRange', 'getImageTagRange', 'getImageDigestRange', 'getRegistryRange'])
  scanOnce(From.prototype, method, Symbol(method), copyRange);
for (const method of ['getImage', 'getBuildStage'])
  scanOnce(From.prototype, method, Symbol(method), (text: string | null) => text);

// Comments: the tree's own list, which every user of the shared tree reads (semantic tokens splice it).
const templateProto = Object.getPrototypeOf(dockerfileProto) as { getComments(): unknown[] };
const ownComments = templateProto.getComments;
templateProto.getComments = function getCommentsCopy(this: unknown): unknown[] {
  return ownComments.call(this).slice();
};

/** For the equivalence test: compare results with and without the arguments memo. */
export function setArgumentsMemo(on: boolean): void {
  argumentsMemo = on;
}

/**
 * The parse memo off: for the equivalence test, and for the benchmark, where analyze() must pay for
 * its own parse each round (in the server the memo pays off only because other features parse the
 * same text).
 */
export function setParseMemo(on: boolean): void {
  parseMemo = on;
  forgetParses();
}

/** Drops the kept parses: the next text is parsed anew, as a new version of a document is (timings of one). */
export function forgetParses(): void {
  recent.length = 0;
}

// Containing image: dockerfile-ast walks every stage, recomputing its range, for each position
// asked (the validator asks once per variable: ~160 ms of a 1 000-line file's first diagnostics).
// Stage ranges are computed once per tree and searched by bisection. Stages come in text order and
// do not overlap; a tree where they would is left to the walk, so the answer is always the walk's.
type Pos = { line: number; character: number };
type Ranged = { getRange(): { start: Pos; end: Pos } };
type Container = {
  getContainingImage(position: Pos): unknown;
  buildStages: Ranged[];
  initialInstructions: Ranged & { getComments(): unknown[]; getInstructions(): unknown[] };
};
const STAGE_INDEX = Symbol('stageIndex');
type StageIndex = (StageRanges & { initial: { start: Pos; end: Pos } | null }) | null;
const containerProto = dockerfileProto as unknown as Container;
const containingImage = containerProto.getContainingImage;
const before = (a: Pos, b: Pos) => a.line < b.line || (a.line === b.line && a.character < b.character);

const inside = (p: Pos, r: { start: Pos; end: Pos }) => !before(p, r.start) && !before(r.end, p);

type StageRanges = { starts: Pos[]; ends: Pos[] };

/** The stages' ranges in text order (their instructions' only), or null when two would overlap. */
function stageRanges(stages: readonly Ranged[]): StageRanges | null {
  const starts: Pos[] = [];
  const ends: Pos[] = [];
  for (const stage of stages) {
    const { start, end } = stage.getRange();
    if (ends.length > 0 && !before(ends[ends.length - 1], start)) return null;
    starts.push(start);
    ends.push(end);
  }
  return { starts, ends };
}

/** The index of the stage whose range holds `position`, by bisection, or -1. */
function stageHolding({ starts, ends }: StageRanges, position: Pos): number {
  // The first stage whose end is not before the position: the only one that can contain it.
  const lo = partitionPoint(ends.length, (i) => before(ends[i], position));
  return lo < ends.length && !before(position, starts[lo]) ? lo : -1;
}

function stageIndex(dockerfile: Container): StageIndex {
  const ranges = stageRanges(dockerfile.buildStages);
  if (!ranges) return null;
  const first = dockerfile.initialInstructions;
  const hasInitial = first.getComments().length > 0 || first.getInstructions().length > 0;
  return { ...ranges, initial: hasInitial ? first.getRange() : null };
}

containerProto.getContainingImage = function getContainingImageIndexed(
  this: Container & { [STAGE_INDEX]?: StageIndex },
  position: Pos,
) {
  if (!argumentsMemo) return containingImage.call(this, position);
  let index = this[STAGE_INDEX];
  if (index === undefined) this[STAGE_INDEX] = index = stageIndex(this);
  if (index === null) return containingImage.call(this, position);
  const lo = stageHolding(index, position);
  const { initial } = index;
  if (lo >= 0) {
    // Inside stage lo (so inside the document): the walk answers the same unless the position is
    // also inside the instructions before the first FROM, which it checks first.
    if (initial === null || !inside(position, initial)) return this.buildStages[lo];
  }
  return containingImage.call(this, position);
};

// Variable look-ups, continued: dockerfile-ast's Dockerfile.resolveVariable first asks whether the line is
// inside a FROM, by collecting the FROMs from every instruction of the file and asking each its range,
// per look-up (the validator looks up every variable: ~200 ms per version of a 1 MB file). The lines FROMs
// span are kept once per tree; the rest are dockerfile-ast's own steps, in its order.
const FROM_LINES = Symbol('fromLines');
const INITIAL_ARGS = Symbol('initialArgs');
type Template = Resolver & { addInstruction(instruction: unknown): void };
type FileResolver = {
  getFROMs(): Ranged[];
  getContainingImage(position: Pos): Resolver | null;
  initialInstructions: { getARGs(): unknown[] };
  [FROM_LINES]?: Set<number>;
  [INITIAL_ARGS]?: Template;
};
const ImageTemplateClass = (templateProto as unknown as { constructor: new () => Template }).constructor;

function resolveWithFromLines(this: FileResolver, name: string, line: number): string | null | undefined {
  let fromLines = this[FROM_LINES];
  if (!fromLines) {
    fromLines = new Set();
    for (const from of this.getFROMs()) {
      const { start, end } = from.getRange();
      for (let l = start.line; l <= end.line; l++) fromLines.add(l);
    }
    this[FROM_LINES] = fromLines;
  }
  const initialArgs = () => initialArgsImage(this).resolveVariable(name, line);
  // A FROM's variables come from the ARGs before the first FROM only.
  if (fromLines.has(line)) return initialArgs();
  const image = this.getContainingImage({ line, character: 0 });
  if (image === null) return undefined;
  const value = image.resolveVariable(name, line);
  // An ARG declared without a value in the stage: the one before the first FROM, if any.
  return value === null ? initialArgs() : value;
}

/**
 * The ARGs before the first FROM in an image of their own, as dockerfile-ast builds one per look-up; kept
 * per tree (one per look-up was quadratic: 1,000 global ARGs used by 1,000 FROMs, 0.2 s per version).
 */
function initialArgsImage(file: FileResolver): Template {
  let template = file[INITIAL_ARGS];
  if (!template) {
    template = new ImageTemplateClass();
    for (const arg of file.initialInstructions.getARGs()) template.addInstruction(arg);
    file[INITIAL_ARGS] = template;
  }
  return template;
}

// Comments: the parser gives each comment to the instructions before the first FROM or to the stage
// whose range holds it, asking every stage for its range per comment (comments × stages: ~100 ms per
// version of a 1 MB file). Stage ranges (their instructions' only, which adding comments does not move)
// are taken once and searched by bisection; stages that would overlap are left to the walk.
type Organizing = {
  organizeComments(): void;
  getComments(): { getRange(): { start: Pos; end: Pos } }[];
  initialInstructions: Ranged & { addComment(comment: unknown): void };
  buildStages: (Ranged & { addComment(comment: unknown): void })[];
};
const organizingProto = dockerfileProto as unknown as Organizing;
const organizeComments = organizingProto.organizeComments;
organizingProto.organizeComments = function organizeCommentsIndexed(this: Organizing): void {
  const ranges = argumentsMemo ? stageRanges(this.buildStages) : null;
  if (!ranges) {
    organizeComments.call(this);
    return;
  }
  const initial = this.initialInstructions.getRange();
  for (const comment of this.getComments()) {
    const { start, end } = comment.getRange();
    if (inside(end, initial)) {
      this.initialInstructions.addComment(comment);
      continue;
    }
    const stage = stageHolding(ranges, start);
    if (stage >= 0) this.buildStages[stage].addComment(comment);
  }
};

// Variable definitions: an image answers "what is $NAME on line L" (and the scan of each instruction's
// variables asks "is it a build argument") by walking all its ENVs, then all its ARGs, from the last one
// back, per look-up: quadratic in a stage of many ENV/ARG lines that use each other (2,000 `ENV A<i>=$A<i-1>`
// lines: 1.2 s per version in the validator). Each image's definitions are indexed once by name, in
// instruction order, and the last one starting before the line is found by bisection: the walk's answer.
const DEFINITIONS = Symbol('definitions');
type Property = { getName(): string; getValue(): string | null };
type Definition = { line: number; property: Property };
type Definitions = { count: number; env: Map<string, Definition[]>; arg: Map<string, Definition[]> };
type DefiningImage = {
  instructions: { range: { start: Pos } }[];
  resolveVariable(name: string, line: number): string | null | undefined;
  [DEFINITIONS]?: Definitions;
};

function definitionsOf(image: DefiningImage): Definitions {
  const kept = image[DEFINITIONS];
  // Instructions are only added while parsing; a count that moved means an image still being built.
  if (kept && kept.count === image.instructions.length) return kept;
  const env = new Map<string, Definition[]>();
  const arg = new Map<string, Definition[]>();
  const add = (into: Map<string, Definition[]>, line: number, property: Property) =>
    pushTo(into, property.getName(), { line, property });
  for (const instruction of image.instructions) {
    const line = instruction.range.start.line;
    if (instruction instanceof Env) {
      // The first property of a name in one ENV is the one the walk finds.
      const names = new Set<string>();
      for (const property of (instruction as unknown as { getProperties(): Property[] }).getProperties()) {
        if (names.has(property.getName())) continue;
        names.add(property.getName());
        add(env, line, property);
      }
    } else if (instruction instanceof Arg) {
      const property = (instruction as unknown as { getProperty(): Property | null }).getProperty();
      if (property) add(arg, line, property);
    }
  }
  const definitions = { count: image.instructions.length, env, arg };
  image[DEFINITIONS] = definitions;
  return definitions;
}

/** The last definition starting on a line before `line` (definitions are in line order), if any. */
function lastBefore(definitions: Definition[] | undefined, line: number): Definition | undefined {
  if (!definitions) return undefined;
  const after = partitionPoint(definitions.length, (i) => definitions[i].line < line);
  return after > 0 ? definitions[after - 1] : undefined;
}

const imageProto = templateProto as unknown as DefiningImage;
const resolveInImage = imageProto.resolveVariable;
imageProto.resolveVariable = function resolveVariableIndexed(this: DefiningImage, name: string, line: number) {
  if (!argumentsMemo) return resolveInImage.call(this, name, line);
  const { env, arg } = definitionsOf(this);
  const defined = lastBefore(env.get(name), line) ?? lastBefore(arg.get(name), line);
  return defined ? defined.property.getValue() : undefined;
};

type BuildVariableAsker = {
  isBuildVariable(name: string, line: number): boolean | undefined;
  getKeyword(): string;
  dockerfile: { getContainingImage(position: Pos): DefiningImage | null };
};
const askerProto = Instruction.prototype as unknown as BuildVariableAsker;
const isBuildVariable = askerProto.isBuildVariable;
askerProto.isBuildVariable = function isBuildVariableIndexed(this: BuildVariableAsker, name: string, line: number) {
  if (argumentsMemo && this.getKeyword() === 'FROM') {
    // A FROM's build arguments are the ARGs before the first FROM, any of them: the kept image of those
    // ARGs, by name (a walk of them per variable was quadratic: 12,500 global ARGs each used by a FROM,
    // 31 s per version).
    const initial = initialArgsImage(this.dockerfile as unknown as FileResolver) as unknown as DefiningImage;
    return definitionsOf(initial).arg.has(name) ? true : undefined;
  }
  // An instruction outside every image is left to the walk.
  const image = argumentsMemo && this.dockerfile.getContainingImage({ line, character: 0 });
  if (!image) return isBuildVariable.call(this, name, line);
  const { env, arg } = definitionsOf(image);
  if (lastBefore(env.get(name), line)) return false;
  return lastBefore(arg.get(name), line) ? true : undefined;
};

// Offsets to positions: the parser and every argument scan convert offsets in text order, and the text
// document bisects all the file's line starts for each (~17 steps on a 1 MB file, a few million
// conversions per version). The line found last, or the one after it, usually holds the next offset:
// check those first. The answer is the bisection's (the line whose start is the last at or before the
// offset), and the line starts are read afresh each time (incremental edits update them in place).
// The document class is vscode-languageserver-textdocument's, shared with the server's open documents.
const LAST_LINE = Symbol('lastLine');
type LineDocument = {
  _content: string;
  getLineOffsets(): number[];
  ensureBeforeEOL?(offset: number, lineOffset: number): number;
  positionAt(offset: number): Pos;
  [LAST_LINE]?: number;
};
const documentProto = Object.getPrototypeOf(
  (parse('FROM a').getInstructions()[0] as unknown as { document: object }).document,
) as LineDocument;
const bisectPosition = documentProto.positionAt;
const lineHolding = (starts: number[], line: number, offset: number) =>
  line >= 0 &&
  line < starts.length &&
  starts[line] <= offset &&
  (line + 1 === starts.length || starts[line + 1] > offset);
// Only for the version of the class this was written against (its positionAt clips the offset, bisects,
// then keeps it before the line's end of line): another version keeps its own.
if (typeof documentProto.ensureBeforeEOL === 'function' && typeof documentProto.getLineOffsets === 'function')
  documentProto.positionAt = function positionNearLastLine(this: LineDocument, offset: number): Pos {
    if (!argumentsMemo) return bisectPosition.call(this, offset);
    const clipped = Math.max(Math.min(offset, this._content.length), 0);
    const starts = this.getLineOffsets();
    const last = this[LAST_LINE] ?? 0;
    const line = lineHolding(starts, last, clipped) ? last : lineHolding(starts, last + 1, clipped) ? last + 1 : -1;
    if (line < 0) {
      const position = bisectPosition.call(this, offset);
      this[LAST_LINE] = position.line;
      return position;
    }
    this[LAST_LINE] = line;
    const character =
      (this.ensureBeforeEOL as (o: number, l: number) => number).call(this, clipped, starts[line]) - starts[line];
    return { line, character };
  };
