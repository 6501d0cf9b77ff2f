// Helpers for rule tests: run one rule on a Dockerfile text (optionally with a real temp
// workspace folder) and look at its findings.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { mergeConfig, type LayerwiseConfig } from '../../server/src/core/config';
import { fileSystemView, readWorkspaceFacts } from '../../server/src/core/workspace';
import type { Rule } from '../../server/src/rules/types';
import type { FileEdit, Finding, Fix } from '../../server/src/core/findings';
import { applyTextEdits, otherFileEdits } from '../../server/src/core/edits';

/** Creates a real temporary folder with the given files (path → content). */
export function tempWorkspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-ws-'));
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
  return dir;
}

export function runRule(
  rule: Rule,
  text: string,
  options: { files?: Record<string, string>; dir?: string; config?: Partial<LayerwiseConfig> } = {},
): Finding[] {
  const dir = options.dir ?? (options.files ? tempWorkspace(options.files) : undefined);
  const workspace = dir ? readWorkspaceFacts(fileSystemView(dir)) : undefined;
  const result = analyze({ text, workspace, rules: [rule], config: mergeConfig(options.config ?? {}) });
  if (result.ruleErrors.length) throw new Error(result.ruleErrors[0].error);
  return result.findings;
}

/** The text a finding's range covers. */
export function covered(text: string, f: Finding): string {
  const lines = text.split(/\r\n|\r|\n/);
  if (f.range.start.line === f.range.end.line)
    return lines[f.range.start.line].slice(f.range.start.character, f.range.end.character);
  return [
    lines[f.range.start.line].slice(f.range.start.character),
    ...lines.slice(f.range.start.line + 1, f.range.end.line),
    lines[f.range.end.line].slice(0, f.range.end.character),
  ].join('\n');
}

/** Applies the Dockerfile edits of a fix (edits to other files are returned separately). */
export function applyEdits(text: string, edits: FileEdit[]): { text: string; otherFiles: FileEdit[] } {
  return { text: applyTextEdits(text, edits), otherFiles: otherFileEdits(edits) };
}

/**
 * The rule's fix for `text` (the first whose title contains `title`, or the first) and the
 * Dockerfile it gives; throws, naming the findings, when the rule offers none.
 */
export function appliedFix(
  rule: Rule,
  text: string,
  options: { title?: string; dir?: string } = {},
): { fix: Fix; text: string } {
  const findings = runRule(rule, text, { dir: options.dir });
  const fix = findings.flatMap((f) => f.fixes ?? []).find((x) => !options.title || x.title.includes(options.title));
  if (!fix)
    throw new Error(
      `${rule.meta.id}: no fix${options.title ? ` titled like "${options.title}"` : ''} offered for:\n${text}\nfindings: ${JSON.stringify(findings.map((f) => f.message))}`,
    );
  return { fix, text: applyEdits(text, fix.edits).text };
}

/**
 * rust-analyzer's check_assist for rule fixes: the rule's fix (by title substring, or the first)
 * turns `before` into `after`; afterwards the rule no longer reports at all (or fewer findings),
 * and applying the rule's fixes again changes nothing.
 */
export function checkFix(
  rule: Rule,
  before: string,
  after: string,
  options: { title?: string; files?: Record<string, string>; dir?: string } = {},
): void {
  const dir = options.dir ?? (options.files ? tempWorkspace(options.files) : undefined);
  const findings = runRule(rule, before, { dir });
  const { fix, text: applied } = appliedFix(rule, before, { dir, title: options.title });
  if (applied !== after) throw new Error(`fix "${fix.title}" produced:\n${applied}\n--- expected:\n${after}`);
  const again = runRule(rule, applied, { dir });
  const stillFixable = again.flatMap((f) => f.fixes ?? []).filter((x) => x.title === fix.title);
  if (again.length >= findings.length && stillFixable.length > 0)
    throw new Error(
      `after "${fix.title}" the rule still reports the same: ${JSON.stringify(again.map((f) => f.message))}`,
    );
  for (const x of stillFixable) {
    if (applyEdits(applied, x.edits).text !== applied)
      throw new Error(`applying "${fix.title}" a second time changes the file`);
  }
}
