import type { Rule, RuleContext } from './types';
import type { StageModel } from '../core/model';
import type { RuleFinding } from '../core/findings';
import { nodeInstall } from '../core/commands';
import { stageChain } from '../core/queries';
import { replaceWord } from '../core/edits';

// Every stage counts: a builder running `npm install` makes its output as unreproducible as a runner.
export const rule: Rule = {
  meta: {
    id: 'npm-install-not-ci',
    category: 'cache',
    defaultSeverity: 'warning',
    summary: '`npm install` where a package-lock.json exists (use `npm ci`).',
    why: '`npm install` resolves version ranges again and may rewrite the lockfile, so two builds of the same commit can get different dependencies; it is also slower than `npm ci`, which installs exactly the lockfile and fails loudly when it is out of date. Applies to every stage, builders included.',
    examples: {
      bad: 'FROM node:20-slim\nCOPY package.json package-lock.json ./\nRUN npm install\n',
      good: 'FROM node:20-slim\nCOPY package.json package-lock.json ./\nRUN npm ci\n',
    },
    fixable: true,
  },
  check(ctx) {
    // Loops, not a flatMap per stage, RUN and command: most stages have no RUN at all, and the empty
    // lists were most of this rule's garbage in a file of 47,000 stages.
    const findings: RuleFinding[] = [];
    for (const stage of ctx.model.stages) {
      // The lockfile question walks the stage's FROM chain: asked only where an `npm install` is (linear in a long chain).
      let lockfile: boolean | undefined;
      for (const ins of stage.instructions) {
        if (ins.keyword !== 'RUN' || ins.onbuild) continue;
        for (const cmd of ins.commands) {
          const install = nodeInstall(cmd);
          if (install?.tool !== 'npm' || install.kind !== 'install' || !install.project) continue;
          if (!(lockfile ??= hasLockfile(ctx, stage))) continue;
          findings.push({
            range: install.word.range,
            message: `\`npm ${install.word.text}\` re-resolves versions and can rewrite package-lock.json, so builds drift; it is also slower: use \`npm ci\`, which installs exactly the lockfile.`,
            fixes: [
              {
                title: 'Use `npm ci`',
                // Not safe: `npm ci` fails when the lockfile is out of date with package.json.
                safe: false,
                edits: [replaceWord(install.word, 'ci')],
              },
            ],
          });
        }
      }
    }
    return findings;
  },
};

/** The context has an npm lockfile, or the stage copies one in by name. */
function hasLockfile(ctx: RuleContext, stage: StageModel): boolean {
  if (ctx.workspace?.lockfile?.kind === 'npm') return true;
  return stageChain(ctx.model, stage).some((s) =>
    s.instructions.some(
      (i) =>
        (i.keyword === 'COPY' || i.keyword === 'ADD') &&
        i.args.slice(0, -1).some((w) => /(^|\/)(package-lock|npm-shrinkwrap)\.json$/.test(w.value)),
    ),
  );
}
