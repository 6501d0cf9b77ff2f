// Translation between Layerwise's findings/fixes and LSP types. No analysis here.
import { pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import type {
  CodeAction,
  Diagnostic,
  WorkspaceEdit,
  TextDocumentEdit,
  TextEdit,
  WorkspaceEditClientCapabilities,
  CreateFile,
} from 'vscode-languageserver/node';
// Values from the types package, not vscode-languageserver/node: each module importing values from
// the latter gets the bundle's copy of its 320 exports made at start-up (issue 16 §3, cold start).
import { CodeActionKind, DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Finding, Fix } from '../core/findings';
import { isTextEdit } from '../core/findings';
import { ruleDocsUrl } from '../core/docs';

export const SOURCE = 'layerwise';

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
} as const;

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

/** What the client said it applies (InitializeParams capabilities.workspace.workspaceEdit). */
interface EditSupport {
  documentChanges: boolean;
  createFiles: boolean;
}
let editSupport: EditSupport = { documentChanges: true, createFiles: true };

export function setClientEditSupport(caps: WorkspaceEditClientCapabilities | undefined): void {
  editSupport = {
    documentChanges: caps?.documentChanges === true,
    createFiles: caps?.documentChanges === true && (caps.resourceOperations ?? []).includes('create'),
  };
}

/**
 * A Fix as a WorkspaceEdit every client applies: edits to the Dockerfile go to `docUri`, other files
 * by absolute path. `documentChanges` only for clients that advertise them (else `changes`). A new
 * file is offered only while it is missing, as a plain `create` (no `ignoreIfExists`: Neovim then
 * skips creating it and a second fixAll appended the text again) followed by its text; a client
 * without `create` gets the text as an edit of the new file's document, which it creates on save.
 */
export function toWorkspaceEdit(fix: Fix, docUri: string, version: number | null): WorkspaceEdit {
  const byFile = new Map<string, TextEdit[]>();
  const creates: CreateFile[] = [];
  const add = (uri: string, edit: TextEdit) => byFile.set(uri, [...(byFile.get(uri) ?? []), edit]);
  for (const e of fix.edits) {
    if (isTextEdit(e)) {
      add(e.file ? pathToFileURL(e.file).toString() : docUri, { range: e.range, newText: e.newText });
      continue;
    }
    // The fix was planned from facts read earlier: a file that exists by now is not created again.
    if (!e.overwrite && existsSync(e.createFile)) continue;
    const uri = pathToFileURL(e.createFile).toString();
    if (editSupport.createFiles)
      creates.push({ kind: 'create', uri, options: e.overwrite ? { overwrite: true } : undefined });
    const start = { line: 0, character: 0 };
    add(uri, { range: { start, end: start }, newText: e.text });
  }
  if (!editSupport.documentChanges) return { changes: Object.fromEntries(byFile) };
  const documentChanges: NonNullable<WorkspaceEdit['documentChanges']> = [...creates];
  for (const [uri, edits] of byFile) {
    const edit: TextDocumentEdit = { textDocument: { uri, version: uri === docUri ? version : null }, edits };
    documentChanges.push(edit);
  }
  return { documentChanges };
}

export function quickFix(
  fix: Fix,
  diagnostic: Diagnostic | undefined,
  docUri: string,
  version: number | null,
  kind: string = CodeActionKind.QuickFix,
): CodeAction {
  return {
    title: fix.title,
    kind,
    diagnostics: diagnostic ? [diagnostic] : undefined,
    isPreferred: fix.isPreferred,
    edit: toWorkspaceEdit(fix, docUri, version),
  };
}
