// Small exact edits quick fixes are made of: insert after a word, append a command to a RUN,
// replace a word. Pure functions of the model; no I/O.
import type { FileEdit } from '../core/findings';
import type { DockerfileModel, InstructionModel, Range, Word } from '../core/model';

const at = (p: Range['end']): Range => ({ start: p, end: p });

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
export function appendToRun(model: DockerfileModel, ins: InstructionModel, command: string, forceMultiline = false): FileEdit | undefined {
  const last = ins.args[ins.args.length - 1];
  if (!last || ins.execForm || ins.heredocs.length > 0) return undefined;
  const multiline = forceMultiline || ins.range.start.line !== last.range.end.line;
  const indent = multiline ? (/^\s*/.exec(model.lines[last.range.end.line] ?? '')?.[0] || '    ') : '';
  return { range: at(last.range.end), newText: multiline ? ` ${model.escapeChar}\n${indent}&& ${command}` : ` && ${command}` };
}

/** The exact text of a range of the document. */
export function textOf(model: DockerfileModel, range: Range): string {
  if (range.start.line === range.end.line) return (model.lines[range.start.line] ?? '').slice(range.start.character, range.end.character);
  const lines = model.lines.slice(range.start.line, range.end.line + 1);
  lines[0] = lines[0].slice(range.start.character);
  lines[lines.length - 1] = lines[lines.length - 1].slice(0, range.end.character);
  return lines.join('\n');
}
