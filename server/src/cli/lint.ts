// `layerwise lint [FILES|DIRS…] [--format text|json|sarif] [--max-warnings N]`
import * as path from 'node:path';
import type { CliCommand } from './io';
import { parseArgs, UsageError } from './io';
import { findDockerfiles, readDockerfile } from './discover';
import { formatJson, formatSarif, formatText, type FileFindings } from './format';
import { KNOWN_RULE_IDS, lintText } from '../lint/lintFile';
import { unknownSuppressionIds } from '../core/suppression';
import { ALL_RULES } from '../rules/all';
import { EXAMPLE_DOCKERFILE, VERSION } from './meta';

export const lintCommand: CliCommand = {
  name: 'lint',
  summary: 'report what makes the images of these Dockerfiles big, slow to build or unsafe',
  usage:
    'layerwise lint [FILES|DIRS…] [--format text|json|sarif] [--max-warnings N]\n  With no path, lints the bundled example (examples/naive-node/Dockerfile).',
  run(args, io) {
    const { flags, positionals } = parseArgs(args, ['format', 'max-warnings'], []);
    const format = (flags.format as string | undefined) ?? 'text';
    if (!['text', 'json', 'sarif'].includes(format))
      throw new UsageError(`--format must be text, json or sarif (got "${format}")`);
    let maxWarnings = -1;
    if (flags['max-warnings'] !== undefined) {
      maxWarnings = Number(flags['max-warnings']);
      if (!Number.isInteger(maxWarnings) || maxWarnings < 0)
        throw new UsageError('--max-warnings needs a whole number ≥ 0');
    }
    const files = positionals.length ? findDockerfiles(positionals, io.cwd) : [EXAMPLE_DOCKERFILE];
    const results: FileFindings[] = [];
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
      const result = lintText(text, { file });
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
      results.push({ file, findings: result.findings });
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
    const all = results.flatMap((r) => r.findings);
    const errors = all.filter((f) => f.severity === 'error').length;
    const warnings = all.filter((f) => f.severity === 'warning').length;
    if (errors > 0) return 1;
    if (maxWarnings >= 0 && warnings > maxWarnings) return 1;
    return 0;
  },
};
