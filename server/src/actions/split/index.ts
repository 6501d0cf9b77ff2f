// The multi-stage split as a compiler pass: read the single-stage file (read.ts), plan stages
// per ecosystem (node.ts, python.ts, go.ts, java.ts), print (print.ts). Pure: text + workspace facts in,
// text + edits out. Used by the code action, `layerwise split` and the size panel.
import { parseDockerfile } from '../../core/parse';
import type { FileEdit } from '../../core/findings';
import type { WorkspaceFacts } from '../../core/workspace';
import { RUNNER_KINDS, isRefused, type PlanOutcome, type RunnerKind } from './plan';
import { readSingleStage, type SourceFacts } from './read';
import { planNode } from './node';
import { planGo } from './go';
import { planPython } from './python';
import { planJava } from './java';
import { printPlan } from './print';
import { ledgerOf, type LedgerEntry } from './ledger';
import { fatRunner, renameAround, type FatRunner } from './replace';
import { planRebase } from './rebase';
import { classifyRuns } from './roles';
import { predictOriginalSize, predictRunnerSize, type BaseSizeLookup, type SizePrediction } from './predict';
import { officialName } from '../../sizes/reference';

export type { RunnerKind } from './plan';
export type { LedgerEntry } from './ledger';
export { lostInstructions } from './ledger';
export { RUNNER_KINDS } from './plan';

export interface SplitOptions {
  runner?: RunnerKind;
  /** On-disk sizes of images the caller has looked up (daemon, registry); the catalogue fills in the rest. */
  baseSizes?: BaseSizeLookup;
  /** On-disk size of the image the original file built last, when the caller knows it: the saving is against it (else against the original as predicted here). */
  originalBytes?: number;
}

export interface SplitResult {
  text: string;
  title: string;
  runner: RunnerKind;
  runnerImage: string;
  /** Predicted on-disk size of the split's image (runner base + what it copies, measured here), when the base can be sized. */
  prediction?: SizePrediction;
  warnings: string[];
  /** Edits to other files that belong to the split (next.config.* for Next.js standalone). */
  extraEdits: FileEdit[];
  /** Every instruction of the original and where it went (stages, notes): nothing may be lost. */
  ledger: LedgerEntry[];
}

export type SplitOutcome = SplitResult | { refused: string };

type Planner = (src: SourceFacts, facts: WorkspaceFacts, runner: RunnerKind) => PlanOutcome;

/** Which ecosystem a file belongs to, from the workspace first and the base image second. */
function plannerFor(src: SourceFacts, facts: WorkspaceFacts | undefined): Planner | { refused: string } {
  if (!facts)
    return { refused: 'the Dockerfile has no folder (unsaved): the split reads package.json and friends next to it' };
  const image = src.stage.image.resolved ?? '';
  const repo = officialName(image) ?? '';
  if (repo === 'golang' || (facts.goMod && repo !== 'node' && repo !== 'python')) return planGo;
  if (repo === 'python' || ((facts.requirementsTxt || facts.pyproject) && repo !== 'node')) return planPython;
  if (['maven', 'gradle', 'eclipse-temurin', 'openjdk', 'amazoncorretto'].includes(repo)) return planJava;
  if (facts.packageJson || facts.packageJsonBroken || repo === 'node') return planNode;
  return { refused: `the split knows Node, Python, Go and Java projects; this one (${image}) is none of them` };
}

/** Without a runner, the first the plan can honour: distroless, then slim, then alpine. */
export function splitDockerfile(
  text: string,
  facts: WorkspaceFacts | undefined,
  options: SplitOptions = {},
): SplitOutcome {
  if (!options.runner) {
    const tries = RUNNER_KINDS.map((runner) => splitWith(text, facts, runner, options));
    return tries.find((t) => !('refused' in t)) ?? tries[0];
  }
  return splitWith(text, facts, options.runner, options);
}

function splitWith(
  text: string,
  facts: WorkspaceFacts | undefined,
  runner: RunnerKind,
  options: SplitOptions = {},
  replace?: FatRunner,
): SplitOutcome {
  const model = parseDockerfile(replace ? replace.chainText : text);
  const src = readSingleStage(model);
  if ('refused' in src) return src;
  // A final stage that only assembles what earlier stages made moves to the runner image as it is.
  const assembles = replace && !classifyRuns(src.items).some((r) => r.role === 'install' || r.role === 'build');
  const finalName = replace?.chain[replace.chain.length - 1].name ?? 'runner';
  const planner: Planner | { refused: string } = assembles
    ? facts
      ? (s, f, r) => planRebase(s, f, r, finalName)
      : { refused: 'the Dockerfile has no folder (unsaved): the runner change reads package.json next to it' }
    : plannerFor(src, facts);
  if ('refused' in planner) return planner;
  const plan = planner(src, facts!, runner);
  if (isRefused(plan)) return plan;
  if (replace) {
    if (!assembles) renameAround(plan, replace.keptNames);
    plan.kept = replace.kept;
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const original =
    options.originalBytes !== undefined
      ? { bytes: options.originalBytes, floor: false }
      : predictOriginalSize(src, plan, facts!, options.baseSizes);
  const prediction = predictRunnerSize(plan, facts!, src.appDir, { lookup: options.baseSizes, original });
  const stageNames = plan.stages.map((s) => s.name).join('/');
  return {
    text: printPlan(plan, model.escapeChar, eol),
    title: `${replace ? `Replace the runner ${src.stage.image.raw} → ${plan.runnerImage}${assembles ? '' : ` (new ${stageNames} stages)`}` : `Split into ${stageNames} stages`} — runner ${runner}, ${prediction ? prediction.label : `size not known (no figure for ${plan.runnerImage})`}`,
    runner,
    runnerImage: plan.runnerImage,
    prediction,
    warnings: plan.warnings,
    extraEdits: plan.extraEdits,
    ledger: ledgerOf(src, plan),
  };
}

type Variants = { results: SplitResult[]; refused: { runner: RunnerKind; reason: string }[] };

/** One result per runner that the plan can honour, plus the reasons for the others. */
export function splitVariants(
  text: string,
  facts: WorkspaceFacts | undefined,
  options: Omit<SplitOptions, 'runner'> = {},
  rewrite: typeof splitDockerfile = splitDockerfile,
): Variants {
  const results: SplitResult[] = [];
  const refused: { runner: RunnerKind; reason: string }[] = [];
  for (const runner of RUNNER_KINDS) {
    const out = rewrite(text, facts, { ...options, runner });
    if ('refused' in out) refused.push({ runner, reason: out.refused });
    else results.push(out);
  }
  return { results, refused };
}

/**
 * "Replace the runner" for a multi-stage file whose final stage ships the builder (`FROM builder`,
 * or every stage on node:20-slim): the final stage's chain is planned like a single stage, with the
 * same planners; the other stages stay as written. Without a runner, the first the plan can honour.
 */
export function replaceRunner(
  text: string,
  facts: WorkspaceFacts | undefined,
  options: SplitOptions = {},
): SplitOutcome {
  const fat = fatRunner(parseDockerfile(text));
  if ('refused' in fat) return fat;
  const runners = options.runner ? [options.runner] : RUNNER_KINDS;
  const tries = runners.map((runner) => splitWith(text, facts, runner, options, fat));
  return tries.find((t) => !('refused' in t)) ?? tries[0];
}

/** The rewrite a file gets: the split for one stage, "replace the runner" for more. */
export function rewriteDockerfile(
  text: string,
  facts: WorkspaceFacts | undefined,
  options: SplitOptions = {},
): SplitOutcome {
  return (parseDockerfile(text).stages.length > 1 ? replaceRunner : splitDockerfile)(text, facts, options);
}

/** What the editor offers for a file: the split for one stage, "replace the runner" for more. */
export function rewriteVariants(
  text: string,
  facts: WorkspaceFacts | undefined,
  options: Omit<SplitOptions, 'runner'> = {},
): Variants {
  const multi = parseDockerfile(text).stages.length > 1;
  return splitVariants(text, facts, options, multi ? replaceRunner : splitDockerfile);
}
