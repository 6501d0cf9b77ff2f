// What happens to the RUN steps of a Node file that are neither the install nor the build:
// system packages (builder or runner, translated between apt and apk), global npm tools, and
// commands the plan cannot classify (kept in place in the runner, or refused).
import { distrolessBlocker, type NodeContext } from './nodeContext';
import { isBuildToolPackage, translatePackages, installPackagesCommand } from '../../core/commands';
import type { ClassifiedCommand } from './roles';
import { osPackageManagerOf } from './images';
import { referencedWords } from './nodes';
import {
  unplacedRunsRefusal,
  keptInRunnerNote,
  droppedCleanupNote,
  placeInRunner,
  type RunnerPlaces,
} from './assembly';

/**
 * The refusals every Node plan checks once it knows its start command, in this order: what
 * distroless cannot run, the system packages, the RUN steps left over. Without a refusal: the
 * packages of each stage and the leftovers' places in the runner.
 */
export function nodeRunSteps(
  ctx: NodeContext,
): { system: { builder: string[]; runner: string[] }; leftovers: Leftovers } | { refused: string } {
  const blocker = distrolessBlocker(ctx);
  if (blocker) return blocker;
  const system = packagesByStage(ctx);
  if ('refused' in system) return system;
  const leftovers = leftoverCommands(ctx);
  if ('refused' in leftovers) return leftovers;
  return { system, leftovers };
}

/** Splits apt/apk packages into builder-only and runner packages, translated for each stage's distro. */
function packagesByStage(ctx: NodeContext): { builder: string[]; runner: string[] } | { refused: string } {
  const installed = ctx.runs.filter((r) => r.role === 'system').flatMap((r) => r.packages ?? []);
  const originalManager = osPackageManagerOf(ctx.parts);
  const builderManager: 'apt' | 'apk' = ctx.runner === 'alpine' ? 'apk' : 'apt';
  // The node image brings node: an installed python3 is node-gyp's, for building only.
  const isBuildPackage = (p: string) => isBuildToolPackage(originalManager, p, { runtimeInBase: true });
  const buildPkgs = installed.filter(isBuildPackage);
  const runPkgs = installed.filter((p) => !isBuildPackage(p));
  const forBuilder = builderManager === originalManager ? buildPkgs : translatePackages(buildPkgs, builderManager);
  if (!forBuilder)
    return { refused: `the build packages ${buildPkgs.join(' ')} have no known ${builderManager} names` };
  const builder = forBuilder.length ? installPackagesCommand(builderManager, forBuilder) : [];
  if (runPkgs.length === 0) return { builder, runner: [] };
  const referenced = referencedPrograms(ctx);
  const usedAtStart = runPkgs.filter((p) => referenced.some((r) => r === p || r.endsWith(`/${p}`)));
  if (ctx.runner === 'distroless') {
    if (usedAtStart.length)
      return {
        refused: `the start command or HEALTHCHECK uses ${usedAtStart.join(', ')}, installed with ${originalManager}; distroless has no package manager`,
      };
    ctx.warnings.push(
      `the runner drops the system packages ${runPkgs.join(', ')} (nothing in CMD, ENTRYPOINT or HEALTHCHECK uses them): add them back if the app runs them.`,
    );
    return { builder, runner: [] };
  }
  const runnerManager: 'apt' | 'apk' = ctx.runner === 'alpine' ? 'apk' : 'apt';
  const names = runnerManager === originalManager ? runPkgs : translatePackages(runPkgs, runnerManager);
  if (!names) return { refused: `the system packages ${runPkgs.join(' ')} have no known ${runnerManager} names` };
  if (
    runnerManager !== originalManager &&
    referenced.some((r) => r.startsWith('/') && usedAtStart.some((p) => r.endsWith(`/${p}`)))
  ) {
    return { refused: `the start command names ${usedAtStart.join(', ')} by a path that differs on ${ctx.runner}` };
  }
  return { builder, runner: installPackagesCommand(runnerManager, names) };
}

export function referencedPrograms(ctx: NodeContext): string[] {
  return referencedWords(ctx.src);
}

/** Commands the plan cannot place: kept in a slim/alpine runner with a warning, refused for distroless. */
export type Leftovers = RunnerPlaces;

function leftoverCommands(ctx: NodeContext): Leftovers | { refused: string } {
  const referenced = referencedPrograms(ctx);
  const globals = ctx.runs.filter((r) => r.role === 'global');
  const kept: ClassifiedCommand[] = [];
  for (const g of globals) {
    const names = g.command
      ? g.command.words
          .slice(1)
          .map((w) => w.value)
          .filter((w) => !w.startsWith('-') && !['install', 'i', 'add', 'global'].includes(w))
      : [];
    // A package's binaries often carry its name as a prefix: pm2 brings pm2-runtime, pm2-docker.
    const needed = names.some((n) => {
      const name = n.replace(/(.)@.*$/, '$1');
      return referenced.some((r) => r === name || r.startsWith(`${name}-`) || r.endsWith(`/${name}`));
    });
    if (!needed) ctx.warnings.push(`\`${g.text}\` is not carried over: nothing in the start command uses it.`);
    else if (ctx.runner === 'distroless')
      return { refused: `the start command needs the global tool installed by \`${g.text}\`` };
    else kept.push(g);
  }
  const unknown = ctx.runs.filter((r) => r.role === 'unknown');
  const refusal = unplacedRunsRefusal(unknown, ctx.parts.variant === 'alpine', ctx.runner);
  if (refusal) return refusal;
  const note = keptInRunnerNote(unknown);
  if (note) ctx.warnings.push(note);
  const cleanup = droppedCleanupNote(ctx.runs);
  if (cleanup) ctx.warnings.push(cleanup);
  const places = placeInRunner(ctx.src, unknown);
  return { ...places, early: [...kept, ...places.early] };
}
