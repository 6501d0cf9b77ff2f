// `source.fixAll.layerwise`: every safe fix at once, as one set of non-overlapping edits.
// Applying the result and analysing again yields no further safe fix for the same findings,
// so a second run changes nothing.
import type { FileEdit, Finding, Fix } from '../core/findings';
import { isTextEdit } from '../core/findings';

export function collectSafeFixes(findings: Finding[]): Fix | undefined {
  const edits: FileEdit[] = [];
  const taken: { file?: string; start: number; end: number }[] = [];
  const creates = new Set<string>();
  const key = (l: number, c: number) => l * 1_000_000 + c;
  for (const finding of findings) {
    const fix = finding.fixes?.find((f) => f.safe);
    if (!fix) continue;
    const spans = fix.edits.filter(isTextEdit).map((e) => ({ file: e.file, start: key(e.range.start.line, e.range.start.character), end: key(e.range.end.line, e.range.end.character) }));
    const overlaps = spans.some((s) => taken.some((t) => t.file === s.file && s.start < t.end && t.start < s.end || (t.file === s.file && s.start === s.end && t.start === s.start)));
    const createsClash = fix.edits.some((e) => !isTextEdit(e) && creates.has(e.createFile));
    if (overlaps || createsClash) continue;
    taken.push(...spans);
    for (const e of fix.edits) if (!isTextEdit(e)) creates.add(e.createFile);
    edits.push(...fix.edits);
  }
  return edits.length ? { title: 'Fix all safe Layerwise findings', edits, safe: true } : undefined;
}
