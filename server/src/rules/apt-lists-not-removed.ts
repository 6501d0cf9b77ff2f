import type { Rule, RuleContext } from './types';
import type { RuleFinding, Fix } from '../core/findings';
import type { InstructionModel, StageModel } from '../core/model';
import { cleansCacheAfter, isAptUpdate, keepsAptArchives, mountsCache, osPackageInstall } from '../core/commands';
import { shippedChainRuns, stageChain } from '../core/queries';
import { appendToRun, textOf } from '../core/edits';
import { append } from '../core/collections';

const CLEANUP = 'rm -rf /var/lib/apt/lists/*';

// Judged on the final stage and the stages it is built FROM (with their ONBUILD triggers): only
// their layers ship. A builder whose files are merely COPY --from'd leaves its apt lists behind.
export const rule: Rule = {
  meta: {
    id: 'apt-lists-not-removed',
    category: 'size',
    defaultSeverity: 'warning',
    summary: '`apt-get update`/`install` without `rm -rf /var/lib/apt/lists/*` in the same RUN.',
    why: '`apt-get update` downloads the package index (typically 20–50 MB) into `/var/lib/apt/lists`. Unless the same RUN deletes it, it is frozen into that layer and shipped with every pull, even if a later RUN removes it. An update in its own RUN is also cached separately from the install, so a later edit to the install list can use a stale index. A cache or tmpfs mount on /var/lib/apt (or its lists) keeps the index out; if the file removes `/etc/apt/apt.conf.d/docker-clean` (to keep downloaded packages for a cache mount), /var/cache/apt must be mounted too or the .debs stay in the layer. Judged on the layers that ship: the final stage, the stages it is built FROM, and their ONBUILD triggers.',
    examples: {
      bad: 'FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl\n',
      good: 'FROM debian:bookworm-slim\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl \\\n    && rm -rf /var/lib/apt/lists/*\n',
    },
    fixable: true,
    hadolint: ['DL3009'],
    hadolintDifferences: {
      DL3009:
        'an `ONBUILD RUN apt-get …` in a builder stage that no shipped stage is built FROM is not reported: its trigger never runs in the image.',
    },
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    let updatedBefore = false;
    let archivesKept = false;
    for (const { stage, instruction: ins } of shippedChainRuns(ctx.model, ctx.final)) {
      archivesKept ||= keepsAptArchives(ins);
      append(findings, checkRun(ctx, stage, ins, updatedBefore, archivesKept));
      if (ins.commands.some(isAptUpdate)) updatedBefore = true;
    }
    return findings;
  },
};

/**
 * `updatedBefore`: an earlier layer ran `apt-get update`. An install-only RUN then adds no lists of
 * its own (the earlier RUN is the one reported), so it is not flagged.
 */
function checkRun(
  ctx: RuleContext,
  stage: StageModel,
  ins: InstructionModel,
  updatedBefore: boolean,
  archivesKept: boolean,
): RuleFinding[] {
  const update = ins.commands.find(isAptUpdate);
  const install = ins.commands.map((c) => osPackageInstall(c)).find((i) => i?.manager === 'apt');
  if (!update && (!install || updatedBefore)) return [];
  if (removesLists(ins) || mountsCache(ins, 'apt')) {
    // The lists stay out; with docker-clean gone, the downloaded .debs stay unless /var/cache/apt is mounted too.
    if (
      !install ||
      !archivesKept ||
      mountsCache(ins, 'apt-archives') ||
      cleansCacheAfter(ins, undefined, 'apt-archives')
    )
      return [];
    return [
      {
        range: install.verb.range,
        message:
          'This file removes /etc/apt/apt.conf.d/docker-clean, so apt keeps every downloaded .deb in /var/cache/apt, which is not mounted here and ships in this layer: add `--mount=type=cache,target=/var/cache/apt` (or end the RUN with `apt-get clean`).',
      },
    ];
  }
  const word = update ? update.words.find((w) => w.text === 'update')! : install!.verb;
  const fixes: Fix[] = [];
  const safe = !laterAptInstall(ctx, stage, ins);
  const next = stage.instructions[stage.instructions.indexOf(ins) + 1];
  const mergeable = update && !install && ins.commands.length === 1 && next && canMergeInto(ctx, ins, next);
  if (mergeable) {
    const cleanup = removesLists(next) ? undefined : appendToRun(ctx.model, next, CLEANUP, true);
    const lastArg = ins.args[ins.args.length - 1];
    const gap = { start: lastArg.range.end, end: next.args[0].range.start };
    fixes.push({
      title: 'Merge `apt-get update` into the install RUN and remove the lists',
      safe: safe && !laterAptInstall(ctx, stage, next),
      isPreferred: true,
      edits: [{ range: gap, newText: ` ${ctx.model.escapeChar}\n    && ` }, ...(cleanup ? [cleanup] : [])],
    });
  }
  // Deleting the lists right after an update that installs nothing would only break the next install.
  const append = install ? appendToRun(ctx.model, ins, CLEANUP) : undefined;
  if (append) fixes.push({ title: 'Add `&& rm -rf /var/lib/apt/lists/*` to this RUN', safe, edits: [append] });
  return [
    {
      range: word.range,
      message:
        update && !install
          ? '`apt-get update` in its own RUN freezes the package index (tens of MB) into a layer and goes stale in the cache: run it in the same RUN as the install and end that RUN with `rm -rf /var/lib/apt/lists/*`.'
          : update
            ? 'The apt package index stays in this layer (tens of MB shipped with the image): end this RUN with `&& rm -rf /var/lib/apt/lists/*`.'
            : '`apt-get install` without `apt-get update` in the same RUN relies on package lists from the base image, which then stay in the image: run `apt-get update` here and end the RUN with `&& rm -rf /var/lib/apt/lists/*`.',
      fixes,
    },
  ];
}

function removesLists(ins: InstructionModel): boolean {
  return cleansCacheAfter(ins, undefined, 'apt');
}

/** The next instruction is a plain RUN whose first command is the apt install, nothing between. */
function canMergeInto(ctx: RuleContext, update: InstructionModel, next: InstructionModel): boolean {
  if (
    next.keyword !== 'RUN' ||
    next.flags.length > 0 ||
    update.flags.length > 0 ||
    next.execForm ||
    next.heredocs.length > 0
  )
    return false;
  if (next.range.start.line !== update.range.end.line + 1) return false;
  const first = next.commands[0];
  if (!first || osPackageInstall(first)?.manager !== 'apt') return false;
  return (
    textOf(ctx.model, {
      start: update.args[update.args.length - 1].range.end,
      end: next.args[0].range.start,
    }).trim() === 'RUN'
  );
}

/** A later apt install (without its own update) in this stage or a stage built FROM it would fail once the lists are gone. */
function laterAptInstall(ctx: RuleContext, stage: StageModel, ins: InstructionModel): boolean {
  const descendants = ctx.model.stages.filter((s) => s !== stage && stageChain(ctx.model, s).includes(stage));
  const later = [
    ...stage.instructions.slice(stage.instructions.indexOf(ins) + 1),
    ...descendants.flatMap((s) => s.instructions),
  ];
  return later.some(
    (i) =>
      i.keyword === 'RUN' &&
      i.commands.some((c) => osPackageInstall(c)?.manager === 'apt') &&
      !i.commands.some(isAptUpdate),
  );
}
