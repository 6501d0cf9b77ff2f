// The roles the split gives the shell commands of RUN steps: dependency installs, build steps,
// system packages, cleanup, global tools, and everything it cannot place with certainty. What a
// command does is core/commands.ts's answer; this file only maps those answers to roles.
import type { ShellCommand } from '../../core/model';
import { programOf } from '../../core/queries';
import {
  cleansCaches,
  commandText,
  isPortableCommand,
  nodeGlobalInstall,
  nodeInstall,
  nodeToolchainStep,
  osPackageInstall,
  osPackageRefresh,
} from '../../core/commands';
import { SHELL_COMPOUND, type SourceItem } from './read';

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

/** apt/apk commands and the packages they install (none for update/upgrade); the split translates only these two. */
function systemPackages(cmd: ShellCommand): string[] | undefined {
  if (osPackageRefresh(cmd)) return [];
  const install = osPackageInstall(cmd);
  if (install?.manager === 'apt' || install?.manager === 'apk') return install.packages.map((w) => w.value);
  return undefined;
}

/** Cleanup and tooling the new layout makes moot (caches of builder stages, corepack: the plan enables it itself). */
const isCleanup = (cmd: ShellCommand) => programOf(cmd) === 'corepack' || cleansCaches(cmd);

/** Every simple command of every RUN item, classified. Exec-form and heredoc RUNs are unknown. */
export function classifyRuns(
  items: SourceItem[],
  extraBuild: (cmd: ShellCommand) => boolean = () => false,
): ClassifiedCommand[] {
  const out: ClassifiedCommand[] = [];
  for (const item of items) {
    if (item.role !== 'run') continue;
    if (item.ins.execForm || item.ins.heredocs.length || item.ins.commands.length === 0) {
      out.push({ item, role: 'unknown', text: item.ins.argsText });
      continue;
    }
    // Shell code (`if [ -f yarn.lock ]; then yarn; else npm ci; fi`, loops) cannot be taken apart
    // either: when it installs the project's dependencies it is the install (the plan says which
    // command replaces it), else it stays whole like `||`.
    if (item.ins.commands.some((c) => SHELL_COMPOUND.has(c.words[0]?.text ?? ''))) {
      const install = item.ins.commands.find((c) => nodeInstall(c)?.project);
      const build = item.ins.commands.find((c) => nodeToolchainStep(c) || extraBuild(c));
      out.push({
        item,
        command: install ?? build ?? item.ins.commands[0],
        parts: item.ins.commands,
        role: install ? 'install' : build ? 'build' : 'unknown',
        text: item.ins.argsText,
      });
      continue;
    }
    // `a || b`, `a | b` cannot be taken apart into separate steps: such a RUN stays whole, in the runner.
    if (item.ins.commands.some((c) => c.next === '||' || c.next === '|')) {
      out.push({
        item,
        command: item.ins.commands[0],
        parts: item.ins.commands,
        role: 'unknown',
        text: item.ins.argsText,
      });
      continue;
    }
    const start = out.length;
    for (const command of item.ins.commands) {
      const text = commandText(command);
      const packages = systemPackages(command);
      let role: CommandRole;
      if (packages) role = 'system';
      else if (isCleanup(command)) role = 'cleanup';
      else if (nodeGlobalInstall(command)) role = 'global';
      else if (nodeInstall(command)?.project) role = 'install';
      else if (nodeToolchainStep(command) || extraBuild(command)) role = 'build';
      else role = 'unknown';
      out.push({ item, command, role, text, packages: packages?.length ? packages : undefined });
    }
    // A RUN of unknown commands only is kept as written (its `;` and layout included).
    const mine = out.slice(start);
    if (mine.length > 1 && mine.every((c) => c.role === 'unknown'))
      out.splice(start, mine.length, {
        item,
        command: mine[0].command,
        parts: mine.map((c) => c.command!),
        role: 'unknown',
        text: item.ins.argsText,
      });
  }
  return out;
}

/** Every command of a classified RUN means the same on Debian and Alpine. */
export function isPortable(command: ClassifiedCommand): boolean {
  const parts = command.parts ?? (command.command ? [command.command] : []);
  return parts.length > 0 && parts.every(isPortableCommand);
}
