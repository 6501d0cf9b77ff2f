// The input classes incremental-edit fuzzing found slow or broken (issue 16 §2), each as its minimal
// input and as a generator of any byte size: the regression tests use the small ones, the benchmark
// (bench/adversarial.ts) times each at the size of a realistic generated Dockerfile.
import { generateDockerfile } from '../../bench/generate';

export interface AdversarialClass {
  name: string;
  /** What used to go wrong. */
  was: string;
  /** A text of about `bytes` bytes (never less than one unit of the class). */
  ofSize(bytes: number): string;
}

const fill = (head: string, unit: (i: number) => string, tail: string, bytes: number) => {
  const parts: string[] = [head];
  let size = head.length + tail.length;
  for (let i = 0; size < bytes || i === 0; i++) {
    const u = unit(i);
    parts.push(u);
    size += u.length;
  }
  parts.push(tail);
  return parts.join('');
};

export const ADVERSARIAL_CLASSES: AdversarialClass[] = [
  {
    name: '`apt-get install` commands in one RUN',
    was: 'build-tools-in-final-stage rescanned every later command per install: 5 000 installs, 5.2 s',
    ofSize: (bytes) => fill('FROM debian\nRUN apt-get update', (i) => ` && apt-get install -y pkg${i}`, '\n', bytes),
  },
  {
    name: 'independent stages',
    was: '`stages.find` per FROM, shippedStages filtering every stage per runner: 20 000 stages, 9.6 s',
    ofSize: (bytes) => fill('', (i) => `FROM debian AS s${i}\n`, '', bytes),
  },
  {
    name: '`FROM s<i-1> AS s<i>` chain',
    was: 'recursive shippedStages overflowed the stack at ~6 000 stages; per-stage walks to the root were quadratic',
    ofSize: (bytes) => fill('FROM debian AS s0\n', (i) => `FROM s${i} AS s${i + 1}\n`, '', bytes),
  },
  {
    name: 'stages with a suppression comment and a variable each',
    was: 'the parser gave comments to stages by asking every stage per comment, each variable look-up collected every FROM of the file, each finding searched the file for its instruction: a realistic 1 MB file, 1.7 s per version',
    ofSize: (bytes) =>
      fill('', (i) => `FROM debian AS s${i}\n# layerwise-ignore root-user\nRUN echo $HOME > /s${i}\n`, '', bytes),
  },
  {
    name: 'stages each copying from the one before',
    was: 'base-version-mismatch listed and compared every stage each runner ships (stage n ships n stages): 80 kB took 3.3 s per version (20 kB: 0.4 s); the realistic generated file, whose stages copy so too, spent ~60 ms of its 1 MB version there',
    ofSize: (bytes) =>
      fill(
        'FROM node:20 AS s0\n',
        (i) => `FROM node:${i % 2 ? 20 : 18} AS s${i + 1}\nCOPY --from=s${i} /a /a\n`,
        '',
        bytes,
      ),
  },
  {
    name: 'unnamed stages',
    was: 'unnamed-stage gathered every word of the file and counted image-2, image-3, … from 2 for each stage it named, and searched every stage for references per fix: 1,000 stages 0.6 s, 4,000 (48 kB) 11 s',
    ofSize: (bytes) => fill('', () => 'FROM debian\n', 'FROM debian AS last\nCOPY --from=0 /a /a\n', bytes),
  },
  {
    name: 'stages each reading stage 0 by number',
    was: "unnamed-stage built each reference's fix anew, and each fix renames every numeric reference to the stage: 80 kB of `RUN --mount=…,from=0` took 1.0 s per version",
    ofSize: (bytes) =>
      fill(
        'FROM debian AS s0\n',
        (i) => `FROM debian AS s${i + 1}\nRUN --mount=type=bind,from=0,target=/x true\nCOPY --from=0 /a /a\n`,
        '',
        bytes,
      ),
  },
  {
    name: 'ENV lines each using the one before',
    was: "dockerfile-ast looked each variable up by walking all the stage's ENVs and ARGs: 80 kB took 1.2 s per version in the validator",
    ofSize: (bytes) => fill('FROM debian\nARG A0=1\n', (i) => `ENV A${i + 1}=$A${i}x\n`, '', bytes),
  },
  {
    name: 'go builders each copying from the one before, each with a scratch runner',
    was: 'go-cgo-in-static-image listed everything each static runner ships and looked at every builder again for each: 240 kB took 5.7 s per version',
    ofSize: (bytes) =>
      fill(
        'FROM golang:1.22 AS b0\nRUN go build -o /a .\n',
        (i) =>
          `FROM golang:1.22 AS b${i + 1}\nRUN go build -o /a${i} .\nCOPY --from=b${i} /a /a\nFROM scratch AS r${i}\nCOPY --from=b${i + 1} /a /a\n`,
        '',
        bytes,
      ),
  },
  {
    name: 'variables in one RUN',
    was: 'semantic tokens compared each token with every variable of the instruction: 30 kB took 1 s per version, 120 kB 60 s',
    ofSize: (bytes) => fill('FROM debian\nRUN echo', (i) => ` $V${i}`, '\n', bytes),
  },
  {
    name: '`COPY . .` and `npm ci`, repeated',
    was: 'dev-dependencies-in-final-stage looked at every later RUN per install, and deduplicated installs pairwise: 30 kB 1.1 s per version, 120 kB 20 s',
    ofSize: (bytes) => fill('FROM node:20\n', () => 'COPY . .\nRUN npm ci\n', '', bytes),
  },
  {
    name: 'ARGs before the first FROM, each used by a FROM',
    was: 'dockerfile-ast built an image of every ARG before the first FROM per variable look-up in a FROM: 1,000 of each, 0.2 s per version in the validator',
    ofSize: (bytes) => {
      const count = Math.max(1, Math.round(bytes / 40));
      const args = Array.from({ length: count }, (_, i) => `ARG V${i}=1\n`).join('');
      return `${args}${Array.from({ length: count }, (_, i) => `FROM debian:$V${i} AS s${i}\n`).join('')}`;
    },
  },
  {
    name: 'LABEL with `k=v` pairs on one line',
    was: 'semantic tokens re-walked every pair per token: 1 000 pairs, 5.6 s',
    ofSize: (bytes) => fill('FROM debian\nLABEL', (i) => ` k${i}=v${i}`, '\n', bytes),
  },
  {
    name: 'ENV with `k=v` pairs on one line',
    was: 'as LABEL: every pair re-scanned per token',
    ofSize: (bytes) => fill('FROM debian\nENV', (i) => ` k${i}=v${i}`, '\n', bytes),
  },
  {
    name: 'LABEL, 99 continuation lines of 10 pairs',
    was: 'just under the 100-line token guard: 3.3 s',
    ofSize: (bytes) => {
      const perLine = Math.max(10, Math.ceil(bytes / 99 / 8));
      const line = (j: number) => Array.from({ length: perLine }, (_, i) => `k${j}_${i}=v`).join(' ');
      return `FROM debian\nLABEL ${Array.from({ length: 99 }, (_, j) => `${line(j)} \\\n`).join('')}  last=1\n`;
    },
  },
];

/** A realistic Dockerfile (bench/generate.ts) of about `bytes` bytes. */
export function realisticOfSize(bytes: number): string {
  const perLine = generateDockerfile(1_000).length / 1_000;
  let lines = Math.max(10, Math.round(bytes / perLine));
  let text = generateDockerfile(lines);
  while (text.length < bytes) text = generateDockerfile((lines = Math.ceil(lines * 1.05)));
  return text;
}
