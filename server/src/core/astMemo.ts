// dockerfile-ast does the same work again and again, for every user of the one copy in the bundle:
// - the server parses the same text several times per keystroke (Layerwise's model, the built-in
//   validator, semantic tokens, then hover, code actions, folding…): keep the last few parses,
//   keyed by the exact text, and hand every caller the same tree;
// - each instruction rescans its text for its arguments (with offset→position conversions) on
//   every getter (getFlags, getImage, getBuildStage, getArgumentsContent…, ~5 per instruction):
//   scan once per instruction.
// Both are safe because nobody mutates the tree, with two exceptions handled here: ModifiableInstruction
// shifts its flags off the arguments array it gets (so callers get a fresh array), and From assigns
// new start/end positions to its image argument's Range (so From gets fresh Arguments and Ranges).
// test/robustness/astMemo.test.ts checks that every consumer's output is identical with and without.
import { Argument, DockerfileParser, From, Instruction, type Dockerfile } from 'dockerfile-ast';

type WithRawArguments = { getRawArguments(this: Instruction): Argument[] };
/** The scan's result, kept on the instruction under a symbol (a WeakMap lookup per getter cost more). */
const SCANNED = Symbol('scannedArguments');
type WithScan = Instruction & { [SCANNED]?: Argument[] };
// Read once: the bundler turns each use of an imported class into a getter call.
const FromInstruction = From;
const ArgumentClass = Argument;

const proto = Instruction.prototype as unknown as WithRawArguments;
const scan = proto.getRawArguments;
let argumentsMemo = true;

proto.getRawArguments = function getRawArgumentsOnce(this: WithScan): Argument[] {
  if (!argumentsMemo) return scan.call(this);
  let args = this[SCANNED];
  if (!args) Object.defineProperty(this, SCANNED, { value: (args = scan.call(this)) });
  if (!(this instanceof FromInstruction)) return args.slice();
  // Positions are never mutated by anyone, so they are shared.
  return args.map((a) => {
    const { start, end } = a.getRange();
    return new ArgumentClass(a.getValue(), { start, end });
  });
};

/** The texts parsed last (most recent first): an editor's open documents, each at its latest version. */
const RECENT_PARSES = 4;
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
  recent.length = Math.min(recent.length, RECENT_PARSES);
  return dockerfile;
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
  recent.length = 0;
}
