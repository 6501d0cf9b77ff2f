// The one analysis: parse once, run the given rules against the shipped stages, apply suppressions
// and config. The rules are passed in: their registry (rules/all.ts) sits above core, and
// lint/lintFile.ts is where the CLI and the language server run all of them.
import { parseDockerfile } from './parse';
import type { DockerfileModel } from './model';
import type { Finding, RuleFinding } from './findings';
import type { LayerwiseConfig } from './config';
import { DEFAULT_CONFIG } from './config';
import { finalStage, shippedStages } from './queries';
import { isSuppressed, readSuppressions } from './suppression';
import type { WorkspaceFacts } from './workspace';
import type { Rule, RuleContext } from './rule';

export interface AnalysisInput {
  text: string;
  workspace?: WorkspaceFacts;
  config?: LayerwiseConfig;
  /** Rules to run: every rule (rules/all.ts ALL_RULES) or, in tests, one. */
  rules: readonly Rule[];
}

export interface AnalysisResult {
  model: DockerfileModel;
  findings: Finding[];
  /** Rules that threw: reported, never fatal. */
  ruleErrors: { rule: string; error: string }[];
}

export function analyze(input: AnalysisInput): AnalysisResult {
  const model = parseDockerfile(input.text);
  return analyzeModel(model, input);
}

export function analyzeModel(model: DockerfileModel, input: Omit<AnalysisInput, 'text'>): AnalysisResult {
  const config = input.config ?? DEFAULT_CONFIG;
  const rules = input.rules;
  const findings: Finding[] = [];
  const ruleErrors: AnalysisResult['ruleErrors'] = [];
  const final = finalStage(model, config.target);
  if (!final) return { model, findings, ruleErrors };
  const ctx: RuleContext = { model, final, shipped: shippedStages(model, final), workspace: input.workspace, config };
  const suppressions = readSuppressions(model, hadolintMapOf(rules));
  for (const rule of rules) {
    const setting = config.rules[rule.meta.id];
    if (setting === 'off') continue;
    // Editor settings arrive unvalidated: an unknown value means the rule's default, not a bogus severity.
    const severity =
      setting === 'error' || setting === 'warning' || setting === 'info' ? setting : rule.meta.defaultSeverity;
    let reported: RuleFinding[];
    try {
      reported = rule.check(ctx);
    } catch (e) {
      ruleErrors.push({ rule: rule.meta.id, error: (e as Error)?.stack ?? String(e) });
      continue;
    }
    for (const r of reported) {
      // The rule's own object gets its rule and severity (the same keys in the same order as
      // { ...r, rule, severity }): a rule hands out new findings on every call and keeps none, and a copy
      // per finding doubled what 168,000 findings (84,000 unnamed stages) left for the collector.
      const finding = r as Finding;
      finding.rule = rule.meta.id;
      finding.severity = severity;
      if (!isSuppressed(finding, suppressions)) findings.push(finding);
    }
  }
  // Ties on one position go by rule id, through each id's rank in the sorted ids (a comparison of
  // strings per tie was ~1 µs: 84,000 stages with two findings on each FROM).
  const rank = ruleRanksOf(rules);
  findings.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      (rank.get(a.rule) as number) - (rank.get(b.rule) as number),
  );
  return { model, findings, ruleErrors };
}

/**
 * Rule id → its place among the list's ids in code-unit order, built once per rule list. Not
 * localeCompare: its first call loads ICU's collation data, 6–9 ms of the server's cold start (issue 16
 * §3); for rule ids (lower-case letters, digits, hyphens) both orders agree (test/unit/rules/rule-contract.test.ts).
 */
const ruleRanks = new WeakMap<readonly Rule[], Map<string, number>>();

function ruleRanksOf(rules: readonly Rule[]): Map<string, number> {
  let ranks = ruleRanks.get(rules);
  if (!ranks) {
    const ids = rules.map((rule) => rule.meta.id).sort();
    ranks = new Map(ids.map((id, i) => [id, i]));
    ruleRanks.set(rules, ranks);
  }
  return ranks;
}

/** hadolint code → rule ids, built once per rule list. */
const hadolintMaps = new WeakMap<readonly Rule[], Map<string, string[]>>();

function hadolintMapOf(rules: readonly Rule[]): Map<string, string[]> {
  const known = hadolintMaps.get(rules);
  if (known) return known;
  const map = new Map<string, string[]>();
  hadolintMaps.set(rules, map);
  for (const rule of rules) {
    for (const code of rule.meta.hadolint ?? []) map.set(code, [...(map.get(code) ?? []), rule.meta.id]);
  }
  return map;
}
