// Go: the original stage becomes the `build` stage (golang image, CGO_ENABLED=0 unless a cgo
// module needs C), and the runner holds only the binary: distroless/static, debian slim, alpine.
import * as path from 'node:path';
import type { WorkspaceFacts } from '../../core/workspace';
import { isCommand, programOf } from '../../core/queries';
import type { PlanNode, PlanOutcome, PlanStage, RunnerKind } from './plan';
import type { SourceFacts, SourceItem } from './read';
import { commandText } from '../../core/commands';
import { tagParts } from './images';
import { verbatim, replayAsBuilder, RUNTIME_FOLDERS } from './nodes';
import { runnerFor } from './runners';
import { startItems, NO_START, runnerTail, assemblePlan, runnerStartNode, runnerUserNode } from './assembly';

/** The golang image's PATH, and the system PATH every runner (distroless, debian, alpine) has. */
const SYSTEM_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
const GOLANG_PATH = ['/go/bin', '/usr/local/go/bin', ...SYSTEM_PATH];

/** Modules that only work with cgo: the binary then needs glibc at run time. */
const CGO_MODULES = /mattn\/go-sqlite3|confluent-kafka-go|go-oci8|gopkg\.in\/gographics/;

export function planGo(src: SourceFacts, facts: WorkspaceFacts, runner: RunnerKind): PlanOutcome {
  const image = src.stage.image;
  const parts = tagParts(image.raw, image.resolved!);
  if (!parts || parts.repository !== 'golang')
    return { refused: `the base image ${image.raw} is not an official golang image` };
  const runs = src.items.filter((i) => i.role === 'run');
  const builds = runs.flatMap((item) =>
    item.ins.commands.filter((c) => isCommand(c, ['go'], ['build', 'install'])).map((command) => ({ item, command })),
  );
  if (builds.length !== 1)
    return {
      refused: builds.length
        ? 'more than one `go build`: the split cannot tell which binary runs'
        : 'no `go build` in the file (a `go run` image ships the whole toolchain: build a binary first)',
    };
  const build = builds[0];
  const words = build.command.words.map((w) => w.value);
  const outAt = words.indexOf('-o');
  const goMod = facts.view.readText('go.mod') ?? '';
  const moduleName = /^module\s+(\S+)/m.exec(goMod)?.[1];
  const binaryRel = outAt > 0 ? words[outAt + 1] : moduleName ? path.posix.basename(moduleName) : undefined;
  if (!binaryRel || isCommand(build.command, ['go'], ['install']))
    return { refused: 'the `go build` has no `-o`, so the binary path is a guess' };
  const binary = path.posix.resolve(build.item.workdir, binaryRel);

  const { cmd: cmdItem, entrypoint: entryItem, start: startItem } = startItems(src);
  if (!startItem) return NO_START;
  const startWords = startItem.ins.execForm
    ? startItem.ins.args.map((w) => w.value)
    : startItem.ins.commands.length === 1
      ? startItem.ins.commands[0].words.map((w) => w.value)
      : [];
  // A bare name (`CMD ["helloserver"]`) runs the binary through PATH: the golang image has /go/bin on it.
  const onPath =
    startWords.length > 0 &&
    !startWords[0].includes('/') &&
    startWords[0] === path.posix.basename(binary) &&
    GOLANG_PATH.includes(path.posix.dirname(binary));
  if (!startWords.length || (!onPath && path.posix.resolve(startItem.workdir, startWords[0]) !== binary))
    return { refused: `the start command does not run the built binary ${binary}` };

  const cgo = CGO_MODULES.test(goMod);
  const warnings: string[] = [];
  const unknown = runs.flatMap((item) =>
    item.ins.commands
      .filter((c) => !isCommand(c, ['go']) && !['apt-get', 'apk', 'rm', 'mkdir'].includes(programOf(c) ?? ''))
      .map((c) => commandText(c)),
  );
  if (unknown.length)
    warnings.push(
      `${unknown.map((u) => `\`${u}\``).join(', ')} ${unknown.length > 1 ? 'run' : 'runs'} in the build stage only: files ${unknown.length > 1 ? 'they write' : 'it writes'} outside the binary do not reach the runner.`,
    );
  const chosen = runnerFor('go', runner, { original: image.resolved!, parts, cgo });
  if ('refused' in chosen) return chosen;
  if (cgo)
    warnings.push('go.mod uses a cgo module: the binary keeps CGO and links glibc, so the runner has glibc too.');

  const used = new Set<SourceItem>();
  const buildNodes = replayAsBuilder(src, used, (c, text) =>
    c === build.command && !cgo && !/CGO_ENABLED=/.test(text) ? `CGO_ENABLED=0 ${text}` : text,
  );
  const appDir = startItem.workdir;
  const runnerNodes: PlanNode[] = [{ kind: 'workdir', path: appDir }];
  if (runner !== 'distroless' && !cgo)
    runnerNodes.push({
      kind: 'copy',
      from: 'build',
      sources: ['/etc/ssl/certs/ca-certificates.crt'],
      dest: '/etc/ssl/certs/',
    });
  runnerNodes.push({ kind: 'copy', from: 'build', sources: [binary], dest: binary });
  // The runner's PATH is the plain system one: a binary run by name from elsewhere needs its folder added.
  if (onPath && !SYSTEM_PATH.includes(path.posix.dirname(binary)))
    runnerNodes.push({ kind: 'env', pairs: [['PATH', `${path.posix.dirname(binary)}:$PATH`]] });
  const buildDir = build.item.workdir;
  for (const folder of RUNTIME_FOLDERS.filter((f) => facts.topLevel.includes(f))) {
    runnerNodes.push({
      kind: 'copy',
      from: 'build',
      sources: [path.posix.join(buildDir, folder)],
      dest: path.posix.join(appDir, folder),
    });
  }
  const shellless = runner === 'distroless';
  const startNodes: PlanNode[] = [];
  for (const item of src.items.filter((i) => i === entryItem || i === cmdItem)) {
    const node = runnerStartNode(src, item, used, shellless);
    if ('refused' in node) return node;
    startNodes.push(node);
  }
  const probes = new Map<SourceItem, PlanNode>();
  for (const item of src.items.filter((i) => i.role === 'healthcheck')) {
    const node = runnerStartNode(src, item, used, shellless);
    if ('refused' in node) return node;
    probes.set(item, node);
  }
  runnerNodes.push(
    ...runnerTail(src, used, {
      roles: ['arg', 'env', 'meta', 'healthcheck'],
      healthcheck: (item) => probes.get(item)!,
      user: runnerUserNode(src, used, chosen.user, shellless ? ['nonroot'] : [], warnings),
      start: startNodes,
    }),
  );
  const stages: PlanStage[] = [
    { name: 'build', image: image.raw, purpose: 'the Go toolchain and the build', nodes: buildNodes },
    { name: 'runner', image: chosen.image, purpose: 'the binary and nothing else', nodes: runnerNodes },
  ];
  return assemblePlan(src, runner, chosen.image, stages, warnings);
}
