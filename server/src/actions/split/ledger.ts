// The split's ledger: for every instruction of the original, the stages that carry it (kept as
// written or rewritten) and the notes at the top that name it. An instruction with neither was
// lost, which the split must never do; callers and tests read the ledger to check that.
import { commandText } from '../../core/commands';
import type { SplitPlan } from './plan';
import type { SourceFacts, SourceItem } from './read';

export interface LedgerEntry {
  /** 1-based line of the original instruction. */
  line: number;
  keyword: string;
  /** The instruction's arguments as written (continuations joined). */
  text: string;
  /** Stages that carry the instruction, kept or rewritten (a name twice: two nodes in one stage). */
  stages: string[];
  /** Indexes of the plan's notes (warnings) that name the instruction. */
  notes: number[];
}

/** A note names an instruction when it quotes it, one of its commands, or its line. */
function names(note: string, item: SourceItem): boolean {
  const quoted = (t: string) => t.trim() !== '' && note.includes(`\`${t.trim()}\``);
  if (quoted(`${item.ins.keyword} ${item.ins.argsText}`)) return true;
  if (item.ins.keyword === 'RUN' && quoted(item.ins.argsText)) return true;
  if (item.ins.commands.some((c) => quoted(commandText(c)))) return true;
  return new RegExp(`\\bline ${item.ins.range.start.line + 1}\\b`).test(note);
}

export function ledgerOf(src: SourceFacts, plan: SplitPlan): LedgerEntry[] {
  const stagesOf = new Map<SourceItem, string[]>();
  for (const stage of plan.stages)
    for (const node of stage.nodes)
      for (const item of node.origin ?? []) stagesOf.set(item, [...(stagesOf.get(item) ?? []), stage.name]);
  return src.items.map((item) => ({
    line: item.ins.range.start.line + 1,
    keyword: item.ins.keyword,
    text: item.ins.argsText,
    stages: stagesOf.get(item) ?? [],
    notes: plan.warnings.flatMap((w, i) => (names(w, item) ? [i] : [])),
  }));
}

/** Entries neither carried by a stage nor named in a note. */
export function lostInstructions(ledger: LedgerEntry[]): LedgerEntry[] {
  return ledger.filter((e) => e.stages.length === 0 && e.notes.length === 0);
}
