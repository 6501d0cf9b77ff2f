// Keeps the latest analysis per open document so code actions and hovers reuse it
// instead of re-analysing.
import { fileURLToPath } from 'url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { lintText, type LintTextResult } from '../core/lintFile';
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

  setRoots(roots: string[]): void {
    this.rootDirs = roots;
  }

  get(doc: TextDocument, settings: ServerSettings): LintTextResult {
    const hit = this.entries.get(doc.uri);
    if (hit && hit.version === doc.version && hit.settings === settings) return hit.result;
    const file = filePathOf(doc.uri);
    const rootDir = file ? this.rootDirs.find((r) => file.startsWith(r)) : undefined;
    const result = lintText(doc.getText(), { file, rootDir, overrides: { rules: settings.rules, target: settings.target } });
    this.entries.set(doc.uri, { version: doc.version, settings, result });
    return result;
  }

  peek(uri: string): LintTextResult | undefined {
    return this.entries.get(uri)?.result;
  }

  invalidateAll(): void {
    this.entries.clear();
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}
