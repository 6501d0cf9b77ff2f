// `layerwise split [--runner distroless|slim|alpine] [--write] FILE`: the multi-stage split.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliCommand } from './io';
import { parseArgs, UsageError } from './io';
import { readDockerfile } from './discover';
import { fileSystemView, readWorkspaceFacts } from '../core/workspace';
import { rewriteDockerfile, RUNNER_KINDS, type RunnerKind } from '../actions/split/index';
import { writeOtherEdits } from './writeEdits';

export const splitCommand: CliCommand = {
  name: 'split',
  summary:
    "rewrite a single-stage Dockerfile into deps/build/runner stages (or replace a multi-stage file's fat runner)",
  usage: `layerwise split [--runner ${RUNNER_KINDS.join('|')}] [--write] FILE\n  Prints the split Dockerfile (default: the first runner the plan can honour, distroless, slim, alpine); --write replaces FILE (and edits next.config.* for Next.js).\n  A multi-stage FILE whose final stage still ships the builder (FROM builder, or every stage on node:20-slim) gets its runner replaced instead, the other stages kept.\n  Notes the plan could not be sure of are comments at the top of the result and lines on stderr.\n  Exit code: 0 split, 1 the split refuses (the reason is printed), 2 bad input.`,
  run(args, io) {
    const { flags, positionals } = parseArgs(args, ['runner'], ['write']);
    if (positionals.length !== 1) throw new UsageError('needs exactly one Dockerfile');
    const runner = flags.runner as string | undefined;
    if (runner !== undefined && !RUNNER_KINDS.includes(runner as RunnerKind))
      throw new UsageError(`--runner must be ${RUNNER_KINDS.join(', ')} (got "${runner}")`);
    const file = path.resolve(io.cwd, positionals[0]);
    const display = path.relative(io.cwd, file) || file;
    const text = readDockerfile(file, display);
    const facts = readWorkspaceFacts(fileSystemView(path.dirname(file)));
    // A multi-stage file: "replace the runner" when its final stage still ships the builder.
    const result = rewriteDockerfile(text, facts, { runner: runner as RunnerKind | undefined });
    if ('refused' in result) {
      io.err(`layerwise split: ${display}: not split: ${result.refused}\n`);
      return 1;
    }
    for (const w of result.warnings) io.err(`layerwise split: note: ${w}\n`);
    if (result.prediction)
      io.err(
        `layerwise split: predicted image: ${result.prediction.label} (bases from the catalogue, node_modules and build output measured here, the saving against the original predicted the same way)\n`,
      );
    if (!flags.write) {
      io.out(result.text);
      for (const e of result.extraEdits)
        io.err(`layerwise split: with --write, would also change ${'createFile' in e ? e.createFile : e.file}\n`);
      return 0;
    }
    fs.writeFileSync(file, result.text);
    const others = writeOtherEdits(result.extraEdits);
    io.err(
      `layerwise split: ${display}: ${result.title}${others.length ? `; also changed ${others.join(', ')}` : ''}\n`,
    );
    return 0;
  },
};
