import type { Rule } from './types';
import type { Range } from '../core/model';
import type { RuleFinding } from '../core/findings';
import type { WorkspaceFacts } from '../core/workspace';
import { chainInstructions, isCommand } from '../core/queries';
import { unquote } from '../core/substitute';
import { nextStandaloneEdits } from '../core/nextConfig';

// Without `output: 'standalone'`, a Next.js server needs the whole .next folder (build cache
// included) and every installed package; with it, `next build` traces the few files the server
// really loads into .next/standalone (typically a tenth of node_modules).
export const rule: Rule = {
  meta: {
    id: 'next-without-standalone',
    category: 'size',
    defaultSeverity: 'warning',
    summary:
      "A Next.js runner ships `.next` and the full `node_modules` while `next.config.*` lacks `output: 'standalone'`.",
    why: "Next.js can trace exactly the files its server loads into `.next/standalone` (`output: 'standalone'` in next.config). Without it the runner needs all of `node_modules` (often 300+ MB with build tooling) and the whole `.next` folder including its build cache. With it the runner copies `.next/standalone`, `.next/static` and `public` and starts `node server.js`. Conversely, copying `.next/standalone` while the config lacks the option fails the build: the folder is never written.",
    examples: {
      bad: '# next.config.js: module.exports = {}\nFROM node:20-slim\nWORKDIR /app\nCOPY --from=build /app/node_modules ./node_modules\nCOPY --from=build /app/.next ./.next\nCMD ["npx", "next", "start"]\n',
      good: '# next.config.js: module.exports = { output: \'standalone\' }\nFROM node:20-slim\nWORKDIR /app\nCOPY --from=build /app/.next/standalone ./\nCOPY --from=build /app/.next/static ./.next/static\nCMD ["node", "server.js"]\n',
    },
    fixable: true,
  },
  check({ model, final, workspace }) {
    if (!workspace || !isNextApp(workspace)) return [];
    const configEdits = nextStandaloneEdits(workspace);
    if (!('refused' in configEdits) && configEdits.length === 0) return [];
    const config = workspace.nextConfig?.file ?? 'next.config.js';
    const fixes =
      'refused' in configEdits
        ? undefined
        : [{ title: `Add output: 'standalone' to ${config}`, safe: false, edits: configEdits }];
    const findings: RuleFinding[] = [];
    const report = (range: Range, message: string) => findings.push({ range, message, fixes });
    for (const ins of chainInstructions(model, final)) {
      if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
        const fromStage = ins.flags.some((f) => f.name === 'from');
        for (const source of ins.args.slice(0, -1)) {
          const p = unquote(source.value).replace(/\/+$/, '');
          if (/(^|\/)\.next\/standalone$/.test(p)) {
            report(
              source.range,
              `\`${config}\` lacks \`output: 'standalone'\`, so \`next build\` never writes .next/standalone and this COPY fails: add the option.`,
            );
          } else if (/(^|\/)\.next$/.test(p)) {
            report(
              source.range,
              `Ships the whole .next folder (build cache included) because \`${config}\` lacks \`output: 'standalone'\`: add it and copy .next/standalone, .next/static and public instead.`,
            );
          } else if (fromStage && /(^|\/)node_modules$/.test(p)) {
            report(
              source.range,
              `Ships every package in node_modules, while Next.js with \`output: 'standalone'\` in \`${config}\` traces only the files the server loads into .next/standalone (typically a tenth): add the option and copy that.`,
            );
          }
        }
      }
      // One stage that builds and serves: the image keeps .next and all of node_modules.
      if (ins.keyword === 'RUN') {
        for (const c of ins.commands) {
          if (
            isCommand(c, ['next'], ['build']) ||
            (isCommand(c, ['npm', 'yarn', 'pnpm'], ['run', 'build']) &&
              /\bnext build\b/.test(workspace.packageJson?.scripts.build ?? ''))
          ) {
            report(
              c.range,
              `The image that runs the app also builds it, keeping .next (with its cache) and all of node_modules: set \`output: 'standalone'\` in \`${config}\` and copy .next/standalone into a slim runner stage.`,
            );
          }
        }
      }
    }
    return findings;
  },
};

function isNextApp(ws: WorkspaceFacts): boolean {
  const pkg = ws.packageJson;
  return ws.nextConfig !== undefined || !!pkg?.dependencies.next || !!pkg?.devDependencies.next;
}
