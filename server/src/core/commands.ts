// What shell commands in RUN do, as far as image size and caching care: which package manager
// installs or removes what, which command installs a project's dependencies, which one builds.
import type { DockerfileModel, InstructionModel, ShellCommand, StageModel, Word } from './model';
import { argumentsOf, envValueAt, hasOption, perCommand, programIndex, programOf } from './queries';

export type OsPackageManager = 'apt' | 'apk' | 'yum' | 'dnf' | 'microdnf' | 'zypper';

export interface OsPackageCommand {
  manager: OsPackageManager;
  /** The verb word (`install`, `add`, `remove`, `del`, ...). */
  verb: Word;
  /** Package names (options and their values left out). */
  packages: Word[];
}

const OS_INSTALL: Record<string, [OsPackageManager, string[]]> = {
  'apt-get': ['apt', ['install']],
  apt: ['apt', ['install']],
  apk: ['apk', ['add']],
  yum: ['yum', ['install', 'groupinstall']],
  dnf: ['dnf', ['install', 'groupinstall']],
  microdnf: ['microdnf', ['install']],
  zypper: ['zypper', ['install', 'in']],
};
const OS_REMOVE: Record<string, string[]> = {
  'apt-get': ['remove', 'purge', 'autoremove'],
  apt: ['remove', 'purge', 'autoremove'],
  apk: ['del'],
  yum: ['remove', 'erase'],
  dnf: ['remove', 'erase'],
  microdnf: ['remove'],
  zypper: ['remove', 'rm'],
};
/** Options whose value is the next word (so it is not a package name). */
const OPTIONS_WITH_VALUE = new Set(['-o', '-t', '--target-release', '--virtual', '-t', '--repository', '-X', '--enablerepo', '--disablerepo', '-c', '--option']);

function verbAndPackages(cmd: ShellCommand, verbs: string[]): { verb: Word; packages: Word[] } | undefined {
  const args = argumentsOf(cmd);
  let verbIndex = -1;
  for (let i = 0; i < args.length; i++) {
    const t = args[i].text;
    if (t.startsWith('-')) {
      if (OPTIONS_WITH_VALUE.has(t)) i++;
      continue;
    }
    verbIndex = verbs.includes(t) ? i : -1;
    break;
  }
  if (verbIndex < 0) return undefined;
  const packages: Word[] = [];
  for (let i = verbIndex + 1; i < args.length; i++) {
    const t = args[i].text;
    if (t.startsWith('-')) {
      if (OPTIONS_WITH_VALUE.has(t)) i++;
      continue;
    }
    packages.push(args[i]);
  }
  return { verb: args[verbIndex], packages };
}

/** `apt-get install -y curl`, `apk add --no-cache git`, `dnf install gcc`: the manager, verb and packages. */
export const osPackageInstall = perCommand((cmd: ShellCommand): OsPackageCommand | undefined => {
  const program = programOf(cmd);
  const known = program ? OS_INSTALL[program] : undefined;
  if (!known) return undefined;
  const found = verbAndPackages(cmd, known[1]);
  return found && { manager: known[0], ...found };
});

/** `apt-get purge -y gcc`, `apk del .build-deps`, `yum remove x`. */
export const osPackageRemove = perCommand((cmd: ShellCommand): OsPackageCommand | undefined => {
  const program = programOf(cmd);
  const verbs = program ? OS_REMOVE[program] : undefined;
  if (!program || !verbs) return undefined;
  const found = verbAndPackages(cmd, verbs);
  return found && { manager: OS_INSTALL[program][0], ...found };
});

/** `apt-get update` / `apt update`. */
export const isAptUpdate = perCommand((cmd: ShellCommand): boolean => {
  const program = programOf(cmd);
  return (program === 'apt-get' || program === 'apt') && verbAndPackages(cmd, ['update']) !== undefined;
});

export type NodePackageManager = 'npm' | 'yarn' | 'pnpm';

export interface NodeInstall {
  tool: NodePackageManager;
  /** `ci` for npm ci; `install` for the others, whatever spelling was used. */
  kind: 'ci' | 'install';
  /** The subcommand word (`ci`, `install`, `i`), or the program word for a bare `yarn`. */
  word: Word;
  /** True when the command installs the project's dependencies (no package names, not global). */
  project: boolean;
}

/** npm ci / npm install / yarn [install] / pnpm install, and whether it installs the project's dependencies. */
export const nodeInstall = perCommand((cmd: ShellCommand): NodeInstall | undefined => {
  const program = programOf(cmd);
  if (program !== 'npm' && program !== 'yarn' && program !== 'pnpm') return undefined;
  const args = argumentsOf(cmd);
  const positional = args.filter((w) => !w.text.startsWith('-'));
  const sub = positional[0];
  const global = hasOption(cmd, '-g', '--global') || (program === 'yarn' && sub?.text === 'global');
  if (program === 'yarn' && !sub) return { tool: 'yarn', kind: 'install', word: cmd.words[programIndex(cmd)], project: true };
  if (!sub) return undefined;
  if (program === 'npm' && sub.text === 'ci') return { tool: 'npm', kind: 'ci', word: sub, project: true };
  const installs = program === 'npm' ? ['install', 'i', 'isntall', 'add'] : program === 'pnpm' ? ['install', 'i', 'add'] : ['install', 'add'];
  if (!installs.includes(sub.text)) return undefined;
  const addsPackages = positional.length > 1 || sub.text === 'add';
  return { tool: program, kind: 'install', word: sub, project: !addsPackages && !global };
});

/** The node install leaves devDependencies out: a production flag, or NODE_ENV/npm config saying so. */
export function omitsDevDependencies(model: DockerfileModel, stage: StageModel, ins: InstructionModel, cmd: ShellCommand, install: NodeInstall): boolean {
  const flags: Record<NodePackageManager, string[]> = {
    npm: ['--omit=dev', '--only=production', '--only=prod', '--production'],
    yarn: ['--production', '--prod'],
    pnpm: ['--prod', '-P', '--production'],
  };
  const args = argumentsOf(cmd);
  if (args.some((w) => flags[install.tool].some((f) => w.text === f || (f === '--production' && w.text === '--production=true')))) return true;
  if (install.tool === 'npm' && args.some((w, i) => w.text === '--omit' && args[i + 1]?.text === 'dev')) return true;
  const inline = cmd.words.slice(0, programIndex(cmd)).map((w) => w.value);
  const env = (name: string) => inline.find((w) => w.startsWith(name + '='))?.slice(name.length + 1) ?? envValueAt(model, stage, name, ins.range.start.line);
  if (env('NODE_ENV') === 'production') return true;
  if (install.tool === 'npm' && (env('NPM_CONFIG_PRODUCTION') === 'true' || env('NPM_CONFIG_OMIT') === 'dev' || env('npm_config_omit') === 'dev')) return true;
  return false;
}

/** `npm prune --production`/`--omit=dev`, `pnpm prune --prod`, `yarn install --production` after a build: dev dependencies removed. */
export const prunesDevDependencies = perCommand((cmd: ShellCommand): boolean => {
  const program = programOf(cmd);
  const args = argumentsOf(cmd).map((w) => w.text);
  if ((program === 'npm' || program === 'pnpm') && args[0] === 'prune') return args.some((a) => ['--production', '--omit=dev', '--prod'].includes(a)) || (args.includes('--omit') && args.includes('dev'));
  return false;
});

export interface PipInstall {
  /** The `install` word. */
  word: Word;
  /** Files named with -r/--requirement. */
  requirementFiles: Word[];
}

/** `pip install …`, `pip3 install …`, `python -m pip install …`. */
export const pipInstall = perCommand((cmd: ShellCommand): PipInstall | undefined => {
  const program = programOf(cmd);
  let args = argumentsOf(cmd);
  if (program && /^python(\d(\.\d+)?)?$/.test(program)) {
    if (args[0]?.text !== '-m' || !/^pip\d?$/.test(args[1]?.text ?? '')) return undefined;
    args = args.slice(2);
  } else if (!program || !/^pip(\d(\.\d+)?)?$/.test(program)) return undefined;
  const word = args.find((w) => !w.text.startsWith('-'));
  if (word?.text !== 'install') return undefined;
  const requirementFiles: Word[] = [];
  args.forEach((w, i) => {
    if ((w.text === '-r' || w.text === '--requirement') && args[i + 1]) requirementFiles.push(args[i + 1]);
    else if (w.text.startsWith('--requirement=')) requirementFiles.push({ ...w, text: w.text.slice(14), value: w.value.slice(14) });
  });
  return { word, requirementFiles };
});

/**
 * A command that compiles or bundles the project: `npm run build`, `yarn build`, `tsc`, `next build`,
 * `go build`, `mvn package`, `gradle build`, `cargo build`, `dotnet publish`. Returns the words from the
 * program to the build verb (the range a finding points at), or undefined.
 */
export const buildCommandWords = perCommand((cmd: ShellCommand): Word[] | undefined => {
  const start = programIndex(cmd);
  const words = cmd.words.slice(start);
  const program = words[0]?.text.replace(/^.*\//, '');
  if (!program) return undefined;
  const positional = words.slice(1).filter((w) => !w.text.startsWith('-'));
  const upTo = (w: Word | undefined) => (w ? words.slice(0, words.indexOf(w) + 1) : undefined);
  const isBuildScript = (name: string | undefined) => name !== undefined && /^(build|compile)([:-].*)?$/.test(name);
  switch (program) {
    case 'npm':
    case 'pnpm':
    case 'yarn':
      if ((positional[0]?.text === 'run' || positional[0]?.text === 'run-script') && isBuildScript(positional[1]?.text)) return upTo(positional[1]);
      if (program !== 'npm' && isBuildScript(positional[0]?.text)) return upTo(positional[0]);
      if (program === 'npm' && positional[0]?.text === 'exec' && ['tsc', 'next'].includes(positional[1]?.text ?? '')) return upTo(positional[1]);
      return undefined;
    case 'npx':
      if (positional[0]?.text === 'tsc') return upTo(positional[0]);
      if (positional[0]?.text === 'next' && positional[1]?.text === 'build') return upTo(positional[1]);
      return undefined;
    case 'tsc':
      return hasOption(cmd, '--version', '-v') ? undefined : [words[0]];
    case 'next':
      return positional[0]?.text === 'build' ? upTo(positional[0]) : undefined;
    case 'go':
      return positional[0]?.text === 'build' ? upTo(positional[0]) : undefined;
    case 'mvn':
    case 'mvnw':
      return upTo(positional.find((w) => ['package', 'install', 'verify', 'compile'].includes(w.text)));
    case 'gradle':
    case 'gradlew':
      return upTo(positional.find((w) => ['build', 'assemble', 'bootJar', 'shadowJar', 'installDist', 'jar'].includes(w.text)));
    case 'cargo':
      return positional[0]?.text === 'build' || positional[0]?.text === 'install' ? upTo(positional[0]) : undefined;
    case 'dotnet':
      return positional[0]?.text === 'publish' || positional[0]?.text === 'build' ? upTo(positional[0]) : undefined;
    default:
      return undefined;
  }
});

/** Compilers, headers and tools that build software but are not needed to run it. */
export function isBuildToolPackage(manager: OsPackageManager, name: string): boolean {
  const n = name.replace(/[=<>].*$/, '').toLowerCase();
  if (['build-essential', 'gcc', 'g++', 'gcc-c++', 'clang', 'make', 'cmake', 'autoconf', 'automake', 'libtool', 'pkg-config', 'pkgconf', 'git', 'cargo', 'rustc', 'golang'].includes(n)) return true;
  if (/^(gcc|g\+\+|clang|cpp)-\d+$/.test(n)) return true;
  if (manager === 'apk') return ['build-base', 'alpine-sdk', 'musl-dev', 'linux-headers'].includes(n) || n.endsWith('-dev');
  if (manager === 'apt') return n.endsWith('-dev');
  return n.endsWith('-devel') || n === 'development tools' || n === '"development tools"';
}

/** Compilers and headers (not git or make alone): what building native Python/Ruby packages needs. */
export function isCompilerPackage(manager: OsPackageManager, name: string): boolean {
  return isBuildToolPackage(manager, name) && !['git', 'make', 'cmake', 'autoconf', 'automake', 'libtool', 'pkg-config', 'pkgconf', 'cargo', 'rustc', 'golang'].includes(name.replace(/[=<>].*$/, '').toLowerCase());
}
