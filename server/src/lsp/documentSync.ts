// The server's copy of each open document, kept consistent whatever the client sends.
// vscode-languageserver-textdocument applies an incremental change whose range starts past the last
// line at the end of the text but records line offsets for the lines the range named: the copy then
// claims ~1 000 lines, and every later edit lands at the wrong offset (the fuzzer ended with the
// instructions doubled). Such a change is clamped into the document, the copy rebuilt from its text
// (consistent line offsets), and the caller told, so it can warn; the diagnostics that follow are
// computed from that consistent text.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver/node';
import { clampRange, documentLines } from './validAnswers';

export interface MendedChange {
  uri: string;
  version: number;
  /** The range the client sent. */
  sent: { start: { line: number; character: number }; end: { line: number; character: number } };
  lineCount: number;
}

const outside = (p: { line: number; character: number }, lineCount: number) =>
  !(p.line >= 0 && p.line < lineCount && p.character >= 0);

/** TextDocuments' configuration: TextDocument, with changes outside the document clamped into it. */
export function consistentDocuments(onMended: (m: MendedChange) => void): TextDocumentsConfiguration<TextDocument> {
  return {
    create: TextDocument.create,
    update(document, changes: TextDocumentContentChangeEvent[], version) {
      let doc = document;
      for (const change of changes) {
        if (!('range' in change) || !change.range) {
          doc = TextDocument.update(doc, [change], version);
          continue;
        }
        const { start, end } = change.range;
        if (!outside(start, doc.lineCount) && !outside(end, doc.lineCount)) {
          doc = TextDocument.update(doc, [change], version);
          continue;
        }
        onMended({ uri: doc.uri, version, sent: change.range, lineCount: doc.lineCount });
        const range = clampRange(change.range, documentLines(doc.getText()));
        const text = TextDocument.applyEdits(doc, [{ range, newText: change.text }]);
        doc = TextDocument.create(doc.uri, doc.languageId, version, text);
      }
      return doc;
    },
  };
}
