// Classifies the shell commands of RUN steps: dependency installs, build steps, system
// packages, cleanup, global tools, and everything the split cannot place with certainty.
import type { ShellCommand } from '../../core/model';
import { argumentsOf, isCommand, programOf, subcommandOf, hasOption } from '../../core/queries';
import type { SourceItem } from './read';

export type CommandRole = 'install' | 'build' | 'system' | 'cleanup' | 'global' | 'unknown';

export interface ClassifiedCommand {
  item: SourceItem;
  command?: ShellCommand;
  role: CommandRole;
  /** The command as written (words joined by single spaces). */
  text: string;
  /** Every simple command when a whole RUN is kept as one (operators other than `&&` inside). */
  parts?: ShellCommand[];
  /** System packages named by an apt-get/apk install. */
  packages?: string[];
}

const APT = ['apt-get', 'apt'];

export function commandText(cmd: ShellCommand): string {
  return cmd.words.map((w) => w.text).join(' ');
}

/** Package-manager options that take a separate value word (`--network-timeout 100000`). */
export const VALUE_OPTIONS = new Set(['--network-timeout', '--registry', '--cache', '--cache-folder', '--prefix', '--mutex', '--modules-folder', '--loglevel', '--userconfig', '--network-concurrency', '--store-dir', '--filter', '-w', '--workspace']);

function positional(cmd: ShellCommand): string[] {
  const args = argumentsOf(cmd);
  return args.filter((w, i) => !w.text.startsWith('-') && !(i > 0 && VALUE_OPTIONS.has(args[i - 1].text))).map((w) => w.value);
}

/** `npm ci`, `npm install` (no package names), `yarn`, `yarn install`, `pnpm install`. */
export function isNodeInstall(cmd: ShellCommand): boolean {
  if (hasOption(cmd, '-g', '--global')) return false;
  const program = programOf(cmd);
  const args = positional(cmd);
  if (program === 'npm') return (args[0] === 'ci' || args[0] === 'install' || args[0] === 'i') && args.length === 1;
  if (program === 'yarn') return args.length === 0 || (args[0] === 'install' && args.length === 1);
  if (program === 'pnpm') return (args[0] === 'install' || args[0] === 'i') && args.length === 1;
  return false;
}

function isGlobalInstall(cmd: ShellCommand): boolean {
  const program = programOf(cmd);
  if (program === 'npm' || program === 'pnpm') return hasOption(cmd, '-g', '--global') && ['install', 'i', 'add'].includes(subcommandOf(cmd)?.text ?? '');
  if (program === 'yarn') return subcommandOf(cmd)?.text === 'global';
  return false;
}

/** `npm run build`, `yarn build`, `pnpm run build`, `npx tsc`, `tsc`, `next build`. */
function isNodeBuild(cmd: ShellCommand): boolean {
  const program = programOf(cmd);
  const args = positional(cmd);
  if (program === 'npm') return (args[0] === 'run' || args[0] === 'run-script') && args.length >= 2 && args[1] !== 'start';
  if (program === 'yarn' || program === 'pnpm') {
    if (args[0] === 'run') return args.length >= 2 && args[1] !== 'start';
    return args.length >= 1 && ['build', 'compile', 'prisma', 'generate'].includes(args[0]);
  }
  if (program === 'npx') return args.length >= 1;
  return program === 'tsc' || (program === 'next' && args[0] === 'build');
}

/** Cleanup and tooling the new layout makes moot (caches of builder stages, corepack: the plan enables it itself). */
function isCleanup(cmd: ShellCommand): boolean {
  if (programOf(cmd) === 'corepack') return true;
  if (isCommand(cmd, ['npm'], ['cache']) || isCommand(cmd, ['yarn'], ['cache']) || isCommand(cmd, ['pnpm'], ['store'])) return true;
  if (isCommand(cmd, APT, ['clean', 'autoclean', 'autoremove'])) return true;
  if (programOf(cmd) === 'rm') {
    const targets = positional(cmd);
    return targets.length > 0 && targets.every((t) => /^(\/var\/lib\/apt\/lists|\/var\/cache\/apt|\/tmp\/|~\/\.npm|\/root\/\.npm|\/root\/\.cache|~\/\.cache|\/usr\/local\/share\/\.cache)/.test(t));
  }
  return false;
}

/** System package commands and the packages they install (apt-get/apk install names). */
function systemPackages(cmd: ShellCommand): string[] | undefined {
  if (isCommand(cmd, APT, ['update', 'upgrade'])) return [];
  if (isCommand(cmd, APT, ['install'])) return positional(cmd).slice(1);
  if (isCommand(cmd, ['apk'], ['update', 'upgrade'])) return [];
  if (isCommand(cmd, ['apk'], ['add'])) {
    // `--virtual .name` takes a value that is not a package.
    const words = argumentsOf(cmd).map((w) => w.value);
    const out: string[] = [];
    for (let i = 0; i < words.length; i++) {
      if (words[i] === '--virtual' || words[i] === '-t') i++;
      else if (!words[i].startsWith('-') && words[i] !== 'add') out.push(words[i]);
    }
    return out;
  }
  return undefined;
}

/** Every simple command of every RUN item, classified. Exec-form and heredoc RUNs are unknown. */
export function classifyRuns(items: SourceItem[], extraBuild: (cmd: ShellCommand) => boolean = () => false): ClassifiedCommand[] {
  const out: ClassifiedCommand[] = [];
  for (const item of items) {
    if (item.role !== 'run') continue;
    if (item.ins.execForm || item.ins.heredocs.length || item.ins.commands.length === 0) {
      out.push({ item, role: 'unknown', text: item.ins.argsText });
      continue;
    }
    // `a || b`, `a | b` cannot be taken apart into separate steps: such a RUN stays whole, in the runner.
    if (item.ins.commands.some((c) => c.next === '||' || c.next === '|')) {
      out.push({ item, command: item.ins.commands[0], parts: item.ins.commands, role: 'unknown', text: item.ins.argsText });
      continue;
    }
    const start = out.length;
    for (const command of item.ins.commands) {
      const text = commandText(command);
      const packages = systemPackages(command);
      let role: CommandRole;
      if (packages) role = 'system';
      else if (isCleanup(command)) role = 'cleanup';
      else if (isGlobalInstall(command)) role = 'global';
      else if (isNodeInstall(command)) role = 'install';
      else if (isNodeBuild(command) || extraBuild(command)) role = 'build';
      else role = 'unknown';
      out.push({ item, command, role, text, packages: packages && packages.length ? packages : undefined });
    }
    // A RUN of unknown commands only is kept as written (its `;` and layout included).
    const mine = out.slice(start);
    if (mine.length > 1 && mine.every((c) => c.role === 'unknown')) out.splice(start, mine.length, { item, command: mine[0].command, parts: mine.map((c) => c.command!), role: 'unknown', text: item.ins.argsText });
  }
  return out;
}

/** Packages only needed to compile (native modules, C extensions): they stay in builder stages. */
export function isBuildPackage(name: string): boolean {
  return /^(build-essential|build-base|gcc|g\+\+|make|cmake|pkg-config|pkgconf|autoconf|automake|libtool|git|python3?|python3?-dev|musl-dev|linux-headers|.+-dev|.+-devel)$/.test(name);
}

/** Debian ↔ Alpine names for the few packages the split translates; anything else is not guessed. */
const DEBIAN_TO_ALPINE: Record<string, string> = {
  'build-essential': 'build-base', gcc: 'gcc', 'g++': 'g++', make: 'make', python3: 'python3', git: 'git',
  curl: 'curl', wget: 'wget', 'ca-certificates': 'ca-certificates', tini: 'tini', 'dumb-init': 'dumb-init', bash: 'bash', tzdata: 'tzdata',
};

export function translatePackages(names: string[], to: 'apt' | 'apk'): string[] | undefined {
  const map = to === 'apk' ? DEBIAN_TO_ALPINE : Object.fromEntries(Object.entries(DEBIAN_TO_ALPINE).map(([d, a]) => [a, d]));
  const out: string[] = [];
  for (const n of names) {
    if (!(n in map)) return undefined;
    out.push(map[n]);
  }
  return out;
}

export function installPackagesCommand(manager: 'apt' | 'apk', names: string[]): string[] {
  if (manager === 'apk') return [`apk add --no-cache ${names.join(' ')}`];
  return ['apt-get update', `apt-get install -y --no-install-recommends ${names.join(' ')}`, 'rm -rf /var/lib/apt/lists/*'];
}

/** Commands that mean the same on Debian and Alpine (coreutils and busybox agree on these uses). */
const PORTABLE = new Set(['mkdir', 'chown', 'chmod', 'ln', 'touch', 'echo', 'cp', 'mv', 'rm', 'export', 'cd', 'true', 'sed', 'cat']);

export function isPortable(command: ClassifiedCommand): boolean {
  const parts = command.parts ?? (command.command ? [command.command] : []);
  return parts.length > 0 && parts.every((c) => PORTABLE.has(programOf(c) ?? ''));
}
