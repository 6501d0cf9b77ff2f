// What analysis produces: findings with exact ranges, and fixes as pure text edits.
import type { Range } from 'vscode-languageserver-types';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

/** An edit to the Dockerfile (no `uri`) or to another file of the workspace (absolute path in `file`). */
export type FileEdit =
  | { file?: string; range: Range; newText: string }
  | { createFile: string; text: string; overwrite?: boolean };

export interface Fix {
  title: string;
  edits: FileEdit[];
  /** Offered first in the lightbulb. */
  isPreferred?: boolean;
  /** Safe fixes never change what the image does; `source.fixAll.layerwise` and `layerwise fix` apply only these. */
  safe: boolean;
}

/** What a rule reports: the rule id and severity are added by the analysis. */
export interface RuleFinding {
  range: Range;
  message: string;
  fixes?: Fix[];
}

export interface Finding extends RuleFinding {
  rule: string;
  severity: Severity;
}

export function isTextEdit(e: FileEdit): e is { file?: string; range: Range; newText: string } {
  return (e as { range?: Range }).range !== undefined;
}
