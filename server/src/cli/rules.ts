// `layerwise rules [--format text|json]`: the rule list, from the rules' metadata.
import type { CliCommand } from './io';
import { parseArgs } from './io';
import { ALL_RULES } from '../rules/all';

export const rulesCommand: CliCommand = {
  name: 'rules',
  summary: 'list the rules with their default severity and whether they have a quick fix',
  usage: 'layerwise rules [--format text|json]',
  run(args, io) {
    const { flags } = parseArgs(args, ['format'], []);
    const metas = ALL_RULES.map((r) => r.meta);
    if (flags.format === 'json') io.out(`${JSON.stringify(metas, null, 2)}\n`);
    else
      for (const m of metas)
        io.out(`${m.id.padEnd(32)} ${m.defaultSeverity.padEnd(8)} ${m.fixable ? 'fix ' : '    '} ${m.summary}\n`);
    return 0;
  },
};
