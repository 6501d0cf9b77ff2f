// What shell commands in RUN do, as far as image size and caching care: which package manager
// installs or removes what, which command installs a project's dependencies, which one builds.
import { unquote } from './substitute';
import type { DockerfileModel, InstructionModel, ShellCommand, StageModel, Word } from './model';
import {
  argumentsOf,
  commandEnv,
  envValueAt,
  hasOption,
  isCommand,
  mountsOf,
  perCommand,
  programIndex,
  programOf,
} from './queries';

export type OsPackageManager = 'apt' | 'apk' | 'yum' | 'dnf' | 'microdnf' | 'zypper';

export interface OsPackageCommand {
  manager: OsPackageManager;
  /** The verb word (`install`, `add`, `remove`, `del`, ...). */
  verb: Word;
  /** Package names (options and their values left out). */
  packages: Word[];
}

/**
 * Verbs that download packages (and so fill the manager's cache). dnf's short forms (`in`, `up`,
 * `rei`, `up-min`) are the same commands; aptitude is apt with another front end.
 */
const DNF_VERBS = [
  'install',
  'in',
  'groupinstall',
  'reinstall',
  'rei',
  'upgrade',
  'up',
  'upgrade-minimal',
  'up-min',
  'update',
  'distro-sync',
];
const OS_INSTALL: Record<string, [OsPackageManager, string[]]> = {
  'apt-get': ['apt', ['install']],
  apt: ['apt', ['install']],
  aptitude: ['apt', ['install']],
  apk: ['apk', ['add']],
  yum: ['yum', ['install', 'groupinstall', 'reinstall', 'update', 'upgrade']],
  dnf: ['dnf', DNF_VERBS],
  microdnf: ['microdnf', DNF_VERBS],
  zypper: ['zypper', ['install', 'in', 'update', 'up', 'dist-upgrade', 'dup', 'patch']],
};
const OS_REMOVE: Record<string, string[]> = {
  'apt-get': ['remove', 'purge', 'autoremove'],
  apt: ['remove', 'purge', 'autoremove'],
  aptitude: ['remove', 'purge'],
  apk: ['del'],
  yum: ['remove', 'erase'],
  dnf: ['remove', 'erase'],
  microdnf: ['remove'],
  zypper: ['remove', 'rm'],
};
/**
 * Options of package managers whose value is the next word, so that word is neither a verb nor a
 * package: the OS managers' (`-o`, `-t` for apt's target release and apk's virtual package, ...) and
 * npm/yarn/pnpm's (`--network-timeout 100000`, `--prefix dir`, ...). Names do not clash between them.
 */
export const OPTIONS_WITH_VALUE = new Set([
  // apt, apk, yum/dnf
  '-o',
  '--option',
  '-t',
  '--target-release',
  '--virtual',
  '--repository',
  '-X',
  '--enablerepo',
  '--disablerepo',
  '-c',
  // npm, yarn, pnpm
  '--network-timeout',
  '--registry',
  '--cache',
  '--cache-folder',
  '--prefix',
  '--mutex',
  '--modules-folder',
  '--loglevel',
  '--userconfig',
  '--network-concurrency',
  '--store-dir',
  '--filter',
  '-w',
  '--workspace',
]);

/** The arguments that are neither options nor the values of options (OPTIONS_WITH_VALUE). */
export const positionalArguments = perCommand((cmd: ShellCommand): readonly Word[] => {
  const args = argumentsOf(cmd);
  return args.filter((w, i) => !w.text.startsWith('-') && !(i > 0 && OPTIONS_WITH_VALUE.has(args[i - 1].text)));
});

/** The command as written, its words joined by single spaces. */
export function commandText(cmd: ShellCommand): string {
  return cmd.words.map((w) => w.text).join(' ');
}

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

/** `apt-get update` / `apt update` / `aptitude update`. */
export const isAptUpdate = perCommand((cmd: ShellCommand): boolean => {
  const program = programOf(cmd);
  return (
    (program === 'apt-get' || program === 'apt' || program === 'aptitude') &&
    verbAndPackages(cmd, ['update']) !== undefined
  );
});

/** `apt-get update`/`upgrade`, `apk update`/`upgrade`: refreshes the package index or what is installed, names no package. */
export const osPackageRefresh = perCommand((cmd: ShellCommand): 'apt' | 'apk' | undefined => {
  const program = programOf(cmd);
  const manager = program === 'apt-get' || program === 'apt' ? 'apt' : program === 'apk' ? 'apk' : undefined;
  return manager && verbAndPackages(cmd, ['update', 'upgrade']) ? manager : undefined;
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
  const positional = positionalArguments(cmd);
  const sub = positional[0];
  const global = hasOption(cmd, '-g', '--global') || (program === 'yarn' && sub?.text === 'global');
  if (program === 'yarn' && !sub)
    return { tool: 'yarn', kind: 'install', word: cmd.words[programIndex(cmd)], project: true };
  if (!sub) return undefined;
  if (program === 'npm' && sub.text === 'ci') return { tool: 'npm', kind: 'ci', word: sub, project: true };
  const installs =
    program === 'npm'
      ? ['install', 'i', 'isntall', 'add']
      : program === 'pnpm'
        ? ['install', 'i', 'add']
        : ['install', 'add'];
  if (!installs.includes(sub.text)) return undefined;
  const addsPackages = positional.length > 1 || sub.text === 'add';
  return { tool: program, kind: 'install', word: sub, project: !addsPackages && !global };
});

/** `npm install -g typescript`, `pnpm add -g x`, `yarn global add x`: a tool installed for the whole image, not the project. */
export const nodeGlobalInstall = perCommand((cmd: ShellCommand): boolean => {
  const program = programOf(cmd);
  const sub = positionalArguments(cmd)[0]?.text ?? '';
  if (program === 'npm' || program === 'pnpm')
    return hasOption(cmd, '-g', '--global') && ['install', 'i', 'add'].includes(sub);
  return program === 'yarn' && sub === 'global';
});

/**
 * A step of a Node project's toolchain other than installing and starting: `npm run <script>` (not
 * start), `yarn|pnpm run <script>`, `yarn|pnpm build|compile|prisma|generate`, any `npx …`, `tsc`,
 * `next build`. It needs the dev dependencies: in a multi-stage file it belongs to the build stage.
 * (buildCommandWords is narrower: only the commands that compile or bundle.)
 */
export const nodeToolchainStep = perCommand((cmd: ShellCommand): boolean => {
  const program = programOf(cmd);
  const args = positionalArguments(cmd).map((w) => w.value);
  if (program === 'npm')
    return (args[0] === 'run' || args[0] === 'run-script') && args.length >= 2 && args[1] !== 'start';
  if (program === 'yarn' || program === 'pnpm') {
    if (args[0] === 'run') return args.length >= 2 && args[1] !== 'start';
    return args.length >= 1 && ['build', 'compile', 'prisma', 'generate'].includes(args[0]);
  }
  if (program === 'npx') return args.length >= 1;
  return program === 'tsc' || (program === 'next' && args[0] === 'build');
});

/** Whose download cache a RUN may leave in its layer. `apt` is its package lists; `apt-archives` the downloaded .debs. */
export type CacheOwner = OsPackageManager | 'apt-archives' | 'pip' | 'npm' | 'yarn' | 'pnpm';

interface CacheFacts {
  /** Folders the cache lives in, as root sees them (`~`, `$HOME` and `/home/<user>` forms of /root/… count too). */
  dirs: string[];
  /** The manager's own clean command: programs and subcommands. */
  clean?: [string[], string[]];
  /** Further paths whose removal counts as a clean (users point caches there with --cache options). */
  alsoRemoves?: string[];
}

const DNF_CACHE: CacheFacts = {
  dirs: ['/var/cache/dnf', '/var/cache/yum', '/var/cache/libdnf5'],
  clean: [['dnf', 'microdnf', 'yum'], ['clean']],
};
const CACHES: Record<CacheOwner, CacheFacts> = {
  // `apt-get dist-clean` (apt ≥ 2.7, Debian trixie) removes the lists too.
  apt: { dirs: ['/var/lib/apt/lists'], clean: [['apt-get', 'apt'], ['dist-clean']] },
  'apt-archives': {
    dirs: ['/var/cache/apt/archives'],
    clean: [
      ['apt-get', 'apt', 'aptitude'],
      ['clean', 'autoclean', 'dist-clean'],
    ],
  },
  apk: { dirs: ['/var/cache/apk'] },
  yum: { dirs: ['/var/cache/yum'], clean: [['yum', 'dnf'], ['clean']] },
  dnf: DNF_CACHE,
  microdnf: DNF_CACHE,
  zypper: { dirs: ['/var/cache/zypp'], clean: [['zypper'], ['clean', 'cc']] },
  pip: { dirs: ['/root/.cache/pip'], clean: [['pip', 'pip3'], ['cache']] },
  npm: { dirs: ['/root/.npm'], clean: [['npm'], ['cache']], alsoRemoves: ['/tmp'] },
  yarn: {
    dirs: ['/usr/local/share/.cache/yarn', '/root/.cache/yarn', '/root/.yarn-cache', '/root/.yarn/berry/cache'],
    clean: [['yarn'], ['cache']],
    alsoRemoves: ['/tmp'],
  },
  pnpm: {
    dirs: ['/root/.local/share/pnpm/store', '/root/.cache/pnpm', '/pnpm/store'],
    clean: [['pnpm'], ['store']],
    alsoRemoves: ['/tmp'],
  },
};

/** `/var/cache/apk/*`, `~/.npm/`, `$HOME/.cache` → a plain absolute path (home folders as /root). */
function normalizeCachePath(path: string): string {
  return (
    unquote(path)
      .replace(/^(~|\$HOME|\$\{HOME\}|\/home\/[^/]+)(?=\/|$)/, '/root')
      .replace(/(\/\*?)+$/, '') || '/'
  );
}

/** The path is the cache folder, inside it, or a folder holding it (but not `/` itself). */
function touchesCache(path: string, owner: CacheOwner, extra: string[] = []): boolean {
  const p = normalizeCachePath(path);
  if (p === '/' || !p.startsWith('/')) return false;
  return [...CACHES[owner].dirs, ...extra].some(
    (dir) => p === dir || p.startsWith(`${dir}/`) || dir.startsWith(`${p}/`),
  );
}

/** `npm cache clean`, `yarn cache clean`, `pnpm store prune`, `apt-get clean`, `dnf clean all`, `rm -rf /var/lib/apt/lists/*`: removes caches only. */
export const cleansCaches = perCommand((cmd: ShellCommand): boolean => {
  if (Object.values(CACHES).some((facts) => facts.clean && isCommand(cmd, facts.clean[0], facts.clean[1]))) return true;
  if (isCommand(cmd, ['apt-get', 'apt'], ['autoremove'])) return true;
  if (programOf(cmd) !== 'rm') return false;
  const targets = positionalArguments(cmd).map((w) => w.value);
  const owners = Object.keys(CACHES) as CacheOwner[];
  return (
    targets.length > 0 &&
    targets.every((t) => owners.some((owner) => touchesCache(t, owner, CACHES[owner].alsoRemoves)))
  );
});

/** The node install leaves devDependencies out: a production flag, or NODE_ENV/npm config saying so. */
export function omitsDevDependencies(
  model: DockerfileModel,
  stage: StageModel,
  ins: InstructionModel,
  cmd: ShellCommand,
  install: NodeInstall,
): boolean {
  const flags: Record<NodePackageManager, string[]> = {
    npm: ['--omit=dev', '--only=production', '--only=prod', '--production'],
    yarn: ['--production', '--prod'],
    pnpm: ['--prod', '-P', '--production'],
  };
  const args = argumentsOf(cmd);
  if (
    args.some((w) =>
      flags[install.tool].some((f) => w.text === f || (f === '--production' && w.text === '--production=true')),
    )
  )
    return true;
  if (install.tool === 'npm' && args.some((w, i) => w.text === '--omit' && args[i + 1]?.text === 'dev')) return true;
  const env = (name: string) => commandEnv(model, stage, ins, cmd, name);
  if (env('NODE_ENV') === 'production') return true;
  if (
    install.tool === 'npm' &&
    (env('NPM_CONFIG_PRODUCTION') === 'true' || env('NPM_CONFIG_OMIT') === 'dev' || env('npm_config_omit') === 'dev')
  )
    return true;
  return false;
}

/** `npm prune --production`/`--omit=dev`, `pnpm prune --prod`, `yarn install --production` after a build: dev dependencies removed. */
export const prunesDevDependencies = perCommand((cmd: ShellCommand): boolean => {
  const program = programOf(cmd);
  const args = argumentsOf(cmd).map((w) => w.text);
  if ((program === 'npm' || program === 'pnpm') && args[0] === 'prune')
    return (
      args.some((a) => ['--production', '--omit=dev', '--prod'].includes(a)) ||
      (args.includes('--omit') && args.includes('dev'))
    );
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
    else if (w.text.startsWith('--requirement='))
      requirementFiles.push({ ...w, text: w.text.slice(14), value: w.value.slice(14) });
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
      if ((positional[0]?.text === 'run' || positional[0]?.text === 'run-script') && isBuildScript(positional[1]?.text))
        return upTo(positional[1]);
      if (program !== 'npm' && isBuildScript(positional[0]?.text)) return upTo(positional[0]);
      if (program === 'npm' && positional[0]?.text === 'exec' && ['tsc', 'next'].includes(positional[1]?.text ?? ''))
        return upTo(positional[1]);
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
      return upTo(
        positional.find((w) => ['build', 'assemble', 'bootJar', 'shadowJar', 'installDist', 'jar'].includes(w.text)),
      );
    case 'cargo':
      return positional[0]?.text === 'build' || positional[0]?.text === 'install' ? upTo(positional[0]) : undefined;
    case 'dotnet':
      return positional[0]?.text === 'publish' || positional[0]?.text === 'build' ? upTo(positional[0]) : undefined;
    default:
      return undefined;
  }
});

/** Tools that build software without compiling it: version control, build drivers, other languages' toolchains. */
const NON_COMPILER_BUILD_TOOLS = new Set([
  'make',
  'cmake',
  'autoconf',
  'automake',
  'libtool',
  'pkg-config',
  'pkgconf',
  'git',
  'cargo',
  'rustc',
  'golang',
]);
const BUILD_TOOLS = new Set([
  'build-essential',
  'build-base',
  'alpine-sdk',
  'gcc',
  'g++',
  'gcc-c++',
  'clang',
  ...NON_COMPILER_BUILD_TOOLS,
  'musl-dev',
  'linux-headers',
  'development tools',
  '"development tools"',
]);

/**
 * Compilers, headers and tools that build software but are not needed to run it. `runtimeInBase`:
 * the base image brings the language runtime the app runs on (official node and python images), so an
 * installed python/python3 is only there for build scripts (node-gyp, C extensions); elsewhere it may be
 * what the image runs, so it does not count.
 */
export function isBuildToolPackage(
  manager: OsPackageManager,
  name: string,
  options: { runtimeInBase?: boolean } = {},
): boolean {
  const n = name.replace(/[=<>].*$/, '').toLowerCase();
  if (BUILD_TOOLS.has(n) || /^(gcc|g\+\+|clang|cpp)-\d+$/.test(n)) return true;
  if (options.runtimeInBase && /^python3?$/.test(n)) return true;
  return manager === 'apt' || manager === 'apk' ? n.endsWith('-dev') : n.endsWith('-devel');
}

/** Compilers and headers (not git or make alone): what building native Python/Ruby packages needs. */
export function isCompilerPackage(manager: OsPackageManager, name: string): boolean {
  return isBuildToolPackage(manager, name) && !NON_COMPILER_BUILD_TOOLS.has(name.replace(/[=<>].*$/, '').toLowerCase());
}

/** Debian ↔ Alpine names for the few packages that are translated between them; anything else is not guessed. */
const DEBIAN_TO_ALPINE: Record<string, string> = {
  'build-essential': 'build-base',
  gcc: 'gcc',
  'g++': 'g++',
  make: 'make',
  python3: 'python3',
  git: 'git',
  curl: 'curl',
  wget: 'wget',
  'ca-certificates': 'ca-certificates',
  tini: 'tini',
  'dumb-init': 'dumb-init',
  bash: 'bash',
  tzdata: 'tzdata',
};

/** The same packages under the other distribution's names, or undefined when one of them has no known name there. */
export function translatePackages(names: string[], to: 'apt' | 'apk'): string[] | undefined {
  const map =
    to === 'apk' ? DEBIAN_TO_ALPINE : Object.fromEntries(Object.entries(DEBIAN_TO_ALPINE).map(([d, a]) => [a, d]));
  const out: string[] = [];
  for (const n of names) {
    if (!(n in map)) return undefined;
    out.push(map[n]);
  }
  return out;
}

/** The commands that install packages with apt (index fetched and removed again) or apk (no cache). */
export function installPackagesCommand(manager: 'apt' | 'apk', names: string[]): string[] {
  if (manager === 'apk') return [`apk add --no-cache ${names.join(' ')}`];
  return [
    'apt-get update',
    `apt-get install -y --no-install-recommends ${names.join(' ')}`,
    'rm -rf /var/lib/apt/lists/*',
  ];
}

/** Commands that mean the same on Debian and Alpine (coreutils and busybox agree on these uses). */
const PORTABLE = new Set([
  'mkdir',
  'chown',
  'chmod',
  'ln',
  'touch',
  'echo',
  'cp',
  'mv',
  'rm',
  'export',
  'cd',
  'true',
  'sed',
  'cat',
]);

export function isPortableCommand(cmd: ShellCommand): boolean {
  return PORTABLE.has(programOf(cmd) ?? '');
}

/** A cache or tmpfs mount on the RUN covers the owner's cache folder, so nothing of it lands in the layer. */
export function mountsCache(ins: InstructionModel, owner: CacheOwner): boolean {
  return mountsOf(ins).some(
    (m) => (m.type === 'cache' || m.type === 'tmpfs') && m.target !== undefined && touchesCache(m.target, owner),
  );
}

/**
 * A command AFTER `cmd` in the same RUN removes the owner's cache: its own clean command
 * (`yum clean all`, `zypper cc`, `yarn cache clean`) or an `rm` of the folder. A clean before the
 * install removes nothing the install adds. Without `cmd`: anywhere in the RUN.
 */
export function cleansCacheAfter(ins: InstructionModel, cmd: ShellCommand | undefined, owner: CacheOwner): boolean {
  const facts = CACHES[owner];
  // From the command after `cmd` on, without a copy of the rest (asked per install: 50,000 RUNs of `npm ci`).
  for (let i = cmd ? ins.commands.indexOf(cmd) + 1 : 0; i < ins.commands.length; i++) {
    const c = ins.commands[i];
    if (
      (programOf(c) === 'rm' &&
        argumentsOf(c).some((w) => !w.text.startsWith('-') && touchesCache(w.value, owner, facts.alsoRemoves))) ||
      (facts.clean !== undefined && isCommand(c, facts.clean[0], facts.clean[1]))
    )
      return true;
  }
  return false;
}

/**
 * pip keeps no cache for this command: `--no-cache-dir`, or PIP_NO_CACHE_DIR set by a prefix, an
 * earlier `export` in the RUN, or ENV/ARG. Any value counts: pip turns the cache off for every valid
 * value, "0"/"false"/"no"/"off" included (kept for backwards compatibility, see pip's cmdoptions).
 */
export function pipKeepsNoCache(
  model: DockerfileModel,
  stage: StageModel,
  ins: InstructionModel,
  cmd: ShellCommand,
): boolean {
  return hasOption(cmd, '--no-cache-dir') || commandEnv(model, stage, ins, cmd, 'PIP_NO_CACHE_DIR') !== undefined;
}

/** A RUN removes `/etc/apt/apt.conf.d/docker-clean`, the Debian/Ubuntu images' hook that deletes downloaded .debs after each install. */
export function keepsAptArchives(ins: InstructionModel): boolean {
  return ins.commands.some(
    (c) =>
      programOf(c) === 'rm' && argumentsOf(c).some((w) => /^\/etc\/apt\/apt\.conf\.d\/docker-clean$/.test(w.value)),
  );
}
