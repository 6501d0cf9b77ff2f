// fixAll on files with tens of thousands of safe fixes: picking the fixes that do not clash and applying
// their edits are no longer quadratic (50,000 `npm cache clean` fixes of a 1 MB file took minutes), and
// give what the one-by-one algorithms they replaced gave. Those algorithms are kept here as the reference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyTextEdits } from '../../server/src/core/edits';
import { collectSafeFixes, fixAllText } from '../../server/src/actions/fixAll';
import type { FileEdit, Finding, Fix } from '../../server/src/core/findings';

type TextEdit = Extract<FileEdit, { range: unknown }>;
import { isTextEdit } from '../../server/src/core/findings';
import { lintText } from '../../server/src/lint/lintFile';
import { cpuMs } from '../../bench/stats';
import { ADVERSARIAL_CLASSES } from '../robustness/adversarial';

/** A small deterministic generator (the same cases on every run). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** The one-by-one application applyTextEdits replaced: the text rebuilt per edit, from the last one. */
function applyOneByOne(text: string, edits: FileEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (p: { line: number; character: number }) =>
    p.line >= starts.length ? text.length : Math.min(starts[p.line] + p.character, text.length);
  const own = edits
    .filter(isTextEdit)
    .filter((e) => !e.file)
    .map((e, order) => ({ start: offset(e.range.start), end: offset(e.range.end), newText: e.newText, order }));
  own.sort((a, b) => b.start - a.start || b.end - a.end || b.order - a.order);
  let out = text;
  let tail = text.length;
  for (const e of own) {
    if (e.end > tail || e.start > e.end) overlapsSeen++;
    tail = e.start;
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  }
  return out;
}
/** Edit lists applyOneByOne was given whose edits reach into each other (or end before they start). */
let overlapsSeen = 0;

/**
 * The picking fixAll replaced, stated on positions: a fix is taken unless one of its edits clashes with an
 * edit of a fix taken before (same file, and overlapping, starting at the same place, or an insert at the
 * other's end), or it creates a file a taken fix creates.
 */
function pickOneByOne(findings: Finding[]): Fix[] {
  type Position = { line: number; character: number };
  const compare = (a: Position, b: Position) => a.line - b.line || a.character - b.character;
  const empty = (e: TextEdit) => compare(e.range.start, e.range.end) === 0;
  const clash = (s: TextEdit, t: TextEdit) =>
    s.file === t.file &&
    ((compare(s.range.start, t.range.end) < 0 && compare(t.range.start, s.range.end) < 0) ||
      compare(s.range.start, t.range.start) === 0 ||
      (empty(s) && compare(s.range.start, t.range.end) === 0) ||
      (empty(t) && compare(t.range.start, s.range.end) === 0));
  const picked: Fix[] = [];
  const takenEdits: TextEdit[] = [];
  const created: string[] = [];
  for (const finding of findings) {
    const fix = finding.fixes?.find((f) => f.safe);
    if (!fix) continue;
    const edits = fix.edits.filter(isTextEdit);
    const creates = fix.edits.flatMap((e) => (isTextEdit(e) ? [] : [e.createFile]));
    if (edits.some((s) => takenEdits.some((t) => clash(s, t))) || creates.some((c) => created.includes(c))) continue;
    takenEdits.push(...edits);
    created.push(...creates);
    picked.push(fix);
  }
  return picked;
}

const TEXT = Array.from({ length: 12 }, (_, i) => `LINE ${i} ${'abcdefgh'.slice(0, (i % 8) + 1)}`).join('\n');

function randomEdit(next: () => number, lines: number, maxLength: number, file?: string): FileEdit {
  const line = Math.floor(next() * lines);
  const character = Math.floor(next() * 14);
  const endLine = next() < 0.2 ? line + Math.floor(next() * 2) : line;
  const endCharacter = endLine === line ? character + Math.floor(next() * maxLength) : Math.floor(next() * 14);
  return {
    ...(file ? { file } : {}),
    range: { start: { line, character }, end: { line: endLine, character: endCharacter } },
    newText: next() < 0.3 ? '' : `<${Math.floor(next() * 100)}>`,
  };
}

test('applyTextEdits gives what applying the edits one by one gave: disjoint, touching, same place, overlapping', () => {
  const next = random(7);
  overlapsSeen = 0;
  for (let round = 0; round < 3_000; round++) {
    const count = 1 + Math.floor(next() * 6);
    const edits = Array.from({ length: count }, () => randomEdit(next, 13, round % 3 === 0 ? 6 : 3));
    assert.equal(applyTextEdits(TEXT, edits), applyOneByOne(TEXT, edits), JSON.stringify(edits));
  }
  // Both ways through applyTextEdits were taken: edits apart, and edits reaching into each other.
  assert.ok(overlapsSeen > 300 && overlapsSeen < 2_700, `edit lists that overlap: ${overlapsSeen} of 3,000`);
});

test('collectSafeFixes picks the fixes the check against every taken span picked', () => {
  const next = random(11);
  for (let round = 0; round < 2_000; round++) {
    const fixes: Fix[] = [];
    const findings: Finding[] = Array.from({ length: 1 + Math.floor(next() * 12) }, (_, i) => {
      const edits: FileEdit[] = Array.from({ length: 1 + Math.floor(next() * 3) }, () =>
        next() < 0.1
          ? { createFile: next() < 0.5 ? '/w/.dockerignore' : '/w/other', text: 'x' }
          : randomEdit(next, 6, 4, next() < 0.15 ? '/w/package.json' : undefined),
      );
      // Findings may share one fix (as every numeric reference to a stage shares its renaming).
      const fix =
        fixes.length > 0 && next() < 0.2
          ? fixes[Math.floor(next() * fixes.length)]
          : { title: `fix ${i}`, edits, safe: next() < 0.8 };
      fixes.push(fix);
      return {
        rule: 'r',
        severity: 'warning',
        message: `finding ${i}`,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
        fixes: [fix],
      };
    });
    const expected = pickOneByOne(findings).flatMap((f) => f.edits);
    assert.deepEqual(collectSafeFixes(findings)?.edits ?? [], expected, JSON.stringify(findings));
  }
});

test('fixAll stays about linear in the fixes: 4× the bytes, under 8× the time', () => {
  // Stage 0 read by number: one renaming fix shared by every reference (its spans were gathered per finding).
  for (const name of ['`COPY . .` and `npm ci`, repeated', 'unnamed stages', 'stages each reading stage 0 by number']) {
    const inputClass = ADVERSARIAL_CLASSES.find((c) => c.name === name);
    assert.ok(inputClass, name);
    // The least of three rounds: test files run side by side, and other work only ever adds time.
    const cost = (bytes: number) => {
      const text = inputClass.ofSize(bytes);
      let least = Number.POSITIVE_INFINITY;
      for (let round = 0; round < 3; round++) {
        const t0 = cpuMs();
        fixAllText(text, (t) => lintText(t).findings);
        least = Math.min(least, cpuMs() - t0);
      }
      const fixable = lintText(text).findings.filter((f) => f.fixes?.some((fix) => fix.safe)).length;
      return { ms: least, fixable };
    };
    const small = cost(25_000);
    const large = cost(100_000);
    assert.ok(
      large.fixable > 3 * small.fixable && large.fixable > 2_000,
      `${name}: findings with a safe fix ${small.fixable}, ${large.fixable}`,
    );
    assert.ok(
      large.ms < small.ms * 8 + 60,
      `${name}: 25 kB ${small.ms.toFixed(0)} ms, 100 kB ${large.ms.toFixed(0)} ms (${large.fixable} findings with a safe fix)`,
    );
  }
});
