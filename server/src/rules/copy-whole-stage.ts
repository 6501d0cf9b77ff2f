import type { Rule } from './types';
import { stageChain } from '../core/queries';

const isRoot = (s: string) => /^["']?\/\.?\/?["']?$/.test(s);

// Judged on the layers that ship: the final stage and the stages it is built FROM.
export const rule: Rule = {
  meta: {
    id: 'copy-whole-stage',
    category: 'size',
    defaultSeverity: 'warning',
    summary: '`COPY --from=<stage> / /`: the whole filesystem of another stage ships.',
    why: 'Copying `/` of a builder stage onto `/` brings everything it has into the image: compilers, package caches, sources, test files, and a second copy of every base-image file it shares with this one. The point of a multi-stage build is to copy only what the app needs to run (`COPY --from=build /out/app /app`). If the copy is there on purpose to flatten an image into one layer (`FROM scratch` + `COPY --from=full / /`), silence the rule for that line. A whole external image (`COPY --from=some/tools-image / /`) is not reported: such images are usually FROM-scratch bundles of a few binaries.',
    examples: {
      bad: 'FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM debian:12-slim\nCOPY --from=build / /\n',
      good: 'FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM debian:12-slim\nCOPY --from=build /out/app /usr/local/bin/app\n',
    },
    fixable: false,
    hadolint: ['DL3067'],
  },
  check({ model, final }) {
    return stageChain(model, final).flatMap((stage) =>
      stage.copiesFrom.flatMap((copy) => {
        const ins = copy.instruction;
        // A stage of this file, whose content we know is a build environment. An external image copied
        // whole (`COPY --from=docker/cli-tools / /`) is usually a FROM-scratch bundle of tools: left alone.
        if (ins.keyword !== 'COPY' || ins.onbuild || copy.stageIndex === undefined) return [];
        const from = ins.flags.find((f) => f.name === 'from' && f.value);
        if (!from || ins.args.length !== 2 || !isRoot(ins.args[0].value) || !isRoot(ins.args[1].value)) return [];
        return [
          {
            range: ins.args[0].range,
            message: `This copies the whole filesystem of \`${from.value}\` into the image: its compilers, caches, sources and a second copy of its base image all ship. Copy only what the app needs to run (e.g. \`COPY --from=${from.value} /out/app /app\`).`,
          },
        ];
      }),
    );
  },
};
