// dockerfile-utils' validator groups the FROMs by stage name in a plain object, one key per stage, then
// walks it with for…in: a file of 47,000 stages took ~80 ms per version there (an object of that many
// keys is a slow dictionary). The same grouping in a Map, with the object's key order kept (names that
// are array indices come first, ascending; then the others as first seen), so the diagnostics and their
// order are identical (test/robustness/astMemo.test.ts compares them with the original).
import { Validator } from 'dockerfile-utils/lib/dockerValidator';
import { pushTo } from '../core/collections';

type StageFrom = {
  getBuildStage(): string | null;
  getBuildStageRange(): unknown;
  getInstructionRange(): { start: { line: number } };
};
type Grouping = { createDuplicateBuildStageNameDiagnostics(problems: unknown[], froms: StageFrom[]): void };
type DiagnosticFactory = { createDuplicateBuildStageName(line: number, range: unknown, name: string): unknown };

const proto = Validator.prototype as unknown as Grouping;
const group = proto.createDuplicateBuildStageNameDiagnostics;
const factory = Validator as unknown as DiagnosticFactory;
let enabled = true;

/** An object's integer-like keys, which it orders before every other key: "0" … "4294967294", canonical. */
const ARRAY_INDEX = /^(?:0|[1-9]\d{0,9})$/;
const isArrayIndex = (key: string) => ARRAY_INDEX.test(key) && Number(key) < 4294967295;

if (typeof group === 'function' && typeof factory.createDuplicateBuildStageName === 'function') {
  proto.createDuplicateBuildStageNameDiagnostics = function groupInMap(this: Grouping, problems, froms) {
    if (!enabled) return group.call(this, problems, froms);
    const named = new Map<string, StageFrom[]>();
    for (const from of froms) {
      const name = from.getBuildStage();
      if (name === null) continue;
      pushTo(named, name.toLowerCase(), from);
    }
    const duplicated = [...named].filter(([, same]) => same.length > 1);
    const indices = duplicated.filter(([name]) => isArrayIndex(name)).sort(([a], [b]) => Number(a) - Number(b));
    const others = duplicated.filter(([name]) => !isArrayIndex(name));
    for (const [name, same] of [...indices, ...others])
      for (const from of same)
        problems.push(
          factory.createDuplicateBuildStageName(from.getInstructionRange().start.line, from.getBuildStageRange(), name),
        );
  };
}

/** For the equivalence test only. */
export function setValidatorSpeedup(on: boolean): void {
  enabled = on;
}
