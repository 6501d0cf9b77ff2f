// 1b. Where analysis time goes: building the model (parseDockerfile) and each rule alone
// (analyze with that one rule, minus the model's median: rules memoise queries on the model,
// so timing them on a prebuilt model would hide their cost). Names the slow rule.
import { bundledAnchors, bundledCore } from './bundle';
import { median, ms, roundRobin } from './stats';
import { table } from './report';

export function benchRuleCosts(texts: string[], label: string): string {
  const { analyze, parseDockerfile, ALL_RULES } = bundledCore();
  const { DockerfileParser } = bundledAnchors();
  const contenders: Record<string, () => void> = {
    'dockerfile-ast parse (floor)': () => { for (const t of texts) DockerfileParser.parse(t); },
    'parseDockerfile (model)': () => { for (const t of texts) parseDockerfile(t); },
  };
  for (const rule of ALL_RULES) contenders[rule.meta.id] = () => { for (const text of texts) analyze({ text, rules: [rule] }); };
  const samples = roundRobin(contenders, { minRounds: 5, budgetMs: 4000 });
  const model = median(samples['parseDockerfile (model)']);
  const medians = Object.entries(samples).map(([name, s], i) => [name, i < 2 ? median(s) : Math.max(0, median(s) - model)] as const);
  const rulesTotal = medians.slice(2).reduce((sum, [, m]) => sum + m, 0);
  const rows = [...medians.slice(0, 2), ...medians.slice(2).sort((a, b) => b[1] - a[1])].map(([name, m]) => [name, ms(m), medians.slice(2).some(([n]) => n === name) ? `${((m / rulesTotal) * 100).toFixed(0)}% of rules` : '']);
  return [
    table(['step', `median per pass (${label})`, 'share'], rows),
    '',
    `All ${ALL_RULES.length} rules together: ${ms(rulesTotal)} per pass (sum of each rule's analyze() median minus the model's; noisy when a rule costs less than the noise).`,
  ].join('\n');
}
