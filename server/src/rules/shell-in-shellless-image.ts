import type { Rule } from './types';
import type { InstructionModel } from '../core/model';
import type { Fix, RuleFinding } from '../core/findings';
import { chainInstructions, rootImageStage, shelllessBase } from '../core/queries';
import { execFormText, isDistrolessNodeImage, isPlainShellWord, nodeIsEntrypoint } from '../core/startCommand';

// Shell form means `/bin/sh -c "…"`: distroless and scratch images have no /bin/sh, so the build
// (RUN) or the container start (CMD/ENTRYPOINT/HEALTHCHECK) fails. Exec-form RUN is left alone:
// it runs a binary directly, which may exist (e.g. `RUN ["/nodejs/bin/node", "warmup.js"]`).
export const rule: Rule = {
  meta: {
    id: 'shell-in-shellless-image',
    category: 'correctness',
    defaultSeverity: 'error',
    summary:
      'Shell-form RUN, CMD, ENTRYPOINT or HEALTHCHECK in a stage based on distroless or scratch, which have no /bin/sh.',
    why: 'Shell form wraps the command in `/bin/sh -c`. Distroless and `scratch` images ship no shell, so a shell-form RUN fails the build and a shell-form CMD/ENTRYPOINT/HEALTHCHECK fails when the container starts (or reports unhealthy forever). Exec form that names a shell (`CMD ["sh", "-c", "…"]`) fails the same way. Do the work in a builder stage and use exec form (`CMD ["app"]`) in the runner.',
    examples: {
      bad: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nRUN chmod +x /app\nCMD /app --port 8080\n',
      good: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /app . && chmod +x /app\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nCMD ["/app", "--port", "8080"]\n',
    },
    fixable: true,
  },
  check({ model }) {
    const findings: RuleFinding[] = [];
    for (const stage of model.stages) {
      const kind = shelllessBase(model, stage);
      if (!kind) continue;
      const image = rootImageStage(model, stage).image.resolved ?? 'scratch';
      const base = kind === 'scratch' ? '`scratch`' : `\`${image}\``;
      // A SHELL instruction (e.g. ["/busybox/sh", "-c"] on :debug images) means the author chose a shell that exists.
      const chain = chainInstructions(model, stage);
      // On distroless Node the image's ENTRYPOINT is node, unless the Dockerfile replaced it.
      const node = {
        distroless: isDistrolessNodeImage(image),
        entrypoint: isDistrolessNodeImage(image) && nodeIsEntrypoint(chain),
      };
      for (const ins of stage.instructions) {
        if (ins.onbuild || chain.some((i) => i.keyword === 'SHELL' && i.range.start.line < ins.range.start.line))
          continue;
        const finding = check(ins, base, kind, node);
        if (finding) findings.push(finding);
      }
    }
    return findings;
  },
};

const SHELLS = /^(?:\/(?:usr\/)?bin\/|\/busybox\/)?(?:sh|bash|ash|dash|zsh)$/;

/** Distroless Node image, and whether its node ENTRYPOINT is still in effect. */
interface NodeImage {
  distroless: boolean;
  entrypoint: boolean;
}

function check(ins: InstructionModel, base: string, kind: string, node: NodeImage): RuleFinding | undefined {
  const debugHint = kind === 'distroless-debug' ? ' (on a :debug image, add `SHELL ["/busybox/sh", "-c"]` first)' : '';
  if (ins.keyword === 'RUN' && !ins.execForm && ins.args.length > 0) {
    return {
      range: ins.keywordRange,
      message: `${base} has no /bin/sh, so this shell-form RUN fails the build: do this step in a builder stage and copy the result${debugHint}.`,
    };
  }
  if ((ins.keyword === 'CMD' || ins.keyword === 'ENTRYPOINT') && !ins.execForm && ins.args.length > 0) {
    return {
      range: ins.keywordRange,
      message: `${base} has no /bin/sh, so shell-form ${ins.keyword} cannot start the container: use exec form, \`${ins.keyword} ${execFormText(argvFor(ins, node) ?? ['<binary>', '<arg>'])}\`${debugHint}.`,
      fixes: execFormFix(ins, node),
    };
  }
  // Exec form that names a shell: `CMD ["sh", "-c", "…"]` needs the shell all the same.
  const shell = ['RUN', 'CMD', 'ENTRYPOINT'].includes(ins.keyword) && ins.execForm ? ins.args[0] : undefined;
  if (shell && SHELLS.test(shell.value) && !(kind === 'distroless-debug' && shell.value.startsWith('/busybox/'))) {
    return {
      range: shell.range,
      message: `${base} has no shell, so \`${shell.value}\` does not exist and this ${ins.keyword} ${ins.keyword === 'RUN' ? 'fails the build' : 'cannot start the container'}: run the program itself in exec form, or do shell work in a builder stage${debugHint}.`,
    };
  }
  if (ins.keyword === 'HEALTHCHECK') {
    const cmd = ins.args.findIndex((w) => w.text.toUpperCase() === 'CMD');
    const next = ins.args[cmd + 1];
    if (cmd >= 0 && next && !next.text.startsWith('[')) {
      return {
        range: ins.args[cmd].range,
        message: `${base} has no /bin/sh, so this shell-form HEALTHCHECK never succeeds and the container stays unhealthy: use \`HEALTHCHECK CMD ["<binary>", "<arg>"]\` with a binary the image has${debugHint}.`,
      };
    }
  }
  return undefined;
}

/** The exec-form argv for plain shell words (no variables, quotes or operators); under node's ENTRYPOINT, CMD drops `node`. */
function argvFor(ins: InstructionModel, node: NodeImage): string[] | undefined {
  const words = ins.args.map((w) => w.text);
  if (words.length === 0 || ins.commands.length !== 1 || !words.every(isPlainShellWord)) return undefined;
  const argv = words[0] === 'exec' ? words.slice(1) : words;
  if (ins.keyword === 'CMD' && node.entrypoint && ['node', 'nodejs'].includes(argv[0]) && argv.length > 1)
    return argv.slice(1);
  // ENTRYPOINT node … on distroless: `node` is not on PATH there (/nodejs/bin/node); no guess.
  if (ins.keyword === 'ENTRYPOINT' && node.distroless && ['node', 'nodejs'].includes(argv[0])) return undefined;
  return argv.length ? argv : undefined;
}

// Safe: the shell form cannot run at all on this image, and plain words mean the same argv without a shell.
function execFormFix(ins: InstructionModel, node: NodeImage): Fix[] | undefined {
  const argv = argvFor(ins, node);
  if (!argv) return undefined;
  const first = ins.args[0].range.start;
  const last = ins.args[ins.args.length - 1].range.end;
  return [
    {
      title: `Use exec form: ${ins.keyword} ${execFormText(argv)}`,
      safe: true,
      isPreferred: true,
      edits: [{ range: { start: first, end: last }, newText: execFormText(argv) }],
    },
  ];
}
