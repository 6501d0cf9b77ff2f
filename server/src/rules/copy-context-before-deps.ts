import { unquote } from '../core/substitute';
import ignore from '@balena/dockerignore';
import type { Rule, RuleContext } from './types';
import type { Fix, RuleFinding } from '../core/findings';
import type { InstructionModel, ShellCommand, StageModel, Word } from '../core/model';
import { buildCommandWords, nodeInstall, pipInstall } from '../core/commands';
import { argumentsOf, isCommand, joinPosix, programOf, wholeContextSource, workdirAt } from '../core/queries';
import { textOf } from '../core/edits';
import { dockerignorePlan } from '../core/dockerignore';

interface DependencyInstall {
  ins: InstructionModel;
  cmd: ShellCommand;
  /** How the user would say it: `npm ci`, `pip install`, `go mod download`. */
  label: string;
  /** Manifests to copy first, and whether each is known to exist (else a glob fallback is used). */
  manifests?: { files: string[]; certain: boolean };
  /** Excluding reasons the move could change the result, or undefined when it is clearly correct. */
  doubt?: string;
}

// Every stage counts: a builder that re-installs on every source edit costs build time all the same.
export const rule: Rule = {
  meta: {
    id: 'copy-context-before-deps',
    category: 'cache',
    defaultSeverity: 'warning',
    summary: '`COPY . .` comes before the dependency install, so every source edit re-runs the install.',
    why: 'Docker reuses a layer only while everything before it is unchanged. When the whole context is copied before `npm ci`/`pip install`/`go mod download`, any edit to any source file invalidates the install and it runs again — minutes per build, and a fresh download of every package. Copy only the manifests (package.json and the lockfile, requirements.txt, go.mod/go.sum) first, install, then copy the rest. Every stage counts: a builder that reinstalls on each edit costs the same time.',
    examples: {
      bad: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node", "server.js"]\n',
      good: 'FROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\nCOPY . .\nCMD ["node", "server.js"]\n',
    },
    fixable: true,
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const stage of ctx.model.stages) {
      const finding = checkStage(ctx, stage);
      if (finding) findings.push(finding);
    }
    return findings;
  },
};

function checkStage(ctx: RuleContext, stage: StageModel): RuleFinding | undefined {
  // Most stages copy no whole context: look for that copy before building lists (a list per stage was
  // most of this rule's garbage in a file of 47,000 stages).
  if (!stage.instructions.some(copiesWholeContext)) return undefined;
  const list = stage.instructions.filter((i) => !i.onbuild);
  const copyIndex = list.findIndex(copiesWholeContext);
  const copy = list[copyIndex];
  const before = list
    .slice(0, copyIndex)
    .flatMap((i) => (i.keyword === 'RUN' ? i.commands.map((cmd) => dependencyInstall(ctx, i, cmd)) : []));
  for (const ins of list.slice(copyIndex + 1)) {
    if (ins.keyword !== 'RUN') continue;
    for (const cmd of ins.commands) {
      const install = dependencyInstall(ctx, ins, cmd);
      // An install already done from the manifests before the copy is the good pattern; a second one is deliberate.
      if (!install || before.some((b) => b?.label === install.label)) continue;
      const source = wholeContextSource(copy)!;
      const manifests = install.manifests?.files.join(', ');
      return {
        range: source.range,
        message: `\`${copy.keyword} . …\` comes before \`${install.label}\` (line ${ins.range.start.line + 1}), so every source edit re-runs the install: copy ${manifests ?? 'the dependency manifests'} first, install, then copy the rest.`,
        fixes: moveFix(ctx, stage, list, copyIndex, install),
      };
    }
  }
  return undefined;
}

const copiesWholeContext = (ins: InstructionModel) => wholeContextSource(ins) !== undefined;

function dependencyInstall(ctx: RuleContext, ins: InstructionModel, cmd: ShellCommand): DependencyInstall | undefined {
  return (
    nodeDependencies(ctx, ins, cmd) ??
    pipDependencies(ctx, ins, cmd) ??
    goDependencies(ctx, ins, cmd) ??
    otherDependencies(ins, cmd)
  );
}

function nodeDependencies(ctx: RuleContext, ins: InstructionModel, cmd: ShellCommand): DependencyInstall | undefined {
  const node = nodeInstall(cmd);
  if (!node?.project) return undefined;
  const ws = ctx.workspace;
  const lock = ws?.lockfile?.kind === node.tool ? ws.lockfile.file : undefined;
  const scripts = ws?.packageJson?.scripts ?? {};
  const lifecycle = ['preinstall', 'install', 'postinstall', 'prepare'].find((s) => scripts[s]);
  // Host node_modules would land on top of the installed ones once COPY . . comes after the install:
  // fine when there are none, when .dockerignore excludes them, or when missing-dockerignore's safe
  // fix (applied in the same fixAll pass) will.
  const plan = ws ? dockerignorePlan(ctx.model, ws) : undefined;
  const ignoresNodeModules =
    ws !== undefined &&
    (!ws.topLevel.includes('node_modules/') ||
      (ws.dockerignore !== undefined && ignore().add(ws.dockerignore).ignores('node_modules')) ||
      (plan?.safe && plan.added.includes('node_modules')));
  return {
    ins,
    cmd,
    label: `${node.tool} ${node.word.text === node.tool ? 'install' : node.word.text}`,
    manifests: ws?.packageJson
      ? { files: ['package.json', ...(lock ? [lock] : [])], certain: true }
      : node.tool === 'npm'
        ? { files: ['package*.json'], certain: false }
        : undefined,
    doubt: !ws?.packageJson
      ? 'no package.json in the context'
      : lifecycle
        ? `the "${lifecycle}" script may need sources`
        : !ignoresNodeModules
          ? 'host node_modules would overwrite the installed ones'
          : undefined,
  };
}

function pipDependencies(ctx: RuleContext, ins: InstructionModel, cmd: ShellCommand): DependencyInstall | undefined {
  const pip = pipInstall(cmd);
  if (!pip || pip.requirementFiles.length === 0) return undefined;
  const files = pip.requirementFiles.map((w) => w.value);
  const local = files.every((f) => /^[\w.-]+$/.test(f));
  const texts = files.map((f) => ctx.workspace?.view.readText(f));
  const nested = texts.some((t) => t === undefined || /^\s*(-[rce]|--requirement|--editable|\.|\/|file:)/m.test(t));
  return {
    ins,
    cmd,
    label: 'pip install',
    manifests: local ? { files, certain: true } : undefined,
    doubt: !local
      ? 'requirements outside the context root'
      : nested
        ? 'the requirements refer to other local files'
        : undefined,
  };
}

function goDependencies(ctx: RuleContext, ins: InstructionModel, cmd: ShellCommand): DependencyInstall | undefined {
  if (!isCommand(cmd, ['go'], ['mod']) || !argumentsOf(cmd).some((w) => w.text === 'download')) return undefined;
  const goMod = ctx.workspace?.view.readText('go.mod');
  const goSum = ctx.workspace?.view.exists('go.sum');
  return {
    ins,
    cmd,
    label: 'go mod download',
    manifests: goMod !== undefined ? { files: ['go.mod', ...(goSum ? ['go.sum'] : [])], certain: true } : undefined,
    doubt:
      goMod === undefined
        ? 'no go.mod in the context'
        : /=>\s*\.{1,2}\//.test(goMod)
          ? 'go.mod replaces modules with local folders'
          : undefined,
  };
}

/** Installs without a manifest fix: cargo/maven/gradle fetch inside the build; bundler, composer, poetry. */
function otherDependencies(ins: InstructionModel, cmd: ShellCommand): DependencyInstall | undefined {
  const program = programOf(cmd)?.replace(/w$/, '');
  const sub = argumentsOf(cmd).find((w) => !w.text.startsWith('-'))?.text ?? '';
  if (
    (program === 'cargo' && /^(build|fetch|install)$/.test(sub)) ||
    (program === 'mvn' && /^(package|install|verify|compile|dependency:)/.test(sub)) ||
    (program === 'gradle' && buildCommandWords(cmd))
  ) {
    return {
      ins,
      cmd,
      label: program === 'cargo' ? 'cargo build' : program === 'mvn' ? 'mvn package' : 'gradle build',
    };
  }
  for (const [name, verb, label] of [
    ['bundle', 'install', 'bundle install'],
    ['composer', 'install', 'composer install'],
    ['poetry', 'install', 'poetry install'],
  ] as const) {
    if (isCommand(cmd, [name], [verb])) return { ins, cmd, label };
  }
  return undefined;
}

/** Only install commands and cache cleanups: a RUN that can move without taking other work along. */
function onlyInstalls(ctx: RuleContext, ins: InstructionModel): boolean {
  return ins.commands.every(
    (c) =>
      dependencyInstall(ctx, ins, c) !== undefined ||
      isCommand(c, ['npm', 'yarn'], ['cache']) ||
      (programOf(c) === 'rm' && argumentsOf(c).every((w) => w.text.startsWith('-') || /cache|\.npm/.test(w.value))),
  );
}

/** Put a manifests COPY where `COPY . .` was and `COPY . .` right after the install. */
function moveFix(
  ctx: RuleContext,
  stage: StageModel,
  list: InstructionModel[],
  copyIndex: number,
  install: DependencyInstall,
): Fix[] | undefined {
  const copy = list[copyIndex];
  const installIndex = list.indexOf(install.ins);
  const between = list.slice(copyIndex + 1, installIndex);
  if (!install.manifests || !onlyInstalls(ctx, install.ins) || install.ins.heredocs.length > 0) return undefined;
  if (between.some((i) => !['ENV', 'ARG', 'EXPOSE', 'LABEL'].includes(i.keyword))) return undefined;
  if (copy.args.length !== 2 || copy.flags.some((f) => f.name === 'from')) return undefined;
  const dest: Word = copy.args[1];
  const workdir = workdirAt(ctx.model, stage, copy.range.start.line);
  if (joinPosix(workdir, unquote(dest.value)) !== workdir) return undefined;
  const lines = ctx.model.lines;
  const copyStart = { line: copy.range.start.line, character: 0 };
  const copyEnd = { line: copy.range.end.line + 1, character: 0 };
  if (copyEnd.line >= lines.length || install.ins.range.end.line + 1 >= lines.length) return undefined;
  const copyText = textOf(ctx.model, {
    start: copyStart,
    end: { line: copy.range.end.line, character: lines[copy.range.end.line].length },
  });
  const flags = copy.flags.map((f) => textOf(ctx.model, f.range)).join(' ');
  const manifestCopy = `COPY ${flags ? `${flags} ` : ''}${install.manifests.files.join(' ')} ./\n`;
  const afterInstall = { line: install.ins.range.end.line + 1, character: 0 };
  return [
    {
      title: `Copy ${install.manifests.files.join(', ')} and install before \`${copy.keyword} . \``,
      safe: install.manifests.certain && install.doubt === undefined,
      edits: [
        { range: { start: copyStart, end: copyEnd }, newText: manifestCopy },
        { range: { start: afterInstall, end: afterInstall }, newText: `${copyText}\n` },
      ],
    },
  ];
}
