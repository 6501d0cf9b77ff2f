// Translation between Layerwise's findings/fixes and LSP types. No analysis here.
import { pathToFileURL } from 'url';
import { CodeAction, CodeActionKind, Diagnostic, DiagnosticSeverity, type WorkspaceEdit, type TextDocumentEdit } from 'vscode-languageserver/node';
import type { Finding, Fix } from '../core/findings';
import { isTextEdit } from '../core/findings';
import { ruleDocsUrl } from '../core/docs';

export const SOURCE = 'layerwise';

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

export function toDiagnostic(f: Finding): Diagnostic {
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    source: SOURCE,
    code: f.rule,
    codeDescription: { href: ruleDocsUrl(f.rule) },
    message: f.message,
  };
}

/** A Fix as a WorkspaceEdit: edits to the Dockerfile go to `docUri`; other files by absolute path. */
export function toWorkspaceEdit(fix: Fix, docUri: string, version: number | null): WorkspaceEdit {
  const byFile = new Map<string, { range: Diagnostic['range']; newText: string }[]>();
  const documentChanges: WorkspaceEdit['documentChanges'] = [];
  for (const e of fix.edits) {
    if (isTextEdit(e)) {
      const uri = e.file ? pathToFileURL(e.file).toString() : docUri;
      byFile.set(uri, [...(byFile.get(uri) ?? []), { range: e.range, newText: e.newText }]);
    } else {
      const uri = pathToFileURL(e.createFile).toString();
      documentChanges.push({ kind: 'create', uri, options: { overwrite: e.overwrite ?? false, ignoreIfExists: !e.overwrite } });
      documentChanges.push({ textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: e.text }] });
    }
  }
  for (const [uri, edits] of byFile) {
    const edit: TextDocumentEdit = { textDocument: { uri, version: uri === docUri ? version : null }, edits };
    documentChanges.push(edit);
  }
  return { documentChanges };
}

export function quickFix(fix: Fix, diagnostic: Diagnostic | undefined, docUri: string, version: number | null, kind: string = CodeActionKind.QuickFix): CodeAction {
  return {
    title: fix.title,
    kind,
    diagnostics: diagnostic ? [diagnostic] : undefined,
    isPreferred: fix.isPreferred,
    edit: toWorkspaceEdit(fix, docUri, version),
  };
}
