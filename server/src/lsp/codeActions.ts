// Code actions: quick fixes carried by Layerwise findings, the service's own fixes for its
// validator's diagnostics, `source.fixAll.layerwise`, and registered refactors (the split).
import type {
  CodeAction,
  Command,
  Connection,
  Diagnostic,
  TextDocuments,
  CodeActionParams,
} from 'vscode-languageserver/node';
import { CodeActionKind } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { service } from './languageService';
import { quickFix, toDiagnostic, SOURCE, toWorkspaceEdit } from './convert';
import type { AnalysisCache } from './analysisCache';
import type { SettingsStore, ServerSettings } from './settings';
import type { LintTextResult } from '../lint/lintFile';
import { FIX_ALL_TITLE, fixAllAsFix } from '../actions/fixAll';
import type { Fix } from '../core/findings';
import { partitionPoint } from '../core/collections';
import { splitActionProvider } from './split';
import { pinActionProvider } from './pinBaseImage';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.layerwise`;

/** A provider of extra code actions (e.g. the multi-stage split), registered by feature modules. */
export type ActionProvider = (args: {
  doc: TextDocument;
  params: CodeActionParams;
  analysis: LintTextResult;
  settings: ServerSettings;
}) => Promise<CodeAction[]> | CodeAction[];

export const ACTION_PROVIDERS: ActionProvider[] = [splitActionProvider, pinActionProvider];

export function codeActionKinds(): string[] {
  return [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND, CodeActionKind.SourceFixAll];
}

const wants = (only: string[] | undefined, kind: string) =>
  !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));

/** What a fixAll action offered without its edit carries, for codeAction/resolve. */
interface FixAllData {
  fixAll: string;
}

export function registerCodeActions(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  cache: AnalysisCache,
  settings: SettingsStore,
  /** The client fills in a code action's `edit` through codeAction/resolve (VS Code, Neovim). */
  resolvesEdits: boolean,
): void {
  // fixAll re-lints the text round after round: once per analysed version, however often it is asked.
  const fixAllKept = new WeakMap<LintTextResult, { fix: Fix | undefined }>();
  const fixAllOf = (doc: TextDocument, analysis: LintTextResult, s: ServerSettings): Fix | undefined => {
    let kept = fixAllKept.get(analysis);
    if (!kept) {
      const text = doc.getText();
      // Later rounds lint exactly as the diagnostics do (same workspace root for .layerwise.json, same facts).
      const lint = (t: string) => (t === text ? analysis.findings : cache.lint(doc, t, s).findings);
      kept = { fix: fixAllAsFix(text, lint) };
      fixAllKept.set(analysis, kept);
    }
    return kept.fix;
  };

  connection.onCodeAction(async (params): Promise<(CodeAction | Command)[]> => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const s = await settings.get(doc.uri);
    const analysis = cache.get(doc, s);
    const only = params.context.only;
    const actions: (CodeAction | Command)[] = [];

    if (wants(only, FIX_ALL_KIND)) {
      if (only === undefined && resolvesEdits) {
        // Asked for every kind (VS Code's light bulb, on each cursor move and edit): offer fixAll when a
        // safe fix exists, and make its edit only when it is picked. On a 1 MB file that is seconds of
        // re-linting the server would otherwise spend per request. Asked for by kind (on save, `Fix all`),
        // the edit comes at once.
        if (analysis.findings.some((f) => f.fixes?.some((fix) => fix.safe)))
          actions.push({ title: FIX_ALL_TITLE, kind: FIX_ALL_KIND, data: { fixAll: doc.uri } satisfies FixAllData });
      } else {
        const fix = fixAllOf(doc, analysis, s);
        if (fix)
          actions.push({ title: fix.title, kind: FIX_ALL_KIND, edit: toWorkspaceEdit(fix, doc.uri, doc.version) });
      }
    }
    if (wants(only, CodeActionKind.QuickFix)) {
      const line = (n: number) => n >= params.range.start.line && n <= params.range.end.line;
      // One action per fix and one suppression per rule and instruction, each listing every finding in the
      // range it answers. Findings share fixes: naming stage 0 renames each of its numeric references, and an
      // action per finding repeated those edits once per reference (a range over 250 kB of stages reading
      // stage 0 by number: a minute, and an answer quadratic in size).
      const byFix = new Map<Fix, CodeAction>();
      const suppressions = new Map<string, CodeAction>();
      const answering = (known: CodeAction | undefined, diagnostic: Diagnostic) => {
        if (known) (known.diagnostics ??= []).push(diagnostic);
        return known !== undefined;
      };
      for (const finding of analysis.findings) {
        if (!line(finding.range.start.line) && !line(finding.range.end.line)) continue;
        const diagnostic = toDiagnostic(finding);
        for (const fix of finding.fixes ?? []) {
          if (answering(byFix.get(fix), diagnostic)) continue;
          const action = quickFix(fix, diagnostic, doc.uri, doc.version);
          byFix.set(fix, action);
          actions.push(action);
        }
        const at = suppressionPlace(analysis, finding.range.start.line);
        const key = `${finding.rule} ${at.line}`;
        if (answering(suppressions.get(key), diagnostic)) continue;
        const action = suppressAction(doc, finding.rule, at, analysis, diagnostic);
        suppressions.set(key, action);
        actions.push(action);
      }
      const foreign = params.context.diagnostics.filter((d) => d.source !== SOURCE);
      try {
        if (foreign.length)
          actions.push(
            ...service.computeCodeActions(params.textDocument, params.range, {
              ...params.context,
              diagnostics: foreign as never,
            }),
          );
      } catch (e) {
        connection.console.warn(
          `dockerfile-language-service code actions failed on ${doc.uri}: ${(e as Error)?.message ?? e}`,
        );
      }
    }
    for (const provider of ACTION_PROVIDERS) {
      try {
        for (const a of await provider({ doc, params, analysis, settings: s }))
          if (wants(only, a.kind ?? '')) actions.push(a);
      } catch (e) {
        connection.console.error(`code action provider failed: ${(e as Error)?.stack ?? e}`);
      }
    }
    return actions;
  });

  // The edit of a fixAll offered without one, for the document as it is now (a versioned edit: a client
  // holding a newer text refuses it). Other actions come back as they are.
  connection.onCodeActionResolve(async (action) => {
    const uri = (action.data as Partial<FixAllData> | undefined)?.fixAll;
    const doc = typeof uri === 'string' ? documents.get(uri) : undefined;
    if (!doc) return action;
    const s = await settings.get(doc.uri);
    const fix = fixAllOf(doc, cache.get(doc, s), s);
    return { ...action, edit: fix ? toWorkspaceEdit(fix, doc.uri, doc.version) : { changes: {} } };
  });
}

/**
 * Where a suppression of a finding on `line` goes: the start of the instruction holding the line, else the
 * line. Instructions are in text order, so their ends ascend: the first ending at or after the line holds
 * it if it starts at or before it (found by bisection; a walk per finding was quadratic in a range
 * request over a large file).
 */
function suppressionPlace(analysis: LintTextResult, line: number): { line: number; character: number } {
  const { instructions } = analysis.model;
  const first = partitionPoint(instructions.length, (i) => instructions[i].range.end.line < line);
  const owner = instructions[first];
  return owner && owner.range.start.line <= line ? owner.range.start : { line, character: 0 };
}

/** `# layerwise-ignore <rule>` at `at`, the start of the instruction that holds the finding. */
function suppressAction(
  doc: TextDocument,
  rule: string,
  at: { line: number; character: number },
  analysis: LintTextResult,
  diagnostic: ReturnType<typeof toDiagnostic>,
): CodeAction {
  const indent = (analysis.model.lines[at.line] ?? '').match(/^\s*/)?.[0] ?? '';
  return quickFix(
    {
      title: `Ignore ${rule} for this instruction`,
      safe: false,
      edits: [
        {
          range: { start: { line: at.line, character: 0 }, end: { line: at.line, character: 0 } },
          newText: `${indent}# layerwise-ignore ${rule}\n`,
        },
      ],
    },
    diagnostic,
    doc.uri,
    doc.version,
  );
}
