// Small statistics and timing helpers for the benchmark: medians and percentiles of
// milliseconds, and round-robin timing so machine noise hits every contender alike.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export const median = (values: number[]) => percentile(values, 50);

export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value < 1 ? `${value.toFixed(3)} ms` : value < 100 ? `${value.toFixed(2)} ms` : `${value.toFixed(0)} ms`;
}

export const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');

export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
export const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

/**
 * A full garbage collection now, so the next input's timed rounds pay for no garbage the inputs before
 * it left (V8's \`gc\`, exposed for this process at its first use).
 */
export function collectGarbage(): void {
  const exposed = globalThis as { gc?: () => void };
  if (!exposed.gc) {
    setFlagsFromString('--expose-gc');
    exposed.gc = runInNewContext('gc') as () => void;
  }
  exposed.gc();
}

/** CPU time of this process in ms: unlike wall time, it does not count time the other engineers' processes held the cores. */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Times each contender in turn, round after round, until every one has `minRounds` samples and
 * `budgetMs` (wall) has passed (or `maxRounds`). Returns the CPU-time samples per contender, in ms.
 * First each contender is warmed up for `warmupMs` of CPU (at least 3 calls, at most 200): the
 * process's CPU time includes V8's background compiler, and Layerwise's rules keep it busy for the
 * first ~25 corpus passes (with compilation made synchronous, passes take 90, 60, 44… ms before
 * settling at ~16), so a short warm-up timed the JIT rather than the analysis. An editor's server is
 * warm after its first few dozen keystrokes (the keystroke table reports the first ones apart).
 */
export function roundRobin(
  contenders: Record<string, () => void>,
  options: { minRounds?: number; maxRounds?: number; budgetMs?: number; warmupMs?: number } = {},
): Record<string, number[]> {
  const { minRounds = 5, maxRounds = 200, budgetMs = 2000, warmupMs = 3000 } = options;
  const names = Object.keys(contenders);
  for (const n of names) {
    const t0 = cpuMs();
    for (let calls = 0; calls < 200 && (calls < 3 || cpuMs() - t0 < warmupMs); calls++) contenders[n]();
  }
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const started = performance.now();
  for (let round = 0; round < maxRounds; round++) {
    for (const n of names) {
      const t0 = cpuMs();
      contenders[n]();
      samples[n].push(cpuMs() - t0);
    }
    if (round + 1 >= minRounds && performance.now() - started > budgetMs) break;
  }
  return samples;
}
