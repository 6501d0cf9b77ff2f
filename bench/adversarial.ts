// 1c. The input classes that were slow (test/robustness/adversarial.ts), each timed against a
// realistic generated Dockerfile of the same byte size: the server's whole per-version work
// (analysis + validator + semantic tokens). Targets: each class within 2× the realistic file, and
// no input of ≤ 1 MB over 1 s.
import { ADVERSARIAL_CLASSES, realisticOfSize } from '../test/robustness/adversarial';
import { cpuMs, median, ms } from './stats';
import { table, verdict } from './report';
import { bundledAdversarial, type Adversarial } from './bundle';

type Work = Adversarial;

function cost(work: Work, text: string, rounds: number): number {
  work.serverWork(text);
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = cpuMs();
    work.serverWork(text);
    samples.push(cpuMs() - t0);
  }
  return median(samples);
}

export function benchAdversarial(sizes = [100_000, 1_000_000]): {
  markdown: string;
  worstRatio: number;
  slowest: number;
} {
  const work = bundledAdversarial();
  const rows: string[][] = [];
  let worstRatio = 0;
  let slowest = 0;
  for (const bytes of sizes) {
    const rounds = bytes > 500_000 ? 2 : 5;
    const realistic = realisticOfSize(bytes);
    const base = cost(work, realistic, rounds);
    slowest = Math.max(slowest, base);
    rows.push([`realistic generated file (${(realistic.length / 1000).toFixed(0)} kB)`, ms(base), '1.00×']);
    for (const c of ADVERSARIAL_CLASSES) {
      const text = c.ofSize(realistic.length);
      const t = cost(work, text, rounds);
      worstRatio = Math.max(worstRatio, t / base);
      slowest = Math.max(slowest, t);
      rows.push([`${c.name} (${(text.length / 1000).toFixed(0)} kB)`, ms(t), `${(t / base).toFixed(2)}×`]);
    }
  }
  const markdown = [
    table(['input', 'server work per version (CPU)', 'vs realistic file of the same size'], rows),
    '',
    `Median CPU time of Layerwise's analysis + dockerfile-language-service's validator + semantic tokens on a text not parsed before (each version is a new text), bundled as in \`dist/server.js\`, for each class issue 16 found slow (what it was: \`test/robustness/adversarial.ts\`). Targets: each class within 2× the realistic file — ${verdict(worstRatio <= 2)} (worst ${worstRatio.toFixed(2)}×); nothing ≤ 1 MB over 1 s — ${verdict(slowest <= 1000)} (slowest ${ms(slowest)}).`,
  ].join('\n');
  return { markdown, worstRatio, slowest };
}
