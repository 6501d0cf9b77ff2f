// `source.fixAll.layerwise` and `layerwise fix`: every safe fix, applied until none is left.
// One round takes the non-overlapping safe fixes of one analysis; fixes that touched the same
// text wait for the next round. Rounds repeat until the text stops changing, so the result is a
// fixed point: applying fixAll to it again changes nothing.
import type { FileEdit, Finding, Fix } from '../core/findings';
import { isTextEdit } from '../core/findings';
import { applyTextEdits, changedSpan, otherFileEdits } from '../core/edits';
import { append, partitionPoint } from '../core/collections';

const MAX_ROUNDS = 10;

export const FIX_ALL_TITLE = 'Fix all safe Layerwise findings';

/** The safe fixes of one analysis that do not overlap each other (first come, first kept). */
export function collectSafeFixes(findings: Finding[]): Fix | undefined {
  const picked = pickSafeFixes(findings);
  return picked.length ? { title: FIX_ALL_TITLE, edits: picked.flatMap((f) => f.edits), safe: true } : undefined;
}

function pickSafeFixes(findings: Finding[]): Fix[] {
  const picked: Fix[] = [];
  const taken = new TakenSpans();
  const creates = new Set<string>();
  const key = (l: number, c: number) => l * 1_000_000 + c;
  const pickedOnce = new Set<Fix>();
  for (const finding of findings) {
    const fix = finding.fixes?.find((f) => f.safe);
    // Findings share fixes (naming stage 0 renames each numeric reference to it, one fix for all of them):
    // a fix taken once clashes with itself, and its spans were gathered again per finding (quadratic).
    if (!fix || pickedOnce.has(fix)) continue;
    const spans = fix.edits.filter(isTextEdit).map((e) => ({
      file: e.file,
      start: key(e.range.start.line, e.range.start.character),
      end: key(e.range.end.line, e.range.end.character),
    }));
    const overlaps = spans.some((s) => taken.clashes(s));
    const createsClash = fix.edits.some((e) => !isTextEdit(e) && creates.has(e.createFile));
    if (overlaps || createsClash) continue;
    for (const s of spans) taken.add(s);
    for (const e of fix.edits) if (!isTextEdit(e)) creates.add(e.createFile);
    picked.push(fix);
    pickedOnce.add(fix);
  }
  return picked;
}

interface Span {
  file?: string;
  start: number;
  end: number;
}

/** Two spans one fix may not take after the other: overlapping, starting together, or an insert at the other's end. */
const clash = (s: Span, t: Span) =>
  t.file === s.file &&
  ((s.start < t.end && t.start < s.end) ||
    s.start === t.start ||
    (s.start === s.end && s.start === t.end) ||
    (t.start === t.end && t.start === s.end));

/**
 * The spans the picked fixes edit, per file, in order of start. A fix is only taken when none of its spans
 * clashes with one taken, so taken spans do not overlap and their ends ascend with their starts: the spans
 * a new one can clash with (ending at or after its start, starting at or before its end) are consecutive,
 * and found by bisection. (A check against every taken span was quadratic: 50,000 safe fixes of a 1 MB
 * file, seconds per code-action request.) One fix's own spans are not checked against each other; if
 * they overlap, the ends no longer ascend and that file's spans are checked one by one from then on.
 */
class TakenSpans {
  private readonly byFile = new Map<string | undefined, { spans: Span[]; inOrder: boolean }>();

  clashes(s: Span): boolean {
    const taken = this.byFile.get(s.file);
    if (!taken) return false;
    const { spans } = taken;
    if (!taken.inOrder) return spans.some((t) => clash(s, t));
    for (
      let i = partitionPoint(spans.length, (j) => spans[j].end < s.start);
      i < spans.length && spans[i].start <= s.end;
      i++
    )
      if (clash(s, spans[i])) return true;
    return false;
  }

  add(s: Span): void {
    let taken = this.byFile.get(s.file);
    if (!taken) this.byFile.set(s.file, (taken = { spans: [], inOrder: true }));
    const { spans } = taken;
    // Fixes mostly come in text order: the place is usually the end.
    const at = partitionPoint(spans.length, (j) => spans[j].start <= s.start);
    if ((at > 0 && spans[at - 1].end > s.end) || (at < spans.length && s.end > spans[at].end)) taken.inOrder = false;
    if (at === spans.length) spans.push(s);
    else spans.splice(at, 0, s);
  }
}

export interface FixAllResult {
  text: string;
  /** Edits to other files (e.g. creating `.dockerignore`), from the round that first offered them. */
  otherEdits: FileEdit[];
  /** Titles of the fixes applied, in order. */
  applied: string[];
  /** True when the last round found nothing more to apply (always, unless MAX_ROUNDS ran out). */
  settled: boolean;
}

/** Applies safe fixes round after round; `lint` analyses a text exactly as the caller would. */
export function fixAllText(text: string, lint: (text: string) => Finding[]): FixAllResult {
  let current = text;
  const otherEdits: FileEdit[] = [];
  const otherFiles = new Set<string>();
  const applied: string[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const findings = lint(current).map((f) => ({
      ...f,
      fixes: f.fixes?.filter((fix) => fix.safe && !touchesDoneFile(fix, otherFiles)),
    }));
    const fixes = pickSafeFixes(findings);
    if (!fixes.length) return { text: current, otherEdits, applied, settled: true };
    const edits = fixes.flatMap((f) => f.edits);
    const next = applyTextEdits(current, edits);
    const others = otherFileEdits(edits);
    for (const e of others) otherFiles.add(isTextEdit(e) ? e.file! : e.createFile);
    append(otherEdits, others);
    append(
      applied,
      fixes.map((f) => f.title),
    );
    if (next === current && others.length === 0) return { text: current, otherEdits, applied, settled: true };
    current = next;
  }
  return { text: current, otherEdits, applied, settled: false };
}

/** A fix whose other-file edits target a file an earlier round already changed: the disk does not show that yet. */
function touchesDoneFile(fix: Fix, done: Set<string>): boolean {
  return fix.edits.some((e) => (isTextEdit(e) ? e.file !== undefined && done.has(e.file) : done.has(e.createFile)));
}

/** fixAllText as one Fix: one edit spanning only the changed part of the Dockerfile (the editor keeps the cursor elsewhere), plus the other files' edits. */
export function fixAllAsFix(text: string, lint: (text: string) => Finding[]): Fix | undefined {
  const result = fixAllText(text, lint);
  if (result.text === text && result.otherEdits.length === 0) return undefined;
  const edits: FileEdit[] = [...result.otherEdits];
  if (result.text !== text) edits.unshift(changedSpan(text, result.text));
  return { title: FIX_ALL_TITLE, edits, safe: true };
}
