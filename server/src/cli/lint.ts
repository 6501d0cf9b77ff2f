// `layerwise lint [FILES|DIRS…] [--format text|json|sarif] [--max-warnings N] [--config FILE] [--baseline FILE | --write-baseline FILE]`
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliCommand } from './io';
import { parseArgs, UsageError } from './io';
import { findDockerfiles, readDockerfile } from './discover';
import { formatJson, formatSarif, formatText, type FileFindings } from './format';
import { KNOWN_RULE_IDS, lintText } from '../lint/lintFile';
import { unknownSuppressionIds } from '../core/suppression';
import { ALL_RULES } from '../rules/all';
import { EXAMPLE_DOCKERFILE, VERSION } from './meta';
import { filterByBaseline, fingerprintFindings, readBaseline, writeBaseline } from './baseline';

export const lintCommand: CliCommand = {
  name: 'lint',
  summary: 'report what makes the images of these Dockerfiles big, slow to build or unsafe',
  usage:
    "layerwise lint [FILES|DIRS…] [--format text|json|sarif] [--max-warnings N] [--config FILE] [--baseline FILE | --write-baseline FILE]\n  With no path, lints the bundled example (examples/naive-node/Dockerfile).\n  --config FILE is used for every Dockerfile instead of the nearest .layerwise.json.\n  --write-baseline FILE records today's findings (exit 0); --baseline FILE reports and fails only on findings not in it.",
  run(args, io) {
    const { flags, positionals } = parseArgs(
      args,
      ['format', 'max-warnings', 'config', 'baseline', 'write-baseline'],
      [],
    );
    const format = (flags.format as string | undefined) ?? 'text';
    if (!['text', 'json', 'sarif'].includes(format))
      throw new UsageError(`--format must be text, json or sarif (got "${format}")`);
    let maxWarnings = -1;
    if (flags['max-warnings'] !== undefined) {
      maxWarnings = Number(flags['max-warnings']);
      if (!Number.isInteger(maxWarnings) || maxWarnings < 0)
        throw new UsageError('--max-warnings needs a whole number ≥ 0');
    }
    const configFile = flags.config !== undefined ? path.resolve(io.cwd, flags.config as string) : undefined;
    if (configFile !== undefined && !fs.existsSync(configFile))
      throw new UsageError(`--config ${flags.config}: no such file`);
    const baselineFlag = flags.baseline as string | undefined;
    const writeBaselineFlag = flags['write-baseline'] as string | undefined;
    if (baselineFlag !== undefined && writeBaselineFlag !== undefined)
      throw new UsageError('--baseline and --write-baseline go separately (write one, then lint against it)');
    // Read first: a missing or broken baseline is a usage error before any output.
    const baseline = baselineFlag !== undefined ? readBaseline(path.resolve(io.cwd, baselineFlag)) : undefined;
    const files = positionals.length ? findDockerfiles(positionals, io.cwd) : [EXAMPLE_DOCKERFILE];
    let results: (FileFindings & { fingerprints: string[] })[] = [];
    let inputErrors = 0;
    for (const file of files) {
      const display = path.relative(io.cwd, file) || file;
      let text: string;
      try {
        text = readDockerfile(file, display);
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        io.err(`layerwise: ${e.message}\n`);
        inputErrors++;
        continue;
      }
      const result = lintText(text, { file, configFile });
      if (result.configError) {
        io.err(`layerwise: ${result.configError}\n`);
        inputErrors++;
      }
      for (const u of unknownSuppressionIds(result.model, KNOWN_RULE_IDS))
        io.err(
          `layerwise: ${display}:${u.line + 1}: no rule is called "${u.id}", so this comment silences nothing${u.suggestion ? ` (did you mean "${u.suggestion}"?)` : ''}\n`,
        );
      for (const r of result.ruleErrors)
        io.err(
          `layerwise: internal error in rule ${r.rule} on ${display} (please report): ${r.error.split('\n')[0]}\n`,
        );
      results.push({
        file,
        findings: result.findings,
        fingerprints: fingerprintFindings(result.model, result.findings),
      });
    }
    if (writeBaselineFlag !== undefined) {
      const n = writeBaseline(path.resolve(io.cwd, writeBaselineFlag), results);
      io.err(`layerwise: wrote ${n} finding${n === 1 ? '' : 's'} to the baseline ${writeBaselineFlag}\n`);
    }
    if (baseline) {
      const filtered = filterByBaseline(baseline, results);
      results = filtered.results;
      if (filtered.known > 0 || filtered.fixed > 0)
        io.err(
          `layerwise: ${filtered.known} finding${filtered.known === 1 ? '' : 's'} in the baseline not shown${filtered.fixed > 0 ? `; ${filtered.fixed} baseline entr${filtered.fixed === 1 ? 'y' : 'ies'} no longer found (rewrite it with --write-baseline)` : ''}\n`,
        );
    }
    if (format === 'json') io.out(formatJson(results, io.cwd));
    else if (format === 'sarif')
      io.out(
        formatSarif(
          results,
          io.cwd,
          ALL_RULES.map((r) => r.meta),
          VERSION,
        ),
      );
    else io.out(formatText(results, io.cwd));
    if (inputErrors > 0) return 2;
    if (writeBaselineFlag !== undefined) return 0;
    const all = results.flatMap((r) => r.findings);
    const errors = all.filter((f) => f.severity === 'error').length;
    const warnings = all.filter((f) => f.severity === 'warning').length;
    if (errors > 0) return 1;
    if (maxWarnings >= 0 && warnings > maxWarnings) return 1;
    return 0;
  },
};
