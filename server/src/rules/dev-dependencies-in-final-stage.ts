import { unquote } from '../core/substitute';
import type { Rule, RuleContext } from './types';
import type { Fix, RuleFinding } from '../core/findings';
import type { InstructionModel, ShellCommand, StageModel } from '../core/model';
import {
  buildCommandWords,
  nodeInstall,
  omitsDevDependencies,
  prunesDevDependencies,
  type NodeInstall,
} from '../core/commands';
import { commandsOf, joinPosix, stageChain, workdirAt } from '../core/queries';
import { insertAfter } from '../core/edits';
import { devDependenciesUsedAtRuntime, moveToDependenciesEdit, startFiles } from '../core/runtimeRequires';
import * as path from 'node:path';
import { append } from '../core/collections';

const PROD_FLAG = { npm: '--omit=dev', yarn: '--production', pnpm: '--prod' } as const;
const OMIT_TITLE = {
  npm: `Add \`${PROD_FLAG.npm}\` (production dependencies only)`,
  yarn: `Add \`${PROD_FLAG.yarn}\` (production dependencies only)`,
  pnpm: `Add \`${PROD_FLAG.pnpm}\` (production dependencies only)`,
} as const;

interface FullInstall {
  stage: StageModel;
  ins: InstructionModel;
  cmd: ShellCommand;
  install: NodeInstall;
}

/** Directory the install ran in (where node_modules lands). */
const dirOf = (ctx: RuleContext, i: FullInstall) => workdirAt(ctx.model, i.stage, i.ins.range.start.line);

// Only what ships counts: installs in the final stage and its FROM chain, and node_modules (or the
// whole project folder) copied into it from another stage. A builder's own devDependencies are fine.
export const rule: Rule = {
  meta: {
    id: 'dev-dependencies-in-final-stage',
    category: 'size',
    defaultSeverity: 'warning',
    summary: 'devDependencies installed in, or copied into, the final stage.',
    why: 'Test runners, bundlers, type definitions and linters are usually most of `node_modules` (often 2–10× the production dependencies) and have no business at run time: they make the image bigger, slower to pull and give scanners more to flag. Install production dependencies only in what ships (`npm ci --omit=dev`, `yarn install --production`, `pnpm install --prod`, or `NODE_ENV=production`), and build in a separate stage. Some apps do need a "dev" dependency at run time (the files the start command runs require it): then the finding names those packages and the fix moves them to `dependencies` in package.json, so a production-only install keeps them; `--omit=dev` alone would make the image fail to start.',
    examples: {
      bad: 'FROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nCMD ["node", "server.js"]\n',
      good: 'FROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\nCOPY . .\nCMD ["node", "server.js"]\n',
    },
    fixable: true,
  },
  check(ctx) {
    // A package.json without devDependencies has nothing to leave out.
    const pkg = ctx.workspace?.packageJson;
    if (pkg && Object.keys(pkg.devDependencies).length === 0) return [];
    const chain = stageChain(ctx.model, ctx.final);
    // The trap: run-time code that requires a package listed only in devDependencies (the split asks the same).
    const neededAtRuntime =
      pkg && ctx.workspace
        ? devDependenciesUsedAtRuntime(
            ctx.workspace.view,
            pkg,
            startFiles(ctx.model, ctx.final, pkg, ctx.workspace.view),
          )
        : [];
    // One finding per RUN: `if [ -f yarn.lock ]; then yarn; elif …; then npm ci; fi` is one install.
    // The line of the chain's last RUN that builds: an install before it must keep the dev tools.
    let lastBuild = -1;
    for (const stage of chain)
      for (const x of stage.instructions)
        if (x.keyword === 'RUN' && commandsOf(x).some((c) => buildCommandWords(c) !== undefined))
          lastBuild = Math.max(lastBuild, x.range.start.line);
    const findings: RuleFinding[] = [];
    let previous: InstructionModel | undefined;
    for (const i of fullInstalls(ctx, ctx.final)) {
      // Installs come in document order, so a RUN's installs are next to each other: its first one reports.
      if (i.ins === previous) continue;
      previous = i.ins;
      findings.push(inStage(ctx, i, neededAtRuntime, lastBuild));
    }
    for (const stage of chain) append(findings, copiedIn(ctx, stage));
    return findings;
  },
};

/** Installs of all dependencies in the stage's chain that nothing later prunes. */
function fullInstalls(ctx: RuleContext, stage: StageModel): FullInstall[] {
  const out: FullInstall[] = [];
  for (const s of stageChain(ctx.model, stage)) {
    for (const ins of s.instructions) {
      if (ins.keyword !== 'RUN' || ins.onbuild) continue;
      for (const cmd of commandsOf(ins)) {
        if (out.length && prunesDevDependencies(cmd)) out.length = 0;
        const install = nodeInstall(cmd);
        if (!install?.project || omitsDevDependencies(ctx.model, s, ins, cmd, install)) continue;
        out.push({ stage: s, ins, cmd, install });
      }
    }
  }
  return out;
}

/** `\`npm ci\``, `\`yarn install\`` (a bare `yarn` installs). */
const installText = (tool: NodeInstall['tool'], word: string) => `\`${tool} ${word === tool ? 'install' : word}\``;
const describe = (i: FullInstall) => installText(i.install.tool, i.install.word.text);
/** The production-only form of the install. */
const productionInstall = (tool: NodeInstall['tool'], word: string) =>
  `\`${tool} ${tool === 'yarn' ? 'install' : word} ${PROD_FLAG[tool]}\``;

function inStage(ctx: RuleContext, i: FullInstall, neededAtRuntime: string[], lastBuild: number): RuleFinding {
  const flag = PROD_FLAG[i.install.tool];
  // The fix would break a build that still needs the dev tools later in the chain (a look at every
  // later RUN per install was quadratic: 1,500 `COPY . .` + `npm ci` pairs, 0.3 s per version).
  const buildsLater = lastBuild > i.ins.range.start.line;
  // Several installs in one RUN (if/elif per lockfile): one flag would fix only one branch.
  let projectInstalls = 0;
  for (const c of commandsOf(i.ins)) if (nodeInstall(c)?.project) projectInstalls++;
  const branches = projectInstalls > 1;
  const omit = buildsLater || branches || i.ins.execForm ? undefined : insertAfter(i.install.word, ` ${flag}`);
  if (neededAtRuntime.length > 0) {
    const use = productionInstall(i.install.tool, i.install.word.text);
    const names = neededAtRuntime.map((n) => `\`${n}\``).join(', ');
    const file = path.join(ctx.workspace!.contextDir, 'package.json');
    const text = ctx.workspace!.view.readText('package.json');
    const move = text === undefined ? undefined : moveToDependenciesEdit(file, text, neededAtRuntime);
    const them = neededAtRuntime.length > 1 ? 'them' : 'it';
    const fixes: Fix[] = [];
    // Not safe: package.json changes, and with it what every other install of the project gets.
    if (move && omit)
      fixes.push({
        title: `Move ${neededAtRuntime.join(', ')} to dependencies in package.json and add \`${flag}\``,
        safe: false,
        isPreferred: true,
        edits: [move, omit],
      });
    if (move)
      fixes.push({
        title: `Move ${neededAtRuntime.join(', ')} to dependencies in package.json`,
        safe: false,
        isPreferred: !omit,
        edits: [move],
      });
    return {
      range: i.install.word.range,
      message: `${describe(i)} installs devDependencies too, and they ship in the final image. The app requires ${names} at run time but package.json lists ${them} only in devDependencies, so ${flag} alone would break the start: move ${them} to \`dependencies\`, then use ${use}.`,
      fixes: fixes.length ? fixes : undefined,
    };
  }
  const fixes: Fix[] | undefined = omit
    ? [
        {
          title: OMIT_TITLE[i.install.tool],
          // Not safe: an app can need a package that is (wrongly) listed in devDependencies where the scan cannot see it.
          safe: false,
          edits: [omit],
        },
      ]
    : undefined;
  return {
    range: i.install.word.range,
    message: `${describe(i)} installs devDependencies too, and they ship in the final image (often most of node_modules): use ${productionInstall(i.install.tool, i.install.word.text)}${buildsLater ? ' in the image and build in a separate stage' : ''}, or set NODE_ENV=production.`,
    fixes,
  };
}

/** `COPY --from=build /app/node_modules …` (or the whole /app) where `build` installed everything. */
function copiedIn(ctx: RuleContext, stage: StageModel): RuleFinding[] {
  return stage.copiesFrom.flatMap((copy) => {
    if (copy.instruction.keyword === 'RUN' || copy.stageIndex === undefined || copy.instruction.onbuild) return [];
    const installs = fullInstalls(ctx, ctx.model.stages[copy.stageIndex]);
    const sources = copy.instruction.args.slice(0, -1).map((w) => joinPosix('/', unquote(w.value)));
    const hit = installs.find((i) =>
      sources.some(
        (src) =>
          src.split('/').includes('node_modules') ||
          dirOf(ctx, i) === src ||
          dirOf(ctx, i).startsWith(src === '/' ? '/' : `${src}/`),
      ),
    );
    if (!hit) return [];
    const flag = copy.instruction.flags.find((f) => f.name === 'from')!;
    return [
      {
        range: flag.range,
        message: `This copies node_modules from stage \`${copy.ref}\`, where ${describe(hit)} (line ${hit.ins.range.start.line + 1}) installed devDependencies too, so they ship: copy node_modules from a stage that runs \`${hit.install.tool} ${hit.install.tool === 'npm' ? 'ci' : 'install'} ${PROD_FLAG[hit.install.tool]}\`, or prune them after the build.`,
      },
    ];
  });
}
