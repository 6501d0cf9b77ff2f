// The multi-stage split as code actions: one `refactor.rewrite` per runner the plan can honour,
// and the same as quick fixes on `single-stage-build` / `fat-base-image` diagnostics. On a
// multi-stage file whose final stage ships the builder, the same for "replace the runner".
import * as path from 'node:path';
import type { CodeAction } from 'vscode-languageserver/node';
import { CodeActionKind } from 'vscode-languageserver-types';
import { rewriteVariants, type SplitResult } from '../actions/split/index';
import { parseDockerfile } from '../core/parse';
import { fileSystemView, readWorkspaceFacts, type WorkspaceFacts } from '../core/workspace';
import { lookupSettings, sizeLookups } from './sizeFeatures';
import type { ServerSettings } from './settings';
import type { Fix } from '../core/findings';
import { filePathOf } from './analysisCache';
import { toDiagnostic, toWorkspaceEdit } from './convert';
import type { ActionProvider } from './codeActions';

const SPLIT_RULES = new Set(['single-stage-build', 'fat-base-image']);

/** The split as a Fix: the whole Dockerfile replaced, plus edits to other files (next.config). */
export function splitAsFix(original: string, result: SplitResult): Fix {
  const lines = original.split(/\r\n|\r|\n/);
  const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
  return {
    title: result.title,
    safe: false,
    edits: [{ range: { start: { line: 0, character: 0 }, end }, newText: result.text }, ...result.extraEdits],
  };
}

/**
 * Code actions are asked for on every cursor move: the split (which reads package.json and scans
 * entry files) runs once per document version, and again after a few seconds since those files change too.
 */
const cache = new Map<string, { version: number; at: number; results: Promise<SplitResult[]> }>();
const FRESH_MS = 5_000;
/** A title waits this long at most for the daemon or registry to size the runner bases. */
const SIZE_WAIT_MS = 1_500;

function variantsFor(uri: string, version: number, text: string, settings: ServerSettings): Promise<SplitResult[]> {
  const hit = cache.get(uri);
  if (hit?.version === version && Date.now() - hit.at < FRESH_MS) return hit.results;
  const file = filePathOf(uri);
  const facts = file ? readWorkspaceFacts(fileSystemView(path.dirname(file))) : undefined;
  const results = sizedVariants(text, facts, settings);
  if (cache.size > 50) cache.clear();
  cache.set(uri, { version, at: Date.now(), results });
  return results;
}

/** The variants with each title's prediction built on the runner base's on-disk size (daemon, else catalogue). */
async function sizedVariants(
  text: string,
  facts: WorkspaceFacts | undefined,
  settings: ServerSettings,
): Promise<SplitResult[]> {
  const first = rewriteVariants(text, facts).results;
  // The original's base too: the saving is against the original predicted the same way.
  const original = parseDockerfile(text).stages[0]?.image.resolved;
  const images = [...new Set([...first.map((r) => r.runnerImage), ...(original ? [original] : [])])];
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), SIZE_WAIT_MS).unref());
  const sized = await Promise.all(
    images.map((image) =>
      // Titles use on-disk figures (daemon, catalogue), which no registry gives: no registry request
      // here (code actions are asked on every cursor move, while typing too).
      Promise.race([
        sizeLookups.resolve(image, { ...lookupSettings(settings), registry: false }).catch(() => undefined),
        timeout,
      ]),
    ),
  );
  const onDisk = new Map<string, number>();
  sized.forEach((size, i) => {
    if (size?.onDisk) onDisk.set(images[i], size.onDisk.bytes);
  });
  return onDisk.size ? rewriteVariants(text, facts, { baseSizes: (image) => onDisk.get(image) }).results : first;
}

export const splitActionProvider: ActionProvider = async ({ doc, params, analysis, settings }) => {
  // One stage: the split. More: "replace the runner" when the final stage still ships the builder.
  if (analysis.model.stages.length === 0) return [];
  // On save the editor asks for source.fixAll only: no need to plan a split then.
  const only = params.context.only;
  if (only && !only.some((k) => CodeActionKind.RefactorRewrite.startsWith(k) || CodeActionKind.QuickFix.startsWith(k)))
    return [];
  const text = doc.getText();
  const results = await variantsFor(doc.uri, doc.version, text, settings);
  const onLine = (line: number) => line >= params.range.start.line && line <= params.range.end.line;
  const related = analysis.findings.filter(
    (f) => SPLIT_RULES.has(f.rule) && (onLine(f.range.start.line) || onLine(f.range.end.line)),
  );
  // Each runner variant appears once in the lightbulb: as a quick fix where a split rule reports on
  // these lines, else as a refactor. A request for one kind only (the Refactor menu) gets that kind.
  const wantsKind = (kind: string) => !only || only.some((k) => kind.startsWith(k));
  const asQuickFix = related.length > 0 && wantsKind(CodeActionKind.QuickFix);
  const asRefactor = wantsKind(CodeActionKind.RefactorRewrite) && (!asQuickFix || only !== undefined);
  const actions: CodeAction[] = [];
  results.forEach((result, i) => {
    const edit = toWorkspaceEdit(splitAsFix(text, result), doc.uri, doc.version);
    if (asRefactor)
      actions.push({ title: result.title, kind: CodeActionKind.RefactorRewrite, edit, isPreferred: i === 0 });
    if (asQuickFix)
      actions.push({
        title: result.title,
        kind: CodeActionKind.QuickFix,
        edit,
        diagnostics: related.map(toDiagnostic),
        isPreferred: i === 0,
      });
  });
  return actions;
};
