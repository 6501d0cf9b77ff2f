// Every answer the server sends must be valid LSP for the text the editor has: ranges inside the
// document with start ≤ end, completion edits on one line containing the cursor, semantic tokens
// with non-negative deltas and a length. dockerfile-language-service breaks each of these on odd
// text (found by test/robustness's incremental-edit fuzzing): a diagnostic one line past the end
// (`RUN npm ci \` + newline), a completion edit spanning two lines (`RUN echo $\`), a token delta
// of -2 (`HEALTHCHECK N --=`), a zero-length token (`ENV =x`). Clients differ in what they do with
// such answers (VS Code clamps, Neovim 0.7 errors out of its handler), so they are mended here.
import type { CompletionItem, CompletionList, Position, Range } from 'vscode-languageserver-types';

/** The document's lines, without their terminators (as LSP counts them). */
// Every feature answering a request on one version splits the same text (validator, tokens, diagnostics:
// three times per keystroke, 6 MB of garbage for a 1 MB file): the last split is kept.
let lastContent: string | undefined;
let lastLines: readonly string[] = [];

export function documentLines(content: string): readonly string[] {
  if (content !== lastContent) {
    lastLines = content.split(/\r\n|\r|\n/);
    lastContent = content;
  }
  return lastLines;
}

export function clampPosition(p: Position, lines: readonly string[]): Position {
  const last = lines.length - 1;
  if (!(p.line >= 0)) return { line: 0, character: 0 };
  if (p.line > last) return { line: last, character: lines[last].length };
  return { line: p.line, character: Math.min(Math.max(0, p.character || 0), lines[p.line].length) };
}

const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character < b.character);

/** The range moved inside the document, start ≤ end. */
export function clampRange(r: Range, lines: readonly string[]): Range {
  const start = clampPosition(r.start, lines);
  const end = clampPosition(r.end, lines);
  return before(end, start) ? { start, end: start } : { start, end };
}

const isPosition = (v: unknown): v is Position =>
  !!v && typeof (v as Position).line === 'number' && typeof (v as Position).character === 'number';
const isRange = (v: unknown): v is Range =>
  !!v && typeof v === 'object' && isPosition((v as Range).start) && isPosition((v as Range).end);

/** A copy of `value` with every range in it (any object with start/end positions) clamped into the document. */
export function clampRanges<T>(value: T, lines: readonly string[]): T {
  if (Array.isArray(value)) return value.map((v) => clampRanges(v, lines)) as T;
  if (isRange(value)) return { ...value, ...clampRange(value, lines) };
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = v && typeof v === 'object' ? clampRanges(v, lines) : v;
  return out as T;
}

/**
 * Completion edits on the cursor's line, containing the cursor, as LSP requires: an edit spanning
 * lines becomes an insertion at the cursor.
 */
export function singleLineCompletions<T extends CompletionItem[] | CompletionList>(
  answer: T,
  position: Position,
  lines: readonly string[],
): T {
  const at = clampPosition(position, lines);
  const fix = (r: Range): Range => {
    const c = clampRange(r, lines);
    return c.start.line === at.line && c.end.line === at.line && !before(at, c.start) && !before(c.end, at)
      ? c
      : { start: at, end: at };
  };
  const mend = (item: CompletionItem): CompletionItem => {
    const edit = item.textEdit;
    if (!edit) return item;
    if ('range' in edit) return { ...item, textEdit: { ...edit, range: fix(edit.range) } };
    return { ...item, textEdit: { ...edit, insert: fix(edit.insert), replace: fix(edit.replace) } };
  };
  if (Array.isArray(answer)) return answer.map(mend) as T;
  return { ...answer, items: answer.items.map(mend) } as T;
}

/**
 * Semantic tokens re-encoded from their absolute positions: tokens without a length, past a line's
 * end or overlapping an earlier one are dropped, the rest sorted, so every delta is ≥ 0.
 */
export function validTokens(data: readonly number[], lines: readonly string[]): number[] {
  if (tokensAreValid(data, lines)) return data as number[];
  const tokens: { line: number; start: number; length: number; type: number; modifiers: number }[] = [];
  let line = 0;
  let start = 0;
  for (let i = 0; i + 4 < data.length; i += 5) {
    line += data[i];
    start = data[i] === 0 ? start + data[i + 1] : data[i + 1];
    const text = lines[line];
    if (text === undefined || line < 0 || start < 0) continue;
    const length = Math.min(data[i + 2], text.length - start);
    if (length > 0) tokens.push({ line, start, length, type: data[i + 3], modifiers: data[i + 4] });
  }
  tokens.sort((a, b) => a.line - b.line || a.start - b.start);
  const out: number[] = [];
  let prevLine = 0;
  let prevStart = 0;
  let prevEnd = -1;
  for (const t of tokens) {
    if (t.line === prevLine && t.start < prevEnd) continue; // overlaps the token before
    out.push(t.line - prevLine, t.line === prevLine ? t.start - prevStart : t.start, t.length, t.type, t.modifiers);
    prevLine = t.line;
    prevStart = t.start;
    prevEnd = t.start + t.length;
  }
  return out;
}

/** One pass without allocation: the usual answer needs no mending. */
function tokensAreValid(data: readonly number[], lines: readonly string[]): boolean {
  let line = 0;
  let start = 0;
  let end = 0;
  for (let i = 0; i + 4 < data.length; i += 5) {
    const deltaLine = data[i];
    const deltaStart = data[i + 1];
    const length = data[i + 2];
    if (deltaLine < 0 || deltaStart < 0 || !(length > 0)) return false;
    if (deltaLine > 0) {
      line += deltaLine;
      start = deltaStart;
    } else {
      start += deltaStart;
      if (start < end) return false;
    }
    end = start + length;
    if (line >= lines.length || end > lines[line].length) return false;
  }
  return data.length % 5 === 0;
}
