// 1b. Where analysis time goes: building the model (parseDockerfile) against dockerfile-ast's
// parse, and each rule alone on freshly built models (rules memoise shared queries on a model,
// so each rule gets its own models, built untimed just before it runs). Names the slow rules.
import { bundledAnchors, bundledCore } from './bundle';
import { cpuMs, median, ms } from './stats';
import { table } from './report';

export function benchRuleCosts(texts: string[], label: string, rounds = 5): string {
  const { analyzeModel, parseDockerfile, ALL_RULES } = bundledCore();
  const { DockerfileParser } = bundledAnchors();
  const samples = new Map<string, number[]>();
  const record = (name: string, value: number) => samples.set(name, [...(samples.get(name) ?? []), value]);
  const timed = (f: () => void) => {
    const t0 = cpuMs();
    f();
    return cpuMs() - t0;
  };
  for (let round = 0; round <= rounds; round++) {
    const keep = round > 0; // round 0 warms up
    const floor = timed(() => texts.forEach((t) => DockerfileParser.parse(t)));
    const model = timed(() => texts.forEach((t) => parseDockerfile(t)));
    if (keep) {
      record('dockerfile-ast parse (floor)', floor);
      record('parseDockerfile (model)', model);
    }
    for (const rule of ALL_RULES) {
      const models = texts.map((t) => parseDockerfile(t));
      const cost = timed(() => models.forEach((m) => analyzeModel(m, { rules: [rule] })));
      if (keep) record(rule.meta.id, cost);
    }
  }
  const medians = [...samples].map(([name, s]) => [name, median(s)] as const);
  const ruleMedians = medians.slice(2).sort((a, b) => b[1] - a[1]);
  const rulesTotal = ruleMedians.reduce((sum, [, m]) => sum + m, 0);
  const rows = [
    ...medians.slice(0, 2).map(([n, m]) => [n, ms(m), '']),
    ...ruleMedians.map(([n, m]) => [n, ms(m), `${((m / rulesTotal) * 100).toFixed(0)}% of rules`]),
  ];
  return [
    table(['step', `median CPU per pass (${label})`, 'share'], rows),
    '',
    `All ${ALL_RULES.length} rules: ${ms(rulesTotal)} per pass, model building ${ms(medians[1][1])}, dockerfile-ast's own parse ${ms(medians[0][1])} (each rule on its own fresh models, so it pays for the queries it uses; ${rounds} rounds).`,
  ].join('\n');
}
