// `layerwise fix [--write] FILE`: every safe fix, the same function as `source.fixAll.layerwise`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliCommand } from './io';
import { parseArgs, UsageError } from './io';
import { readDockerfile } from './discover';
import { lintText } from '../lint/lintFile';
import { fileSystemView, readWorkspaceFacts } from '../core/workspace';
import { fixAllText } from '../actions/fixAll';
import { writeOtherEdits } from './writeEdits';

export const fixCommand: CliCommand = {
  name: 'fix',
  summary: 'apply every safe fix (prints the fixed Dockerfile; --write saves it)',
  usage:
    'layerwise fix [--write] FILE\n  Applies every safe fix until none is left. Without --write, prints the result to stdout and changes nothing.\n  Exit code: 0 done (or nothing to fix), 2 bad input.',
  run(args, io) {
    const { flags, positionals } = parseArgs(args, [], ['write']);
    if (positionals.length !== 1) throw new UsageError('needs exactly one Dockerfile');
    const file = path.resolve(io.cwd, positionals[0]);
    const display = path.relative(io.cwd, file) || file;
    const text = readDockerfile(file, display);
    // The folder's facts once for every round: the rounds change only the text, never the disk.
    const workspace = readWorkspaceFacts(fileSystemView(path.dirname(file)));
    const result = fixAllText(text, (t) => lintText(t, { file, workspace }).findings);
    if (!flags.write) {
      io.out(result.text);
      for (const e of result.otherEdits)
        io.err(`layerwise fix: with --write, would also change ${'createFile' in e ? e.createFile : e.file}\n`);
      return 0;
    }
    if (result.text !== text) fs.writeFileSync(file, result.text);
    writeOtherEdits(result.otherEdits);
    io.err(
      `layerwise fix: ${display}: ${result.applied.length ? `applied ${result.applied.length} fix(es): ${[...new Set(result.applied)].join('; ')}` : 'nothing to fix'}\n`,
    );
    return 0;
  },
};
