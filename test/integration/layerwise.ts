// Helpers for tests of Layerwise itself (not the runner): its diagnostics, its registered rules, its CLI.
import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from './support';

export const EXTENSION_ID = 'layerwise.layerwise';

export interface CliFinding {
  rule: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export async function activateLayerwise(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  await extension.activate();
  return extension;
}

/** Rule ids of the running build, from its CLI (`layerwise rules`), so the list always matches dist/. */
export function registeredRules(): Set<string> {
  const result = spawnSync(process.execPath, [cliPath(), 'rules', '--format', 'json'], { encoding: 'utf8' });
  assert.strictEqual(result.status, 0, `layerwise rules exited ${result.status}: ${result.stderr}`);
  return new Set((JSON.parse(result.stdout) as { id: string }[]).map((rule) => rule.id));
}

function cliPath(): string {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  return path.join(extension.extensionPath, 'dist', 'cli.js');
}

export function ruleOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code);
}

export function layerwiseDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'layerwise');
}

/** Waits until Layerwise's diagnostics for `uri` satisfy `done` (the server publishes asynchronously). */
export function waitForLayerwise(
  uri: vscode.Uri,
  what: string,
  done: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMs = 30_000,
) {
  return waitFor(what, () => layerwiseDiagnostics(uri), done, timeoutMs);
}

export function rulesIn(diagnostics: vscode.Diagnostic[]): string[] {
  return [...new Set(diagnostics.map(ruleOf))].sort();
}

/** The CLI built next to the extension: the same analysis through its other front door. */
export function cliLint(file: string): CliFinding[] {
  const result = spawnSync(process.execPath, [cliPath(), 'lint', file, '--format', 'json'], {
    encoding: 'utf8',
    cwd: path.dirname(file),
  });
  assert.ok(result.status === 0 || result.status === 1, `layerwise lint exited ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout) as CliFinding[];
}

export const SEVERITY_NAMES: Record<vscode.DiagnosticSeverity, CliFinding['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

/** A diagnostic or CLI finding in one comparable line: "rule severity L:C-L:C". */
export function describeDiagnostic(d: vscode.Diagnostic): string {
  const r = d.range;
  return `${ruleOf(d)} ${SEVERITY_NAMES[d.severity]} ${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

export function describeFinding(f: CliFinding): string {
  const r = f.range;
  return `${f.rule} ${f.severity} ${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}
