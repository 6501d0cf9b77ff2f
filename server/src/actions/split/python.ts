// Python: a builder that installs the requirements into a virtualenv (compilers available), and a
// runner on the slim (or alpine) image of the same Python that copies only the venv and the app.
import * as path from 'node:path';
import type { WorkspaceFacts } from '../../core/workspace';
import { isCommand, programOf } from '../../core/queries';
import type { ShellCommand } from '../../core/model';
import type { PlanNode, PlanOutcome, PlanStage, RunnerKind } from './plan';
import type { SourceFacts, SourceItem } from './read';
import { classifyRuns } from './roles';
import { isBuildToolPackage, installPackagesCommand, translatePackages } from '../../core/commands';
import { tagParts, siblingTag, osPackageManagerOf } from './images';
import { verbatim, withComments, copyNode, referencedWords, keptRuns, appWorkdir } from './nodes';
import { runnerFor } from './runners';
import {
  argsAndEnv,
  startItems,
  NO_START,
  unplacedRunsRefusal,
  keptInRunnerNote,
  droppedCleanupNote,
  placeInRunner,
  runnerTail,
  assemblePlan,
} from './assembly';
import { append, greatestOf, leastOf } from '../../core/collections';

const DEFAULT_VENV = '/opt/venv';

/** `python -m venv X` / `virtualenv X`: the original's own virtualenv, adopted instead of adding one. */
function venvTarget(cmd: ShellCommand): string | undefined {
  const words = cmd.words.map((w) => w.value);
  const at = words.indexOf('venv');
  if (programOf(cmd)?.startsWith('python') && at > 0 && words[at - 1] === '-m')
    return words.slice(at + 1).find((w) => !w.startsWith('-'));
  if (programOf(cmd) === 'virtualenv') return words.slice(1).find((w) => !w.startsWith('-'));
  return undefined;
}

function isPipInstall(cmd: ShellCommand): boolean {
  const program = programOf(cmd);
  if (program === 'pip' || program === 'pip3') return isCommand(cmd, [program], ['install']);
  if (program?.startsWith('python'))
    return cmd.words
      .map((w) => w.text)
      .join(' ')
      .includes('-m pip install');
  return false;
}

export function planPython(src: SourceFacts, facts: WorkspaceFacts, runner: RunnerKind): PlanOutcome {
  const image = src.stage.image;
  const parts = tagParts(image.raw, image.resolved!);
  if (!parts || parts.repository !== 'python')
    return { refused: `the base image ${image.raw} is not an official python image` };
  const chosen = runnerFor('python', runner, { original: image.resolved!, parts });
  if ('refused' in chosen) return chosen;
  const runs = classifyRuns(src.items, isPipInstall);
  const pip = runs.filter((r) => r.role === 'build' && r.command && isPipInstall(r.command));
  if (pip.length === 0) return { refused: 'no pip install in the file: nothing to leave behind in a builder' };
  if (runs.some((r) => /\b(poetry|pipenv|uv)\b/.test(r.text)))
    return { refused: 'poetry/pipenv/uv installs are not planned yet' };
  const { start } = startItems(src);
  if (!start) return NO_START;

  const warnings: string[] = [];
  const runnerImage = chosen.image;
  const builderImage =
    runner === 'alpine' ? runnerImage : parts.variant === 'alpine' ? siblingTag(parts, 'full') : image.raw;
  const manager: 'apt' | 'apk' = runner === 'alpine' ? 'apk' : 'apt';
  const installed = runs.filter((r) => r.role === 'system').flatMap((r) => r.packages ?? []);
  const originalManager = osPackageManagerOf(parts);
  const translate = (names: string[]) => (manager === originalManager ? names : translatePackages(names, manager));
  // The python image brings its own Python (/usr/local): Debian's python3 is there for builds only.
  const isBuildPackage = (p: string) => isBuildToolPackage(originalManager, p, { runtimeInBase: true });
  const buildPkgs = translate(installed.filter(isBuildPackage));
  const runPkgs = translate(installed.filter((p) => !isBuildPackage(p)));
  if (!buildPkgs || !runPkgs)
    return { refused: `the system packages ${installed.join(' ')} have no known ${manager} names` };
  if (runner === 'alpine')
    warnings.push(
      'wheels built for musl may compile from source on alpine: expect a slower build, and check native packages.',
    );

  const used = new Set<SourceItem>();
  const argsEnv = (builder: boolean) => argsAndEnv(src, used, builder);
  const workdir = pip[pip.length - 1].item.workdir;
  const ownVenv = runs.find((r) => r.command && venvTarget(r.command));
  const VENV = ownVenv ? path.posix.resolve(ownVenv.item.workdir, venvTarget(ownVenv.command!)!) : DEFAULT_VENV;
  // The original's `python -m venv` is the builder's own venv step: handled, not kept in the runner.
  const unknown = runs.filter(
    (r) => r !== ownVenv && (r.role === 'unknown' || r.role === 'install' || r.role === 'global'),
  );
  const refusal = unplacedRunsRefusal(unknown, parts.variant === 'alpine', runner);
  if (refusal) return refusal;
  const buildNodes: PlanNode[] = [
    { kind: 'workdir', path: workdir },
    ...argsEnv(true),
    ...(buildPkgs.length ? [{ kind: 'run', commands: installPackagesCommand(manager, buildPkgs) } as PlanNode] : []),
    withComments({ kind: 'run', commands: [`python -m venv ${VENV}`] }, ownVenv ? [ownVenv.item] : [], new Set()),
    { kind: 'env', pairs: [['PATH', `${VENV}/bin:$PATH`]] },
  ];
  // Whatever the original copied before installing (requirements, vendored packages, the app for `pip install .`).
  const lastPipLine = greatestOf(pip.map((p) => p.item.ins.range.start.line));
  const beforeInstall = src.items.filter(
    (i) => (i.role === 'copy-manifests' || i.role === 'copy-sources') && i.ins.range.start.line < lastPipLine,
  );
  for (const item of beforeInstall)
    buildNodes.push(withComments(copyNode(item, workdir), item.role === 'copy-manifests' ? [item] : [], used));
  const pipByItem = new Map<SourceItem, string[]>();
  for (const p of pip)
    pipByItem.set(p.item, [
      ...(pipByItem.get(p.item) ?? []),
      p.text.includes('--no-cache-dir') ? p.text : p.text.replace(/\binstall\b/, 'install --no-cache-dir'),
    ]);
  for (const [item, commands] of pipByItem) buildNodes.push(withComments({ kind: 'run', commands }, [item], used));

  const note = keptInRunnerNote(unknown);
  if (note) warnings.push(note);
  const cleanup = droppedCleanupNote(runs);
  if (cleanup) warnings.push(cleanup);
  const appDir = start.workdir;
  // Steps the original ran before copying the app (users, folders) keep that place; before its first WORKDIR, they come first.
  const { first, early, late } = placeInRunner(src, unknown);
  // ARG and ENV the original set before the steps kept first stay above them.
  const firstLine = first.length ? leastOf(first.map((c) => c.item.ins.range.start.line)) : -1;
  const runnerArgEnv = argsEnv(false);
  const lineOf = (n: PlanNode) => n.origin?.[0]?.ins.range.start.line ?? Number.POSITIVE_INFINITY;
  const runnerNodes: PlanNode[] = [
    ...runnerArgEnv.filter((n) => lineOf(n) < firstLine),
    ...keptRuns(first, used, '/', src),
    appWorkdir(src, appDir, used),
    ...runnerArgEnv.filter((n) => lineOf(n) >= firstLine),
  ];
  if (runPkgs.length)
    runnerNodes.push(
      withComments(
        { kind: 'run', commands: installPackagesCommand(manager, runPkgs) },
        runs.filter((r) => r.role === 'system').map((r) => r.item),
        used,
      ),
    );
  append(runnerNodes, keptRuns(early, used, appDir, src));
  runnerNodes.push(
    { kind: 'copy', from: 'build', sources: [VENV], dest: VENV },
    {
      kind: 'env',
      pairs: [
        ['PATH', `${VENV}/bin:$PATH`],
        ['PYTHONUNBUFFERED', '1'],
      ],
    },
  );
  // A later `COPY . .` already brings what earlier partial copies did.
  const wholeContext = src.items.findIndex(
    (i) => i.role === 'copy-sources' && i.copy!.sources.every((x) => x === '.' || x === './'),
  );
  for (const [index, item] of src.items.entries()) {
    if (item.role === 'copy-sources' && index < wholeContext) continue;
    if (item.role === 'copy-sources' || item.role === 'copy-other')
      runnerNodes.push(
        withComments(
          item.role === 'copy-other'
            ? verbatim({ src }, item, used)
            : { ...copyNode(item, appDir), chown: item.copy!.chown },
          [item],
          used,
        ),
      );
  }
  const userItem = [...src.items].reverse().find((i) => i.role === 'user');
  const originalUser = userItem?.ins.args[0]?.value.split(':')[0];
  const user: PlanNode =
    originalUser && originalUser !== 'root' && originalUser !== '0'
      ? verbatim({ src }, userItem!, used)
      : withComments({ kind: 'user', user: chosen.user }, userItem ? [userItem] : [], used);
  // Steps the original ran after its USER still run as that user.
  const userLine = userItem ? userItem.ins.range.start.line : Number.POSITIVE_INFINITY;
  const asUser = late.filter((c) => c.item.ins.range.start.line > userLine);
  runnerNodes.push(
    ...keptRuns(
      late.filter((c) => !asUser.includes(c)),
      used,
      appDir,
      src,
    ),
  );
  if (asUser.length) runnerNodes.push(user, ...keptRuns(asUser, used, appDir, src));
  const startNodes = src.items
    .filter((i) => i.role === 'entrypoint' || i.role === 'cmd')
    .map((i) => verbatim({ src }, i, used));
  runnerNodes.push(
    ...runnerTail(src, used, {
      roles: ['meta', 'healthcheck'],
      user: asUser.length ? undefined : user,
      start: startNodes,
    }),
  );
  if (referencedWords(src).some((w) => w === 'pip' || w === 'pip3')) return { refused: 'the start command runs pip' };
  const stages: PlanStage[] = [
    {
      name: 'build',
      image: builderImage,
      purpose: 'compilers and a virtualenv with the requirements',
      nodes: buildNodes,
    },
    { name: 'runner', image: runnerImage, purpose: 'the virtualenv and the app, nothing else', nodes: runnerNodes },
  ];
  return assemblePlan(src, runner, runnerImage, stages, warnings);
}
