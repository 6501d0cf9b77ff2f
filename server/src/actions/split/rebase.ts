// "Replace the runner" when the final stage only assembles what earlier stages made (every stage on
// node:20-slim, the final one copying node_modules and dist --from them): nothing is left to move
// to a builder, so the final stage moves to the runner image and keeps every instruction, with the
// same rules as the split for what the new image cannot do (no shell on distroless, musl on alpine).
import type { WorkspaceFacts } from '../../core/workspace';
import type { PlanNode, PlanOutcome, RunnerKind } from './plan';
import type { SourceFacts, SourceItem } from './read';
import { exactWords } from './read';
import { classifyRuns } from './roles';
import { tagParts, majorOf, runnerLibc } from './images';
import { runnerFor } from './runners';
import { readStart } from './start';
import { packageManagerOf } from './nodeInstall';
import { startCommandNodes } from './node';
import { verbatim, withComments, keptRuns } from './nodes';
import { assemblePlan, isHealthcheckNone, runnerUserNode, unplacedRunsRefusal, NO_START } from './assembly';

export function planRebase(src: SourceFacts, facts: WorkspaceFacts, runner: RunnerKind, name: string): PlanOutcome {
  const image = src.stage.image;
  const parts = tagParts(image.raw, image.resolved!);
  if (!parts || parts.repository !== 'node')
    return {
      refused: `the final stage installs and builds nothing, and runs on ${image.raw}: only node images are rebased`,
    };
  const chosen = runnerFor('node', runner, { original: image.resolved!, parts, nodeMajor: majorOf(image.resolved!) });
  if ('refused' in chosen) return chosen;
  if (chosen.image === image.resolved || chosen.image === image.raw)
    return { refused: `the final stage already runs on ${chosen.image}` };
  const originalAlpine = parts.variant === 'alpine';
  // Modules copied from another stage were built for that stage's libc.
  const copiesModules = src.items.some(
    (i) => i.ins.flags.some((f) => f.name === 'from') && i.copy?.sources.some((x) => /node_modules/.test(x)),
  );
  if (copiesModules && (runnerLibc(runner) === 'musl') !== originalAlpine)
    return {
      refused: `node_modules comes from a stage on ${originalAlpine ? 'musl (alpine)' : 'glibc'}: native modules would not load on ${runner}`,
    };
  const runs = classifyRuns(src.items);
  const refusal = unplacedRunsRefusal(runs, originalAlpine, runner);
  if (refusal) return refusal;
  const start = readStart(src.items, facts.packageJson, facts.view);
  if (!start) return NO_START;
  if (start.kept && runner === 'distroless')
    return { refused: `${start.kept}, and distroless has no npm or shell to run it` };
  const warnings: string[] = [];
  if (start.kept) warnings.push(`${start.kept}: the start command is kept as written.`);
  const used = new Set<SourceItem>();
  const nodes: PlanNode[] = [];
  const userItem = [...src.items].reverse().find((i) => i.role === 'user');
  // On slim and alpine the stage's own RUNs (adduser) stay: so do the users they create.
  const own = userItem?.ins.args[0]?.value.split(':')[0] ?? '';
  const user = runnerUserNode(src, used, chosen.user, runner === 'distroless' ? ['nonroot'] : ['node', own], warnings);
  for (const item of src.items) {
    if (item.role === 'cmd' || item.role === 'entrypoint') continue;
    if (item === userItem) nodes.push(user);
    else if (item.role === 'user') nodes.push(verbatim({ src }, item, used));
    else if (item.role === 'run')
      nodes.push(
        ...keptRuns(
          runs.filter((r) => r.item === item),
          used,
        ),
      );
    else if (item.role === 'healthcheck' && runner === 'distroless' && !isHealthcheckNone(item)) {
      const words = exactWords(item);
      if (!words || words[0] !== 'node')
        return {
          refused: `the HEALTHCHECK (\`${item.ins.argsText.trim()}\`) needs a shell or a program distroless lacks`,
        };
      const options = item.ins.flags.map((f) => `--${f.name}${f.value !== null ? `=${f.value}` : ''}`);
      nodes.push(
        withComments({ kind: 'healthcheck', options, args: ['/nodejs/bin/node', ...words.slice(1)] }, [item], used),
      );
    } else nodes.push(verbatim({ src }, item, used));
  }
  if (!userItem) nodes.push(user);
  nodes.push(...startCommandNodes({ src, start, runner, warnings, pm: packageManagerOf(facts) }, used));
  if (!start.cmdItem && !start.entrypointItem) return NO_START;
  return assemblePlan(
    src,
    runner,
    chosen.image,
    [{ name, image: chosen.image, purpose: 'the same stage on the runner image', nodes }],
    warnings,
  );
}
