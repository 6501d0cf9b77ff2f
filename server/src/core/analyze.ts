// The one analysis entry point the CLI, the language server and the tests call alike:
// parse once, run every enabled rule against the shipped stages, apply suppressions and config.
import { parseDockerfile } from './parse';
import type { DockerfileModel } from './model';
import type { Finding } from './findings';
import type { LayerwiseConfig } from './config';
import { DEFAULT_CONFIG } from './config';
import { finalStage, shippedStages } from './queries';
import { isSuppressed, readSuppressions } from './suppression';
import type { WorkspaceFacts } from './workspace';
import { ALL_RULES } from '../rules/all';
import type { Rule, RuleContext } from '../rules/types';

export interface AnalysisInput {
  text: string;
  workspace?: WorkspaceFacts;
  config?: LayerwiseConfig;
  /** Rules to run (defaults to every rule); tests pass one. */
  rules?: readonly Rule[];
}

export interface AnalysisResult {
  model: DockerfileModel;
  findings: Finding[];
  /** Rules that threw: reported, never fatal. */
  ruleErrors: { rule: string; error: string }[];
}

const HADOLINT_MAP = buildHadolintMap(ALL_RULES);

export function analyze(input: AnalysisInput): AnalysisResult {
  const model = parseDockerfile(input.text);
  return analyzeModel(model, input);
}

export function analyzeModel(model: DockerfileModel, input: Omit<AnalysisInput, 'text'>): AnalysisResult {
  const config = input.config ?? DEFAULT_CONFIG;
  const rules = input.rules ?? ALL_RULES;
  const findings: Finding[] = [];
  const ruleErrors: AnalysisResult['ruleErrors'] = [];
  const final = finalStage(model, config.target);
  if (!final) return { model, findings, ruleErrors };
  const ctx: RuleContext = { model, final, shipped: shippedStages(model, final), workspace: input.workspace, config };
  const suppressions = readSuppressions(model, rules === ALL_RULES ? HADOLINT_MAP : buildHadolintMap(rules));
  for (const rule of rules) {
    const setting = config.rules[rule.meta.id];
    if (setting === 'off') continue;
    // Editor settings arrive unvalidated: an unknown value means the rule's default, not a bogus severity.
    const severity = setting === 'error' || setting === 'warning' || setting === 'info' ? setting : rule.meta.defaultSeverity;
    let reported;
    try {
      reported = rule.check(ctx);
    } catch (e) {
      ruleErrors.push({ rule: rule.meta.id, error: (e as Error)?.stack ?? String(e) });
      continue;
    }
    for (const r of reported) {
      const finding: Finding = { ...r, rule: rule.meta.id, severity };
      if (!isSuppressed(finding, model, suppressions)) findings.push(finding);
    }
  }
  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.rule.localeCompare(b.rule));
  return { model, findings, ruleErrors };
}

function buildHadolintMap(rules: readonly Rule[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const rule of rules) {
    for (const code of rule.meta.hadolint ?? []) map.set(code, [...(map.get(code) ?? []), rule.meta.id]);
  }
  return map;
}
