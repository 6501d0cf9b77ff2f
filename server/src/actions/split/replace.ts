// "Replace the runner": a multi-stage file whose final stage still ships the builder (the final
// stage `FROM builder`, or every stage on node:20-slim). The final stage and the stages it is built
// on (its chain) are read as one stage — the same lines, other stages blanked — so the single-stage
// planners plan it with the same fidelity; the other stages are kept as written, before the new ones.
import type { DockerfileModel, StageModel } from '../../core/model';
import { officialName } from '../../sizes/reference';
import type { SplitPlan } from './plan';

/** Images that ship a toolchain: a final stage on one of these ships the builder. */
const BUILDER_FAMILIES = new Set([
  'node',
  'python',
  'golang',
  'maven',
  'gradle',
  'eclipse-temurin',
  'openjdk',
  'amazoncorretto',
]);

export interface FatRunner {
  /** The file with only the final stage's chain left: same line numbers, other lines blank. */
  chainText: string;
  /** The other stages as written, printed before the new stages. */
  kept: string[];
  /** Their names: the new stages must not take them. */
  keptNames: string[];
  /** The stages of the chain, root first. */
  chain: StageModel[];
}

/** The final stage's chain, when the final stage ships a builder image; else why not. */
export function fatRunner(model: DockerfileModel): FatRunner | { refused: string } {
  if (model.stages.length < 2)
    return { refused: 'the file has one stage: the split applies, not "replace the runner"' };
  const last = model.stages[model.stages.length - 1];
  const chain: StageModel[] = [last];
  while (chain[0].baseStage !== undefined) chain.unshift(model.stages[chain[0].baseStage]);
  const root = chain[0];
  if (root.scratch) return { refused: 'the final stage is built FROM scratch: it ships no builder' };
  const image = root.image.resolved;
  if (image === null) return { refused: `the base image ${root.image.raw} uses a build argument without a default` };
  const family = officialName(image) ?? '';
  if (!BUILDER_FAMILIES.has(family))
    return { refused: `the final stage runs on ${image}, not on a builder image: its runner is already its own` };
  const inChain = new Set(chain.map((s) => s.index));
  const others = model.stages.filter((s) => !inChain.has(s.index));
  // On its own image, the final stage ships the builder when a stage that builds runs on that image too.
  if (
    chain.length === 1 &&
    !others.some((s) => s.image.resolved === image && s.instructions.some((i) => i.keyword === 'RUN'))
  )
    return {
      refused: `the final stage runs on ${image}, which no build stage uses: its runner is already its own`,
    };
  const dependent = others.find((s) => s.baseStage !== undefined && inChain.has(s.baseStage));
  if (dependent)
    return {
      refused: `stage ${dependent.name ?? dependent.index} is built on ${model.stages[dependent.baseStage!].name}, which the new stages replace`,
    };
  // Stage lines: from its FROM to the line before the next stage's FROM.
  const starts = model.stages.map((s) => s.from.range.start.line);
  const span = (s: StageModel): [number, number] => [starts[s.index], (starts[s.index + 1] ?? model.lines.length) - 1];
  const lines = [...model.lines];
  const kept: string[] = [];
  for (const s of others) {
    const [from, to] = span(s);
    const block = lines.slice(from, to + 1);
    while (block.length && block[block.length - 1].trim() === '') block.pop();
    kept.push(block.join('\n'));
    for (let l = from; l <= to; l++) lines[l] = '';
  }
  // The chain's later FROMs go: their instructions continue the root stage.
  for (const s of chain.slice(1)) for (let l = s.from.range.start.line; l <= s.from.range.end.line; l++) lines[l] = '';
  return {
    chainText: lines.join('\n'),
    kept,
    keptNames: others.map((s) => s.name).filter((n): n is string => !!n),
    chain,
  };
}

/** Gives the new stages names the kept stages do not use (`deps` → `split-deps`), references included. */
export function renameAround(plan: SplitPlan, taken: string[]): void {
  const names = new Map<string, string>();
  for (const stage of plan.stages) {
    if (!taken.includes(stage.name)) continue;
    let name = `split-${stage.name}`;
    for (let i = 2; taken.includes(name); i++) name = `split-${stage.name}-${i}`;
    names.set(stage.name, name);
  }
  if (!names.size) return;
  for (const stage of plan.stages) {
    stage.name = names.get(stage.name) ?? stage.name;
    for (const node of stage.nodes)
      if (node.kind === 'copy' && node.from) node.from = names.get(node.from) ?? node.from;
  }
}
