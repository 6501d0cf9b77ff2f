// dockerfile-ast rescans an instruction's text for its arguments (with offset→position
// conversions) on every getter: getFlags, getImage, getBuildStage, getArgumentsContent... each
// parse scans every instruction ~5 times, and the server parses twice per keystroke (Layerwise's
// model and the built-in validation). Instructions never change after parsing, so scan once per
// instruction, for every user of the one dockerfile-ast copy in the bundle. Callers get fresh
// arrays, Arguments and Ranges: ModifiableInstruction shifts its flags off the array and From
// assigns new start/end positions to the ranges it gets.
import { Argument, Instruction } from 'dockerfile-ast';

type WithRawArguments = { getRawArguments(this: Instruction): Argument[] };

const proto = Instruction.prototype as unknown as WithRawArguments;
const scan = proto.getRawArguments;
const scanned = new WeakMap<Instruction, Argument[]>();
let enabled = true;

proto.getRawArguments = function getRawArgumentsOnce(this: Instruction): Argument[] {
  if (!enabled) return scan.call(this);
  let args = scanned.get(this);
  if (!args) scanned.set(this, (args = scan.call(this)));
  // New Range objects (From assigns their start/end); Positions are never mutated by anyone, so they are shared.
  return args.map((a) => {
    const { start, end } = a.getRange();
    return new Argument(a.getValue(), { start, end });
  });
};

/** For the equivalence test only: compare results with and without the memo. */
export function setArgumentsMemo(on: boolean): void {
  enabled = on;
}
