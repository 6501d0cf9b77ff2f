import type { Rule } from './types';
import type { Range } from '../core/model';
import { buildCommandWords, isCompilerPackage, osPackageInstall, pipInstall } from '../core/commands';
import { commandsOf, stageChain } from '../core/queries';

// The final stage (with the stages it is built FROM) both builds and runs; builder stages that
// only hand their output over with COPY --from are what this rule asks for, so they never count.
export const rule: Rule = {
  meta: {
    id: 'single-stage-build',
    category: 'size',
    defaultSeverity: 'warning',
    summary:
      'The image that runs is also the one that builds (`npm run build`, `tsc`, `go build`, `mvn package`, pip with compilers…).',
    why: 'Building in the final stage ships everything the build needed: the compiler or SDK, devDependencies, sources, caches and intermediate files — typically 5–10× what the app needs to run (a naive Express + TypeScript image is ~1.1 GB; split into deps/build/runner it is ~125 MB). A multi-stage build compiles in a builder stage and copies only the output into a slim, distroless or scratch runner.',
    examples: {
      bad: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", "dist/server.js"]\n',
      good: 'FROM node:20 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n\nFROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\nCOPY --from=build /app/dist ./dist\nCMD ["node", "dist/server.js"]\n',
    },
    fixable: false,
  },
  check({ model, final }) {
    const runs = stageChain(model, final)
      .flatMap((s) => s.instructions)
      .filter((i) => i.keyword === 'RUN' && !i.onbuild);
    for (const ins of runs) {
      for (const cmd of commandsOf(ins)) {
        const words = buildCommandWords(cmd);
        if (words) {
          const range: Range = { start: words[0].range.start, end: words[words.length - 1].range.end };
          const text = words.map((w) => w.text).join(' ');
          return [
            {
              range,
              message: `\`${text}\` runs in the stage that ships, so the toolchain, devDependencies and sources ship with the app: build in a separate stage and copy only the output into a slim runner (use the "Split into stages" action).`,
            },
          ];
        }
      }
    }
    // pip building native packages: compilers installed next to it in the shipped stage.
    const compilers = runs.some((i) =>
      i.commands.some((c) => {
        const os = osPackageInstall(c);
        return os?.packages.some((p) => isCompilerPackage(os.manager, p.value)) ?? false;
      }),
    );
    if (!compilers) return [];
    for (const ins of runs) {
      for (const cmd of ins.commands) {
        const pip = pipInstall(cmd);
        if (pip)
          return [
            {
              range: pip.word.range,
              message:
                '`pip install` compiles packages with the compilers installed in this same stage, and both ship: install into a virtualenv in a builder stage and copy only the environment into a slim runner.',
            },
          ];
      }
    }
    return [];
  },
};
