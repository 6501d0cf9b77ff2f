// What happens to the RUN steps of a Node file that are neither the install nor the build:
// system packages (builder or runner, translated between apt and apk), global npm tools, and
// commands the plan cannot classify (kept in place in the runner, or refused).
import type { NodeContext } from './node';
import { isBuildPackage, translatePackages, installPackagesCommand, isPortable, type ClassifiedCommand } from './commands';
import { referencedWords } from './nodes';

/** Splits apt/apk packages into builder-only and runner packages, translated for each stage's distro. */
export function systemPackages(ctx: NodeContext): { builder: string[]; runner: string[] } | { refused: string } {
  const installed = ctx.runs.filter((r) => r.role === 'system').flatMap((r) => r.packages ?? []);
  const originalManager: 'apt' | 'apk' = ctx.parts.variant === 'alpine' ? 'apk' : 'apt';
  const builderManager: 'apt' | 'apk' = ctx.runner === 'alpine' ? 'apk' : 'apt';
  const buildPkgs = installed.filter(isBuildPackage);
  const runPkgs = installed.filter((p) => !isBuildPackage(p));
  const forBuilder = builderManager === originalManager ? buildPkgs : translatePackages(buildPkgs, builderManager);
  if (!forBuilder) return { refused: `the build packages ${buildPkgs.join(' ')} have no known ${builderManager} names` };
  const builder = forBuilder.length ? installPackagesCommand(builderManager, forBuilder) : [];
  if (runPkgs.length === 0) return { builder, runner: [] };
  const referenced = referencedPrograms(ctx);
  const usedAtStart = runPkgs.filter((p) => referenced.some((r) => r === p || r.endsWith('/' + p)));
  if (ctx.runner === 'distroless') {
    if (usedAtStart.length) return { refused: `the start command or HEALTHCHECK uses ${usedAtStart.join(', ')}, installed with ${originalManager}; distroless has no package manager` };
    ctx.warnings.push(`the runner drops the system packages ${runPkgs.join(', ')} (nothing in CMD, ENTRYPOINT or HEALTHCHECK uses them): add them back if the app runs them.`);
    return { builder, runner: [] };
  }
  const runnerManager: 'apt' | 'apk' = ctx.runner === 'alpine' ? 'apk' : 'apt';
  const names = runnerManager === originalManager ? runPkgs : translatePackages(runPkgs, runnerManager);
  if (!names) return { refused: `the system packages ${runPkgs.join(' ')} have no known ${runnerManager} names` };
  if (runnerManager !== originalManager && referenced.some((r) => r.startsWith('/') && usedAtStart.some((p) => r.endsWith('/' + p)))) {
    return { refused: `the start command names ${usedAtStart.join(', ')} by a path that differs on ${ctx.runner}` };
  }
  return { builder, runner: installPackagesCommand(runnerManager, names) };
}

export function referencedPrograms(ctx: NodeContext): string[] {
  return referencedWords(ctx.src);
}

/** Commands the plan cannot place: kept in a slim/alpine runner with a warning, refused for distroless. */
export interface Leftovers {
  /** Before the runner's WORKDIR: the original ran them before its first WORKDIR and copy (users, folders). */
  first: ClassifiedCommand[];
  /** Before the app is copied in (global tools, setup). */
  early: ClassifiedCommand[];
  /** After the app is copied. */
  late: ClassifiedCommand[];
}

export function leftoverCommands(ctx: NodeContext): Leftovers | { refused: string } {
  const referenced = referencedPrograms(ctx);
  const globals = ctx.runs.filter((r) => r.role === 'global');
  const kept: ClassifiedCommand[] = [];
  for (const g of globals) {
    const names = g.command ? g.command.words.slice(1).map((w) => w.value).filter((w) => !w.startsWith('-') && !['install', 'i', 'add', 'global'].includes(w)) : [];
    const needed = names.some((n) => referenced.includes(n.replace(/@.*$/, '')));
    if (!needed) ctx.warnings.push(`\`${g.text}\` is not carried over: nothing in the start command uses it.`);
    else if (ctx.runner === 'distroless') return { refused: `the start command needs the global tool installed by \`${g.text}\`` };
    else kept.push(g);
  }
  const unknown = ctx.runs.filter((r) => r.role === 'unknown');
  if (unknown.some((u) => !u.command)) return { refused: 'a heredoc or exec-form RUN the split cannot place' };
  if (unknown.length && ctx.runner === 'distroless') return { refused: `RUN steps the split cannot place (${unknown.map((u) => `\`${u.text}\``).join(', ')}) need a shell, which distroless lacks` };
  // RUN steps written for one distribution (adduser -D, apk) do not carry over to another.
  const distroSpecific = unknown.filter((u) => !isPortable(u));
  if (distroSpecific.length && (ctx.runner === 'alpine') !== (ctx.parts.variant === 'alpine')) {
    return { refused: `RUN steps written for ${ctx.parts.variant === 'alpine' ? 'alpine' : 'debian'} (${distroSpecific.map((u) => `\`${u.text}\``).slice(0, 3).join(', ')}) would run on ${ctx.runner === 'alpine' ? 'alpine' : 'debian'}` };
  }
  if (unknown.length) ctx.warnings.push(`${unknown.map((u) => `\`${u.text}\``).join(', ')} ${unknown.length > 1 ? 'run' : 'runs'} in the runner as before: check ${unknown.length > 1 ? 'they still do' : 'it still does'} what the app needs there.`);
  const lineOf = (role: string) => Math.min(...ctx.src.items.filter((i) => i.role === role).map((i) => i.ins.range.start.line));
  const firstCopy = lineOf('copy-sources');
  const firstWorkdir = lineOf('workdir');
  const at = (u: ClassifiedCommand) => u.item.ins.range.start.line;
  return {
    first: unknown.filter((u) => at(u) < Math.min(firstCopy, firstWorkdir)),
    early: [...kept, ...unknown.filter((u) => at(u) >= Math.min(firstCopy, firstWorkdir) && at(u) < firstCopy)],
    late: unknown.filter((u) => at(u) >= firstCopy),
  };
}
