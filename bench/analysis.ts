// 1. Analysis latency: Layerwise's full analysis (parse + model + every rule + suppressions)
// against dockerfile-ast's parse alone (the floor) and dockerfile-utils' validate (what the
// Microsoft Docker extension runs on every keystroke), in the same process, round-robin.
import { existsSync, readFileSync } from 'node:fs';
import { bundledAnchors, bundledCore } from './bundle';
import { generateDockerfile } from './generate';
import { median, ms, ratio, roundRobin } from './stats';
import { table, verdict } from './report';
import { dockerfilesUnder } from '../test/robustness/inputs';

export interface AnalysisFigures {
  markdown: string;
  worstParseRatio: number;
  worstUtilsRatio: number;
}

function contenders(texts: string[]): Record<string, () => void> {
  const { analyze } = bundledCore();
  const { DockerfileParser, validate } = bundledAnchors();
  return {
    layerwise: () => {
      for (const text of texts) analyze({ text });
    },
    parse: () => {
      for (const text of texts) DockerfileParser.parse(text);
    },
    utils: () => {
      for (const text of texts) validate(text);
    },
  };
}

export function benchAnalysis(corpusDir: string): AnalysisFigures {
  const inputs: { label: string; texts: string[] }[] = [100, 1_000, 10_000].map((n) => ({
    label: `generated, ${n.toLocaleString('en')} lines`,
    texts: [generateDockerfile(n)],
  }));
  const corpus = existsSync(corpusDir) ? dockerfilesUnder(corpusDir).map((f) => readFileSync(f, 'utf8')) : [];
  if (corpus.length) inputs.push({ label: `corpus, ${corpus.length} files (one pass)`, texts: corpus });
  const rows: string[][] = [];
  let worstParseRatio = 0;
  let worstUtilsRatio = 0;
  for (const { label, texts } of inputs) {
    const samples = roundRobin(contenders(texts), { minRounds: 7, budgetMs: 2500 });
    const [lw, parse, utils] = [median(samples.layerwise), median(samples.parse), median(samples.utils)];
    worstParseRatio = Math.max(worstParseRatio, lw / parse);
    worstUtilsRatio = Math.max(worstUtilsRatio, lw / utils);
    rows.push([
      label,
      ms(lw),
      ms(parse),
      ms(utils),
      ratio(lw, parse),
      ratio(lw, utils),
      String(samples.layerwise.length),
    ]);
  }
  const markdown = [
    table(
      [
        'input',
        'Layerwise analyze()',
        'dockerfile-ast parse',
        'dockerfile-utils validate',
        'Layerwise / parse',
        'Layerwise / utils',
        'rounds',
      ],
      rows,
    ),
    '',
    `Median CPU time of interleaved rounds in one process, each contender first warmed up for 3 s of CPU (until the JIT has settled) (CPU time, not wall time, so the other engineers' load counts less), all three bundled by esbuild as in \`dist/server.js\` (the anchors in a bundle of their own, as published); \`analyze()\` is parse + model + all rules + suppressions, paying for its own parse (the parse memo the server's features share is off here). Targets: ≤ 2× parse — ${verdict(worstParseRatio <= 2)} (worst ${worstParseRatio.toFixed(2)}×); ≤ 1× dockerfile-utils — ${verdict(worstUtilsRatio <= 1)} (worst ${worstUtilsRatio.toFixed(2)}×).`,
    corpus.length
      ? `Corpus: \`${corpusDir}\`.`
      : `Corpus: \`${corpusDir}\` is absent on this machine, so only generated files were measured.`,
  ].join('\n');
  return { markdown, worstParseRatio, worstUtilsRatio };
}
