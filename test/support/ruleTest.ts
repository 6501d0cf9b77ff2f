// Helpers for rule tests: run one rule on a Dockerfile text (optionally with a real temp
// workspace folder) and look at its findings.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyze } from '../../server/src/core/analyze';
import { mergeConfig, type LayerwiseConfig } from '../../server/src/core/config';
import { fileSystemView, readWorkspaceFacts } from '../../server/src/core/workspace';
import type { Rule } from '../../server/src/rules/types';
import type { Finding } from '../../server/src/core/findings';

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

export function runRule(rule: Rule, text: string, options: { files?: Record<string, string>; dir?: string; config?: Partial<LayerwiseConfig> } = {}): Finding[] {
  const dir = options.dir ?? (options.files ? tempWorkspace(options.files) : undefined);
  const workspace = dir ? readWorkspaceFacts(fileSystemView(dir)) : undefined;
  const result = analyze({ text, workspace, rules: [rule], config: mergeConfig(options.config ?? {}) });
  if (result.ruleErrors.length) throw new Error(result.ruleErrors[0].error);
  return result.findings;
}

/** The text a finding's range covers. */
export function covered(text: string, f: Finding): string {
  const lines = text.split(/\r\n|\r|\n/);
  if (f.range.start.line === f.range.end.line) return lines[f.range.start.line].slice(f.range.start.character, f.range.end.character);
  return [lines[f.range.start.line].slice(f.range.start.character), ...lines.slice(f.range.start.line + 1, f.range.end.line), lines[f.range.end.line].slice(0, f.range.end.character)].join('\n');
}
