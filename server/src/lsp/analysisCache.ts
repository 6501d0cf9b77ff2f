// Keeps the latest analysis per open document so code actions and hovers reuse it
// instead of re-analysing.
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import * as path from 'node:path';
import { lintText, type LintTextResult } from '../lint/lintFile';
import { fileSystemView, readWorkspaceFacts, type WorkspaceFacts } from '../core/workspace';
import { reuseContextWalks } from '../core/context';
import type { ServerSettings } from './settings';

export function filePathOf(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

export class AnalysisCache {
  private entries = new Map<string, { version: number; settings: ServerSettings; result: LintTextResult }>();
  private rootDirs: string[] = [];

  /** `failed` hears of an analysis that threw (a bug): the document then reads as empty, not as an error answer per request. */
  constructor(private readonly failed: (uri: string, e: unknown) => void = () => undefined) {}

  setRoots(roots: string[]): void {
    this.rootDirs = roots;
  }

  /** Latest workspace facts per folder: their context walks are handed on while still fresh. */
  private folders = new Map<string, WorkspaceFacts>();

  get(doc: TextDocument, settings: ServerSettings): LintTextResult {
    const hit = this.entries.get(doc.uri);
    if (hit && hit.version === doc.version && hit.settings === settings) return hit.result;
    let result: LintTextResult;
    try {
      result = this.lint(doc, doc.getText(), settings);
    } catch (e) {
      this.failed(doc.uri, e);
      result = lintText('');
    }
    this.entries.set(doc.uri, { version: doc.version, settings, result });
    return result;
  }

  /** Lints `text` as the document's own (same file, workspace root, facts and settings), e.g. a fixAll round; not kept. */
  lint(doc: TextDocument, text: string, settings: ServerSettings): LintTextResult {
    const file = filePathOf(doc.uri);
    const rootDir = file ? this.rootDirs.find((r) => file.startsWith(r)) : undefined;
    const workspace = file ? this.workspaceOf(path.dirname(file)) : undefined;
    return lintText(text, { file, rootDir, workspace, overrides: { rules: settings.rules, target: settings.target } });
  }

  private workspaceOf(dir: string): WorkspaceFacts {
    const fresh = readWorkspaceFacts(fileSystemView(dir));
    const previous = this.folders.get(dir);
    if (previous) reuseContextWalks(previous, fresh);
    this.folders.set(dir, fresh);
    return fresh;
  }

  peek(uri: string): LintTextResult | undefined {
    return this.entries.get(uri)?.result;
  }

  invalidateAll(): void {
    this.entries.clear();
    this.folders.clear();
  }

  /** Forgets the document's analysis and its folder's facts (closed, saved, or a file beside it changed). */
  delete(uri: string): void {
    this.entries.delete(uri);
    const file = filePathOf(uri);
    if (file) this.folders.delete(path.dirname(file));
  }
}
