import type { Rule } from './types';
import type { DockerfileModel, Range, StageCopy, StageModel } from '../core/model';
import type { FileEdit, Fix, RuleFinding } from '../core/findings';
import { isCommand } from '../core/queries';
import { pushTo } from '../core/collections';
import { perString } from '../core/memo';
import { parseImageReference } from '../sizes/reference';

// `COPY --from=0` silently points at another stage when a stage is inserted above; unnamed
// builder stages also cannot be built alone with `--target`. The last stage is the image itself
// and may stay unnamed.
export const rule: Rule = {
  meta: {
    id: 'unnamed-stage',
    category: 'correctness',
    defaultSeverity: 'info',
    summary: 'A builder stage lacking `AS name`, a `COPY --from=<index>`, or a `--from` that names no earlier stage.',
    why: '`COPY --from=0` refers to a stage by position: add or reorder a stage and it copies from the wrong one, often without failing. Unnamed stages cannot be built alone with `--target` and make the file hard to read. Name every stage that others use (`FROM golang:1.22 AS build`) and refer to it by name. A `--from` must name an earlier stage: a name no earlier stage has (a typo, or a stage further down) makes Docker pull an image of that name instead, and a number that is not an earlier stage fails the build.',
    examples: {
      bad: 'FROM golang:1.22\nRUN CGO_ENABLED=0 go build -o /app .\nFROM scratch\nCOPY --from=0 /app /app\n',
      good: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n',
    },
    fixable: true,
    hadolint: ['DL3022'],
    hadolintDifferences: {
      DL3022:
        '`--from=<index>` naming a valid earlier stage is reported too (hadolint accepts it): the number silently points at another stage once a stage is inserted above.',
    },
  },
  check({ model }) {
    const findings: RuleFinding[] = brokenReferences(model);
    const last = model.stages[model.stages.length - 1];
    // Per stage index (arrays, not maps: one entry per unnamed stage, 84,000 in a 1 MB file).
    const names: (string | undefined)[] = [];
    const namer = stageNamer(model);
    const numericRefs = numericReferencesTo(model);
    // One fix per stage, shared by its findings: it renames every numeric reference to the stage, so a
    // fix per reference was quadratic (4,000 stages each reading stage 0 by number: 0.8 s at 80 kB).
    const fixes: (Fix | undefined)[] = [];
    const nameFix = (stage: StageModel, name: string) =>
      (fixes[stage.index] ??= nameFixOf(stage, name, numericRefs.get(stage.index) ?? []));
    const nameFor = (stage: StageModel) => (names[stage.index] ??= namer(stage));
    for (const stage of model.stages) {
      if (stage.name || stage === last) continue;
      const name = nameFor(stage);
      findings.push({
        range: stage.image.range,
        message: `Stage ${stage.index} (\`${stage.image.raw}\`) has no name: other stages must refer to it by position, which breaks silently when stages move, and \`--target\` cannot build it. Name it: \`FROM ${stage.image.raw} AS ${name}\`.`,
        fixes: [nameFix(stage, name)],
      });
    }
    for (const stage of model.stages) {
      for (const copy of stage.copiesFrom) {
        if (!/^\d+$/.test(copy.ref) || copy.stageIndex === undefined) continue;
        const target = model.stages[copy.stageIndex];
        const range = numericRefRange(copy);
        if (!range) continue;
        const name = target.name ?? nameFor(target);
        findings.push({
          range,
          message: `\`--from=${copy.ref}\` picks a stage by position: adding or reordering a stage makes it copy from the wrong one. Refer to the stage by name (\`${name}\`).`,
          fixes: [nameFix(target, name)],
        });
      }
    }
    return findings;
  },
};

/**
 * `--from` values that cannot mean what they say: a number that is not an earlier stage (the stage
 * itself, or one further down), a stage name defined further down, or a bare word no stage has —
 * Docker then pulls an image of that name (`assets:latest`), almost always a typo for a stage.
 */
function brokenReferences(model: DockerfileModel): RuleFinding[] {
  const findings: RuleFinding[] = [];
  // Each name's stages in stage order, to find the first one at or below a reference without a walk of
  // every stage per reference (thousands of stages each copying from a typo were quadratic). Gathered on
  // the first reference to a name no earlier stage has: most files have none, and a list per named stage
  // was most of this rule's garbage in a file of 47,000 stages.
  let stagesNamed: Map<string, StageModel[]> | undefined;
  const firstNamedFrom = (name: string, index: number) => {
    if (!stagesNamed) {
      stagesNamed = new Map();
      for (const s of model.stages) if (s.name !== undefined) pushTo(stagesNamed, s.name, s);
    }
    return stagesNamed.get(name)?.find((s) => s.index >= index);
  };
  for (const stage of model.stages)
    for (const copy of stage.copiesFrom) {
      if (copy.stageIndex !== undefined || copy.ref.includes('$')) continue;
      const numeric = /^\d+$/.test(copy.ref);
      const range = numeric ? numericRefRange(copy) : (copy.refRange ?? undefined);
      if (!range) continue;
      if (numeric) {
        const what = Number(copy.ref) === stage.index ? 'this stage itself' : 'a stage further down';
        findings.push({
          range,
          message: `\`--from=${copy.ref}\` is ${what}: a stage can only copy from stages above it, so the build fails. Name the stage you mean.`,
        });
        continue;
      }
      const later = firstNamedFrom(copy.ref.toLowerCase(), stage.index);
      if (later) {
        findings.push({
          range,
          message: `Stage \`${later.name}\` is defined ${later === stage ? 'by this very stage' : 'further down'}: \`--from=${copy.ref}\` does not see it and pulls an image called \`${copy.ref}\` instead. Move the stage above this one.`,
        });
        continue;
      }
      if (/[:@/]/.test(copy.ref)) continue;
      findings.push({
        range,
        message: `No earlier stage is named \`${copy.ref}\`, so Docker pulls an image called \`${copy.ref}:latest\` here. Name the stage \`${copy.ref}\` (\`FROM … AS ${copy.ref}\`), fix the typo, or give the image a tag if an image is meant.`,
      });
    }
  return findings;
}

const BUILD_TOOLS: [string[], string[] | undefined][] = [
  [
    ['go', 'cargo', 'dotnet'],
    ['build', 'publish', 'install'],
  ],
  [['mvn', 'gradle', './gradlew', 'gradlew'], undefined],
  [['tsc', 'ng', 'next', 'vite'], undefined],
  [
    ['npm', 'yarn', 'pnpm'],
    ['run', 'build'],
  ],
];

/** The word a stage's name is made of, from its image reference (files repeat a few images over many stages). */
const imageWord = perString((reference: string) => {
  const repo = parseImageReference(reference)?.repository.split('/').pop();
  return (repo ?? 'stage').replace(/[^a-z0-9_.-]/g, '') || 'stage';
});

/** A readable, unused stage name: `build` for stages that compile, else the image's own name. */
/**
 * Chooses names for the file's unnamed stages, one call per stage, each name new: not a word the file
 * already means something by (a stage name, an image, a --from value) nor a name chosen before. The
 * file's words are gathered once and each image's numbering goes on where it stopped (a gathering and a
 * count from 2 per stage were quadratic: 4,000 unnamed stages took 11 s).
 */
function stageNamer(model: DockerfileModel): (stage: StageModel) => string {
  // Every word a name must not clash with, gathered on the first name asked for (a file whose stages all
  // have names asks none: 47,000 named stages spent ~80 ms gathering them).
  let used: Set<string | undefined> | undefined;
  const usedWords = () => {
    if (used) return used;
    used = new Set<string | undefined>();
    for (const s of model.stages) {
      used.add(s.name).add((s.image.resolved ?? s.image.raw).toLowerCase());
      for (const c of s.copiesFrom) used.add(c.ref.toLowerCase());
    }
    return used;
  };
  let builderNamed = false;
  /** Per base word, the suffix to try next: every one below it is taken (names only get taken). */
  const nextSuffix = new Map<string, number>();
  return (stage) => {
    const builds = stage.instructions.some(
      (ins) =>
        ins.keyword === 'RUN' &&
        !ins.onbuild &&
        ins.commands.some((command) => BUILD_TOOLS.some(([programs, subs]) => isCommand(command, programs, subs))),
    );
    const image = imageWord(stage.image.resolved ?? stage.image.raw);
    // A second builder is told apart by its image: `golang-build` next to `build`.
    const base = builds ? (builderNamed ? `${image}-build` : 'build') : image;
    const taken = usedWords();
    let n = nextSuffix.get(base) ?? 1;
    let name = n === 1 ? base : `${base}-${n}`;
    while (taken.has(name) || /^\d+$/.test(name)) name = `${base}-${++n}`;
    nextSuffix.set(base, n);
    taken.add(name);
    if (name === 'build') builderNamed = true;
    return name;
  };
}

/** For each stage index, the `--from=<number>` references to it (stage order, then copy order). */
function numericReferencesTo(model: DockerfileModel): Map<number, StageCopy[]> {
  const refs = new Map<number, StageCopy[]>();
  for (const s of model.stages)
    for (const copy of s.copiesFrom)
      if (copy.stageIndex !== undefined && /^\d+$/.test(copy.ref)) pushTo(refs, copy.stageIndex, copy);
  return refs;
}

// Safe: names change nothing in the built image; every positional reference is rewritten with it.
function nameFixOf(stage: StageModel, name: string, numericRefs: readonly StageCopy[]): Fix {
  const edits: FileEdit[] = [];
  if (!stage.name)
    edits.push({ range: { start: stage.image.range.end, end: stage.image.range.end }, newText: ` AS ${name}` });
  for (const copy of numericRefs) {
    const range = numericRefRange(copy);
    if (range) edits.push({ range, newText: name });
  }
  return {
    title: `Name stage ${stage.index} "${name}"${edits.length > 1 ? ' and refer to it by name' : ''}`,
    safe: true,
    isPreferred: true,
    edits,
  };
}

/** The digits of `--from=0`, or of `from=0` inside a `--mount=type=bind,from=0,…` value. */
function numericRefRange(copy: StageCopy): Range | undefined {
  if (copy.instruction.keyword !== 'RUN') return copy.refRange ?? undefined;
  for (const flag of copy.instruction.flags) {
    const r = flag.valueRange;
    const m = flag.name === 'mount' && flag.value ? new RegExp(`(^|,)from=${copy.ref}(?=,|$)`).exec(flag.value) : null;
    if (!m || !r || r.start.line !== r.end.line) continue;
    const at = r.start.character + m.index + m[1].length + 'from='.length;
    return {
      start: { line: r.start.line, character: at },
      end: { line: r.start.line, character: at + copy.ref.length },
    };
  }
  return undefined;
}
