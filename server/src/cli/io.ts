// What a CLI command gets: its arguments and where to write. Exit codes: 0 ok, 1 findings, 2 usage/input error.
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], io: CliIO): Promise<number> | number;
}

/** Thrown for bad arguments or unreadable input: printed as one line, exit code 2. */
export class UsageError extends Error {}

/** Splits `--name value`, `--name=value` and boolean flags from positionals. */
export function parseArgs(
  args: string[],
  valueFlags: string[],
  booleanFlags: string[],
): { flags: Record<string, string | boolean>; positionals: string[] } {
  const flags: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('--') || a === '-') {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (valueFlags.includes(name)) {
      const value = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      flags[name] = value;
    } else if (booleanFlags.includes(name) && eq < 0) {
      flags[name] = true;
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return { flags, positionals };
}
