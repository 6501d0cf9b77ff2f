// Lints one Dockerfile on disk exactly as the language server lints an open document:
// same workspace facts, same config lookup, same analysis with every rule. Above rules/ and
// actions/, below the CLI and the language server, which both call it.
import * as path from 'node:path';
import { analyze, type AnalysisInput, type AnalysisResult } from '../core/analyze';
import { findConfigFile, loadConfigFile, mergeConfig, type LayerwiseConfig } from '../core/config';
import { fileSystemView, readWorkspaceFacts, type WorkspaceFacts } from '../core/workspace';
import { ALL_RULES } from '../rules/all';

export const KNOWN_RULE_IDS: ReadonlySet<string> = new Set(ALL_RULES.map((r) => r.meta.id));

/** The analysis with every rule (core/analyze.ts runs the rules it is given). */
export function analyzeAll(input: Omit<AnalysisInput, 'rules'>): AnalysisResult {
  return analyze({ ...input, rules: ALL_RULES });
}

export interface LintTextOptions {
  /** Absolute path of the Dockerfile (for its folder and the config lookup); undefined for unsaved text. */
  file?: string;
  /** Settings-level overrides, applied over `.layerwise.json`. */
  overrides?: Partial<LayerwiseConfig>;
  /** Stop the `.layerwise.json` search here (workspace root). */
  rootDir?: string;
  /** This config file instead of the `.layerwise.json` search (`layerwise lint --config FILE`). */
  configFile?: string;
  /** The facts of the Dockerfile's folder when the caller already read them (to share context walks); else read here. */
  workspace?: WorkspaceFacts;
}

export interface LintTextResult extends AnalysisResult {
  configFile?: string;
  configError?: string;
}

export function lintText(text: string, options: LintTextOptions = {}): LintTextResult {
  const configFile =
    options.configFile ?? (options.file ? findConfigFile(path.dirname(options.file), options.rootDir) : undefined);
  let configError: string | undefined;
  let fileConfig = {};
  const workspace =
    options.workspace ?? (options.file ? readWorkspaceFacts(fileSystemView(path.dirname(options.file))) : undefined);
  if (configFile) {
    const loaded = loadConfigFile(configFile, KNOWN_RULE_IDS);
    configError = loaded.error;
    fileConfig = loaded.config;
  }
  const config = mergeConfig(fileConfig, options.overrides ?? {});
  const result = analyzeAll({ text, workspace, config });
  return { ...result, configFile, configError };
}
