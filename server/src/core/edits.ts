// Edits: the one home for making and applying the text edits fixes and code actions are made of.
// Making: small exact edits of the model (insert after a word, append a command to a RUN, replace a
// word). Applying: LSP-style edits to a text, the smallest edit between two texts, and what the
// edits to other files turn those files into. Pure functions; the caller does any file I/O.
import type { FileEdit } from './findings';
import { isTextEdit } from './findings';
import type { DockerfileModel, InstructionModel, Range, Word } from './model';
import { pushTo } from './collections';

type Position = Range['start'];

const at = (p: Position): Range => ({ start: p, end: p });

export function insertAfter(word: Word, text: string): FileEdit {
  return { range: at(word.range.end), newText: text };
}

export function replaceWord(word: { range: Range }, text: string): FileEdit {
  return { range: word.range, newText: text };
}

/**
 * Appends `&& <command>` to a shell-form RUN, on a continuation line when the RUN already spans
 * several lines (so the result reads like the rest of it). Undefined for heredocs and exec form.
 */
export function appendToRun(
  model: DockerfileModel,
  ins: InstructionModel,
  command: string,
  forceMultiline = false,
): FileEdit | undefined {
  const last = ins.args[ins.args.length - 1];
  if (!last || ins.execForm || ins.heredocs.length > 0) return undefined;
  const multiline = forceMultiline || ins.range.start.line !== last.range.end.line;
  const indent = multiline ? /^\s*/.exec(model.lines[last.range.end.line] ?? '')?.[0] || '    ' : '';
  const newText = multiline ? ` ${model.escapeChar}\n${indent}&& ${command}` : ` && ${command}`;
  return { range: at(last.range.end), newText };
}

/** The exact text of a range of the document (an instruction's range: as written, continuations kept). */
export function textOf(model: DockerfileModel, range: Range): string {
  if (range.start.line === range.end.line) {
    return (model.lines[range.start.line] ?? '').slice(range.start.character, range.end.character);
  }
  const lines = model.lines.slice(range.start.line, range.end.line + 1);
  lines[0] = lines[0].slice(range.start.character);
  lines[lines.length - 1] = lines[lines.length - 1].slice(0, range.end.character);
  return lines.join('\n');
}

/** Offsets of the starts of the lines of `text` (LF, CRLF and lone CR end a line, as LSP counts them). */
function lineStartsOf(text: string): number[] {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\r' && text[i + 1] === '\n') {
      lineStarts.push(i + 2);
      i++;
    } else if (text[i] === '\n' || text[i] === '\r') lineStarts.push(i + 1);
  }
  return lineStarts;
}

/**
 * Applies the Dockerfile's own edits (no `file`) to its text; edits must not overlap. Inserts at the
 * same position keep the order of the array, as LSP says.
 */
export function applyTextEdits(text: string, edits: FileEdit[]): string {
  const lineStarts = lineStartsOf(text);
  const offset = (p: Position) =>
    p.line >= lineStarts.length ? text.length : Math.min(lineStarts[p.line] + p.character, text.length);
  const own = edits
    .filter(isTextEdit)
    .filter((e) => !e.file)
    .map((e, order) => ({ start: offset(e.range.start), end: offset(e.range.end), newText: e.newText, order }));
  own.sort((a, b) => b.start - a.start || b.end - a.end || b.order - a.order);
  // From the end, each edit's offsets still point into the original text: collect the kept pieces and the
  // new texts, and join them once. (Rebuilding the whole text per edit was quadratic: the 50,000 safe
  // fixes of a 1 MB file took minutes.) Edits that reach into a part a later edit replaced, or that end
  // before they start, are applied one after the other on the text so far, as they always were.
  const pieces: string[] = [];
  let tail = text.length;
  for (const e of own) {
    if (e.end > tail || e.start > e.end) return applyInTurn(text, own);
    pieces.push(text.slice(e.end, tail), e.newText);
    tail = e.start;
  }
  pieces.push(text.slice(0, tail));
  return pieces.reverse().join('');
}

function applyInTurn(text: string, edits: { start: number; end: number; newText: string }[]): string {
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** The edits to files other than the Dockerfile (created files, `file` edits). */
export function otherFileEdits(edits: FileEdit[]): FileEdit[] {
  return edits.filter((e) => !isTextEdit(e) || e.file);
}

/**
 * What the edits to other files make of them: one entry a file, its new full text. A `createFile`
 * of a file that exists is skipped unless it says `overwrite`. `read` gives a file's text
 * (undefined when it does not exist); the caller writes.
 */
export function otherFileContents(
  edits: FileEdit[],
  read: (file: string) => string | undefined,
): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const byFile = new Map<string, FileEdit[]>();
  for (const e of edits) {
    if ('createFile' in e) {
      if (!e.overwrite && read(e.createFile) !== undefined) continue;
      out.push({ file: e.createFile, text: e.text });
    } else if (e.file) pushTo(byFile, e.file, { range: e.range, newText: e.newText });
  }
  for (const [file, fileEdits] of byFile) {
    const text = read(file);
    if (text === undefined) throw new Error(`${file}: cannot edit a file that does not exist`);
    out.push({ file, text: applyTextEdits(text, fileEdits) });
  }
  return out;
}

/** The smallest single edit turning `before` into `after` (common prefix and suffix left alone). */
export function changedSpan(before: string, after: string): FileEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (
    end < before.length - start &&
    end < after.length - start &&
    before[before.length - 1 - end] === after[after.length - 1 - end]
  )
    end++;
  // Never cut a CRLF pair in two.
  while (start > 0 && before[start - 1] === '\r') start--;
  const range = { start: positionAt(before, start), end: positionAt(before, before.length - end) };
  return { range, newText: after.slice(start, after.length - end) };
}

function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}
