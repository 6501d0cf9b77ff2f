// The CLI's command table and dispatch. Each command lives in its own file.
import type { CliCommand, CliIO } from './io';
import { UsageError } from './io';
import { lintCommand } from './lint';
import { rulesCommand } from './rules';
import { sizeCommand } from './size';
import { fixCommand } from './fix';
import { splitCommand } from './split';
import { VERSION } from './meta';

export const COMMANDS: CliCommand[] = [lintCommand, rulesCommand, sizeCommand, fixCommand, splitCommand];

function help(): string {
  return `layerwise ${VERSION} — smaller Docker images\n\nUsage:\n${COMMANDS.map((c) => `  ${c.usage.split('\n')[0]}\n      ${c.summary}`).join('\n')}\n`;
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return name ? 0 : 2;
  }
  if (name === '--version') {
    io.out(`${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`layerwise: unknown command "${name}" (try: ${COMMANDS.map((c) => c.name).join(', ')})\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`layerwise ${name}: ${e.message}\n`);
      return 2;
    }
    io.err(`layerwise ${name}: internal error (please report): ${(e as Error)?.message ?? e}\n`);
    return 2;
  }
}
