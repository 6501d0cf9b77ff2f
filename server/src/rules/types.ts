// The contract of a rule lives in core (core/rule.ts: the analysis runs rules, so it defines them);
// rule files import it from here, next to them.
export type { Rule, RuleCategory, RuleContext, RuleMeta } from '../core/rule';
