// `npm run bench`: speed and size figures in one run on one machine, printed and written to
// bench/results.md. `npm run bench -- --docker` adds the split's before/after table.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { Report } from './report';
import { benchAnalysis } from './analysis';
import { benchRuleCosts } from './rules';
import { benchAdversarial } from './adversarial';
import { benchKeystrokes, benchColdStart, benchMemory } from './lsp';
import { benchPackage } from './packageSize';
import { benchCli } from './cliThroughput';
import { benchSplit } from './split';
import { generateDockerfile } from './generate';
import { dockerfilesUnder } from '../test/robustness/inputs';

const ROOT = path.resolve(__dirname, '..');
const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus');

async function main(): Promise<void> {
  const started = Date.now();
  // The bench measures what ships: the production bundles (minified, as `npm run package` builds them).
  // A development build (unminified, with source maps) starts about 1.4x slower: a cold start of 2.9 s
  // against 2.0 s for the production server in one interleaved run under load.
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), '--production'], { stdio: 'inherit' });
  const corpus = dockerfilesUnder(CORPUS).map((f) => readFileSync(f, 'utf8'));
  const report = new Report('Layerwise benchmarks');

  const analysis = benchAnalysis(CORPUS);
  report.section('1. Analysis latency', analysis.markdown);
  report.section(
    '1b. Where the analysis time goes',
    corpus.length
      ? benchRuleCosts(corpus, `corpus, ${corpus.length} files`)
      : benchRuleCosts([generateDockerfile(1_000)], '1 000 generated lines'),
  );
  report.section('1c. Adversarial inputs against realistic ones of the same size', benchAdversarial().markdown);
  report.section('2. Keystroke → diagnostics (real server over stdio)', (await benchKeystrokes()).markdown);
  report.section('3. Cold start', (await benchColdStart()).markdown);
  report.section('4. Memory', (await benchMemory(corpus)).markdown);
  report.section('5. Package', benchPackage().markdown);
  report.section('6. CLI throughput', benchCli(corpus).markdown);
  if (process.argv.includes('--docker')) report.section('7. Split effectiveness', benchSplit());
  else
    report.section(
      '7. Split effectiveness',
      'Not run: `npm run bench -- --docker` adds it (needs the private Docker daemon).',
    );

  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  report.write(
    path.join(__dirname, 'results.md'),
    `Whole run: ${seconds} s. The machine is shared with other engineers' builds and tests, so absolute times are noisy: compare the ratios measured side by side in one run, and the CPU-time columns.`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
