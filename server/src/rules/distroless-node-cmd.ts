import type { Rule } from './types';
import type { RuleFinding } from '../core/findings';
import { chainInstructions, rootImageStage } from '../core/queries';
import { isDistrolessNodeImage, nodeIsEntrypoint } from '../core/startCommand';

// gcr.io/distroless/nodejs* has ENTRYPOINT ["/nodejs/bin/node"], so CMD is node's arguments:
// `CMD ["node", "server.js"]` runs `node node server.js` and exits with "Cannot find module '/app/node'".
export const rule: Rule = {
  meta: {
    id: 'distroless-node-cmd',
    category: 'correctness',
    defaultSeverity: 'error',
    summary:
      'Exec-form CMD starting with `node` on a distroless Node image, whose ENTRYPOINT is already node (or an ENTRYPOINT ["node", …], which is not on PATH there).',
    why: 'Distroless Node images set `ENTRYPOINT ["/nodejs/bin/node"]`; CMD only supplies its arguments. `CMD ["node", "server.js"]` therefore runs `node node server.js`, which fails at start with "Cannot find module …/node". Give CMD the script alone. Likewise `ENTRYPOINT ["node", …]` fails: node lives at /nodejs/bin/node, which is not on PATH.',
    examples: {
      bad: 'FROM gcr.io/distroless/nodejs20-debian12\nCOPY --from=build /app /app\nWORKDIR /app\nCMD ["node", "dist/index.js"]\n',
      good: 'FROM gcr.io/distroless/nodejs20-debian12\nCOPY --from=build /app /app\nWORKDIR /app\nCMD ["dist/index.js"]\n',
    },
    fixable: true,
  },
  check({ model }) {
    const findings: RuleFinding[] = [];
    for (const stage of model.stages) {
      if (!isDistrolessNodeImage(rootImageStage(model, stage).image.resolved)) continue;
      const own = stage.instructions.filter((i) => !i.onbuild && i.execForm);
      for (const ins of own.filter((i) => i.keyword === 'ENTRYPOINT')) {
        const program = ins.args[0];
        if (!program || !/^node(?:js)?$/.test(program.value)) continue;
        findings.push({
          range: program.range,
          message: `\`${program.value}\` is not on PATH in distroless Node images (it is /nodejs/bin/node), so the container fails to start: write "/nodejs/bin/node", or drop this ENTRYPOINT and give CMD the script alone.`,
          // Safe: a bare "node" cannot be found there, so the absolute path can only fix the start.
          fixes: [
            {
              title: 'Use "/nodejs/bin/node"',
              safe: true,
              isPreferred: true,
              edits: [{ range: program.range, newText: '"/nodejs/bin/node"' }],
            },
          ],
        });
      }
      // A Dockerfile ENTRYPOINT replaces node's (unless it restates it): then CMD means something else.
      if (!nodeIsEntrypoint(chainInstructions(model, stage))) continue;
      for (const ins of own.filter((i) => i.keyword === 'CMD')) {
        const [program, next] = ins.args;
        if (!program || !/^(?:(?:\/usr(?:\/local)?)?\/bin\/|\/nodejs\/bin\/)?node(?:js)?$/.test(program.value))
          continue;
        findings.push({
          range: program.range,
          message: `The image's ENTRYPOINT is already node, so this runs \`node ${program.value} …\` and the container exits at start: drop "${program.value}" from CMD.`,
          // Safe: `node node …` always fails to start, so removing the word can only fix it.
          fixes: next
            ? [
                {
                  title: `Drop "${program.value}" from CMD (the ENTRYPOINT is node)`,
                  safe: true,
                  isPreferred: true,
                  edits: [{ range: { start: program.range.start, end: next.range.start }, newText: '' }],
                },
              ]
            : undefined,
        });
      }
    }
    return findings;
  },
};
