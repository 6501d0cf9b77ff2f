// The format of artifacts/vscode-activation.json: written by test/e2e/activation.mjs (UI runner),
// read by bench/packageSize.ts. A run that could not measure writes { measured: false, reason } so an
// older file's figures never pass for this run's.

/** One fresh VS Code window that opened with a Dockerfile while Layerwise was not active yet. */
export interface ActivationSample {
  /** 'main': the UI tests' window, Layerwise activated as it started (workspaceContains), read after the
   *  scenarios; 'window-N': the N-th fresh window opened after the scenarios with a Dockerfile in its URL */
  window: string;
  /** VS Code's activation event and whether it was an eager (startup) activation */
  activationEvent: string;
  eager: boolean;
  /** VS Code's own figures ("Developer: Startup Performance" → Extension Activation Stats), ms */
  loadCodeMs: number;
  callActivateMs: number;
  finishActivateMs: number;
  /** loadCodeMs + callActivateMs + finishActivateMs: until activate()'s promise resolved (language client started) */
  activationMs: number;
  /** window-N only. Page clock, ms since the window's navigation started */
  workbenchShownMs?: number;
  editorShownMs?: number;
  firstDiagnosticsMs?: number;
  /** firstDiagnosticsMs − editorShownMs: the user sees the Dockerfile, then waits this long for the findings */
  diagnosticsAfterEditorMs?: number;
  /**
   * window-N only. VS Code's extension host marks (code/extHost/willLoadExtensionCode/… and didActivateExtension/…, wall
   * clock) placed on the page clock; absent when the view has no such marks or they disagree with activationMs
   */
  activationStartedMs?: number;
  activatedMs?: number;
  /** window-N only. firstDiagnosticsMs − activatedMs: from activate() resolved to the first squiggle drawn */
  diagnosticsAfterActivatedMs?: number;
}

export type ActivationFigure = 'loadCodeMs' | 'callActivateMs' | 'finishActivateMs' | 'activationMs';
export type OptionalActivationFigure =
  | 'editorShownMs'
  | 'firstDiagnosticsMs'
  | 'diagnosticsAfterEditorMs'
  | 'activationStartedMs'
  | 'activatedMs'
  | 'diagnosticsAfterActivatedMs';

interface Common {
  /** ISO time the run wrote the file */
  date: string;
  /** one line: which VS Code, which browser, which machine, which runner */
  where: string;
  vscode: { version: string | null; commit: string | null; codeServer: string };
  extension: { id: string; version: string; gitCommit: string | null; dirtyTree: boolean };
}

export interface ActivationMeasured extends Common {
  measured: true;
  method: string;
  samples: ActivationSample[];
  /** each optional figure over the samples that have it */
  median: Record<ActivationFigure, number> & Partial<Record<OptionalActivationFigure, number>>;
  /** samples that were asked for but failed (the figures above come from the others) */
  problems: string[];
}

export interface ActivationNotMeasured extends Common {
  measured: false;
  reason: string;
}

export type ActivationArtefact = ActivationMeasured | ActivationNotMeasured;
