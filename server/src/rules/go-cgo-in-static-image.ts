import type { Rule } from './types';
import type { DockerfileModel, InstructionModel, ShellCommand, StageModel } from '../core/model';
import type { RuleFinding } from '../core/findings';
import { resolveFamily } from '../sizes/family';
import { imageTraits } from '../sizes/catalogue';
import {
  argumentsOf,
  chainInstructions,
  envValueAt,
  isCommand,
  programIndex,
  rootImageStage,
  shippedDirectly,
  stageChain,
  subcommandOf,
} from '../core/queries';
import { append } from '../core/collections';

// With cgo on (the default where a C compiler exists, e.g. golang:1.22), a binary that imports net,
// os/user or any C library links against glibc. scratch and distroless/static have no libc, so the
// container fails at start with "no such file or directory" for a file that is plainly there.
export const rule: Rule = {
  meta: {
    id: 'go-cgo-in-static-image',
    category: 'correctness',
    defaultSeverity: 'warning',
    summary: '`go build` without `CGO_ENABLED=0` feeding a scratch or distroless/static runner.',
    why: 'golang images ship gcc, so cgo is on by default and a binary using `net` or `os/user` is dynamically linked against glibc. `scratch` and `gcr.io/distroless/static` have no libc: the binary exists but exec fails with "no such file or directory". Build with `CGO_ENABLED=0` (or link statically) when the runner is static.',
    examples: {
      bad: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n',
      good: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n',
    },
    fixable: true,
  },
  check({ model }) {
    const findings: RuleFinding[] = [];
    // Without a `go build` anywhere there is nothing to find: skip listing what each static runner ships
    // (a runner per stage, each shipping the stages before it, was quadratic in stages).
    const builds = (i: InstructionModel) => i.keyword === 'RUN' && i.commands.some(isGoBuild);
    if (!model.instructions.some(builds)) return findings;
    const seen = new Set<string>();
    // A builder looked at once has nothing more to give (its builds are reported or have cgo off, for any
    // runner), and a stage looked at whose sources are all spent is spent with them: each runner walks only
    // what is not spent yet. Listing everything each runner ships was quadratic when thousands of runners
    // each ship a chain of builders (240 kB took 5.7 s).
    const lookedAt = new Set<number>();
    const spent = new Set<number>();
    for (const runner of model.stages.filter((s) => isStaticImage(model, s))) {
      // Every stage whose files reach the runner, also through an intermediate (e.g. an upx stage).
      const runnerChain = new Set(stageChain(model, runner));
      const reached = notSpentShipped(model, runner, spent);
      for (const builder of reached.filter((s) => !runnerChain.has(s))) {
        lookedAt.add(builder.index);
        if (cgoUnavailable(model, builder)) continue;
        for (const { command, line } of goBuilds(model, builder)) {
          const key = `${command.range.start.line}:${command.range.start.character}`;
          if (seen.has(key) || cgoDisabled(model, builder, command, line)) continue;
          seen.add(key);
          const go = command.words[programIndex(command)];
          const runnerName = runner.scratch ? '`scratch`' : `\`${rootImageStage(model, runner).image.resolved}\``;
          findings.push({
            range: { start: go.range.start, end: subcommandOf(command)!.range.end },
            message: `This binary goes into ${runnerName}, which has no libc, but cgo is on: if it links glibc (net, os/user, C libraries) it fails to start with "no such file or directory". Build with \`CGO_ENABLED=0\`.`,
            // Not safe: code that really needs cgo (sqlite3, …) then fails to build.
            fixes: [
              {
                title: 'Build with CGO_ENABLED=0',
                safe: false,
                isPreferred: true,
                edits: [{ range: { start: go.range.start, end: go.range.start }, newText: 'CGO_ENABLED=0 ' }],
              },
            ],
          });
        }
      }
      // In stage order, each stage's sources (earlier stages) are settled before it.
      for (const stage of reached)
        if (lookedAt.has(stage.index) && shippedDirectly(stage).every((s) => s < stage.index && spent.has(s)))
          spent.add(stage.index);
    }
    return findings;
  },
};

/** What `runner` ships (itself included), in stage order, without entering stages already spent. */
function notSpentShipped(model: DockerfileModel, runner: StageModel, spent: ReadonlySet<number>): StageModel[] {
  const reached = new Set<number>();
  const pending = [runner.index];
  for (let index = pending.pop(); index !== undefined; index = pending.pop()) {
    if (reached.has(index) || spent.has(index)) continue;
    reached.add(index);
    append(pending, shippedDirectly(model.stages[index]));
  }
  return [...reached].sort((a, b) => a - b).map((i) => model.stages[i]);
}

function isStaticImage(model: DockerfileModel, stage: StageModel): boolean {
  const root = rootImageStage(model, stage);
  return root.scratch || imageTraits(root.image.resolved ?? '')?.libc === 'none';
}

/** `go build` / `go install` commands of the stage and its FROM chain, with their instruction's line. */
function goBuilds(model: DockerfileModel, stage: StageModel): { command: ShellCommand; line: number }[] {
  return chainInstructions(model, stage)
    .filter((i) => i.keyword === 'RUN')
    .flatMap((i) => i.commands.map((command) => ({ command, line: i.range.start.line })))
    .filter(({ command }) => isGoBuild(command));
}

const isGoBuild = (command: ShellCommand) => isCommand(command, ['go'], ['build', 'install']);

const OFF = 'CGO_ENABLED=0';

function cgoDisabled(model: DockerfileModel, stage: StageModel, command: ShellCommand, line: number): boolean {
  if (command.words.slice(0, programIndex(command)).some((w) => w.value === OFF)) return true;
  // Linked statically on purpose (-extldflags "-static"): no libc needed at run time.
  if (argumentsOf(command).some((w) => /-static\b/.test(w.value))) return true;
  if (envValueAt(model, stage, 'CGO_ENABLED', line) === '0') return true;
  // `export CGO_ENABLED=0` earlier in the same RUN, or `go env -w CGO_ENABLED=0` anywhere before.
  const runs = chainInstructions(model, stage).filter((i) => i.keyword === 'RUN' && i.range.start.line <= line);
  for (const run of runs) {
    for (const c of run.commands) {
      if (c === command) return false;
      const words = c.words.map((w) => w.value);
      if (isCommand(c, ['go'], ['env']) && words.includes('-w') && words.includes(OFF)) return true;
      if (run.range.start.line === line && words[0] === 'export' && words.includes(OFF)) return true;
    }
  }
  return false;
}

// golang:*-alpine has no C compiler, and since Go 1.20 cgo is then off by default — unless the stage installs one.
function cgoUnavailable(model: DockerfileModel, stage: StageModel): boolean {
  const family = resolveFamily(rootImageStage(model, stage).image.resolved ?? '');
  if (family?.family !== 'golang' || imageTraits(family)?.libc !== 'musl') return false;
  return !chainInstructions(model, stage).some(
    (i) =>
      i.keyword === 'RUN' &&
      i.commands.some(
        (c) =>
          isCommand(c, ['apk'], ['add']) &&
          argumentsOf(c).some((w) => /^(gcc|build-base|musl-dev|clang)$/.test(w.value)),
      ),
  );
}
