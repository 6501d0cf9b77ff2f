// Re-analyses a document shortly after the last change and publishes Layerwise's findings
// (plus the service validator's syntax diagnostics). Stale runs are dropped: typing never waits.
import type { Connection, Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { validateText } from './languageService';
import { clampRanges, documentLines } from './validAnswers';
import { toDiagnostic, SOURCE } from './convert';
import type { AnalysisCache } from './analysisCache';
import type { SettingsStore } from './settings';
import { unknownSuppressionIds } from '../core/suppression';
import { KNOWN_RULE_IDS } from '../lint/lintFile';
import { append } from '../core/collections';

interface RunRequest {
  immediate: boolean;
  version: number | undefined;
}

export class DiagnosticsScheduler {
  private timers = new Map<string, NodeJS.Timeout>();
  /** The latest request per document: a timer is only set for it (settings arrive asynchronously). */
  private requests = new Map<string, RunRequest>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly cache: AnalysisCache,
    private readonly settings: SettingsStore,
  ) {}

  /** Schedules a run; `immediate` for open/save (no debounce). */
  schedule(uri: string, immediate = false): void {
    this.clearTimer(uri);
    // didOpen is followed by onDidChangeContent for the same version: that one stays immediate.
    const version = this.documents.get(uri)?.version;
    const previous = this.requests.get(uri);
    const request: RunRequest = {
      immediate: immediate || (previous?.immediate === true && previous.version === version),
      version,
    };
    this.requests.set(uri, request);
    this.settings.get(uri).then(
      (s) => {
        // A later schedule() superseded this one while settings were fetched: only the latest sets a timer.
        if (this.requests.get(uri) !== request) return;
        this.clearTimer(uri);
        const timer = setTimeout(
          () => {
            this.timers.delete(uri);
            if (this.requests.get(uri) === request) this.requests.delete(uri);
            void this.run(uri);
          },
          request.immediate ? 0 : s.debounceMs,
        );
        this.timers.set(uri, timer);
      },
      () => undefined,
    );
  }

  private clearTimer(uri: string): void {
    const pending = this.timers.get(uri);
    if (pending) clearTimeout(pending);
    this.timers.delete(uri);
  }

  scheduleAll(): void {
    this.cache.invalidateAll();
    for (const doc of this.documents.all()) this.schedule(doc.uri, true);
  }

  /** Re-reads the workspace facts of these documents and re-analyses them at once (files beside them changed, or a save). */
  refresh(uris: readonly string[]): void {
    for (const uri of uris) {
      this.cache.delete(uri);
      if (this.documents.get(uri)) this.schedule(uri, true);
    }
  }

  cancel(uri: string): void {
    this.clearTimer(uri);
    this.requests.delete(uri);
  }

  private async run(uri: string): Promise<void> {
    const doc = this.documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    const settings = await this.settings.get(uri);
    // A newer keystroke arrived while settings were fetched: that run will publish.
    if (this.documents.get(uri)?.version !== version) return;
    const diagnostics: Diagnostic[] = [];
    try {
      const result = this.cache.get(doc, settings);
      // Not push(...): the 168,000 findings of a 1 MB file overflowed the stack as arguments, and none were published.
      append(diagnostics, result.findings.map(toDiagnostic));
      if (result.configError) {
        diagnostics.push({
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: DiagnosticSeverity.Error,
          source: SOURCE,
          code: 'config',
          message: `Layerwise config ignored: ${result.configError}`,
        });
      }
      for (const u of unknownSuppressionIds(result.model, KNOWN_RULE_IDS)) {
        const line = result.model.lines[u.line] ?? '';
        const at = Math.max(0, line.indexOf(u.id));
        diagnostics.push({
          range: { start: { line: u.line, character: at }, end: { line: u.line, character: at + u.id.length } },
          severity: DiagnosticSeverity.Warning,
          source: SOURCE,
          code: 'suppression',
          message: `No Layerwise rule is called "${u.id}", so this comment silences nothing${u.suggestion ? ` (did you mean "${u.suggestion}"?)` : ''}.`,
        });
      }
      for (const r of result.ruleErrors) this.connection.console.error(`rule ${r.rule} failed on ${uri}: ${r.error}`);
      if (settings.builtinValidation)
        append(
          diagnostics,
          validateText(doc.getText(), (what, e) =>
            this.connection.console.warn(
              `dockerfile-language-service ${what} failed on ${uri}: ${(e as Error)?.message ?? e}`,
            ),
          ),
        );
    } catch (e) {
      this.connection.console.error(`analysis failed on ${uri}: ${(e as Error)?.stack ?? e}`);
    }
    if (this.documents.get(uri)?.version !== version) return;
    // Every range inside the text analysed (rules and the validator both have reported past the end).
    await this.connection.sendDiagnostics({
      uri,
      version,
      diagnostics: clampRanges(diagnostics, documentLines(doc.getText())),
    });
  }
}
