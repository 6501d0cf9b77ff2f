// The install command each Node package manager needs for "production only" and "everything",
// keeping the original's own options (registry, peer-deps, ...) that do not choose dev/prod.
import type { WorkspaceFacts } from '../../core/workspace';
import { OPTIONS_WITH_VALUE } from '../../core/commands';
import type { ClassifiedCommand } from './roles';

export interface PackageManager {
  kind: 'npm' | 'yarn' | 'pnpm';
  /** Yarn 2+ (Berry): different flags, needs corepack. */
  berry: boolean;
  /** pnpm and Yarn Berry are not in the node images: corepack enables them. */
  corepack: boolean;
}

export function packageManagerOf(facts: WorkspaceFacts): PackageManager {
  const declared = /^(npm|yarn|pnpm)@(\d+)/.exec(facts.packageJson?.packageManager ?? '');
  const kind = facts.lockfile?.kind ?? (declared?.[1] as PackageManager['kind'] | undefined) ?? 'npm';
  const berry = kind === 'yarn' && declared?.[1] === 'yarn' && Number(declared[2]) >= 2;
  return { kind, berry, corepack: kind === 'pnpm' || berry };
}

const DEV_PROD_OPTIONS =
  /^(--omit|--include|--only|--production|--prod|--dev|-P|-D|--frozen-lockfile|--immutable|--pure-lockfile)(=.*)?$/;

/** Options of the original install that are about something else than dev/prod selection. */
function keptOptions(install: ClassifiedCommand): string[] {
  const words = install.command?.words.map((w) => w.text) ?? [];
  const kept: string[] = [];
  words.forEach((w, i) => {
    if (i > 0 && w.startsWith('-') && !DEV_PROD_OPTIONS.test(w)) kept.push(w);
    else if (i > 1 && OPTIONS_WITH_VALUE.has(words[i - 1])) kept.push(w);
  });
  return kept;
}

/** `nodeMajor` below 16 means npm 6, which knows `--production` but not `--omit=dev`. */
export function installCommands(
  pm: PackageManager,
  install: ClassifiedCommand,
  scope: 'production' | 'all',
  facts: WorkspaceFacts,
  nodeMajor?: number,
): string[] {
  const extra = keptOptions(install);
  // Variables set in front of the install (`NODE_OPTIONS=--max-old-space-size=4096 npm ci`) stay in front.
  const words = install.command?.words.map((w) => w.text) ?? [];
  const assignments = words.slice(
    0,
    Math.max(
      0,
      words.findIndex((w) => !/^\w+=/.test(w)),
    ),
  );
  const withExtra = (cmd: string) => [...assignments, cmd, ...extra].join(' ');
  const locked = facts.lockfile !== undefined;
  const prefix = pm.corepack ? ['corepack enable'] : [];
  const omitDev = nodeMajor !== undefined && nodeMajor < 16 ? ' --production' : ' --omit=dev';
  if (pm.kind === 'npm') return [withExtra(`npm ${locked ? 'ci' : 'install'}${scope === 'production' ? omitDev : ''}`)];
  if (pm.kind === 'pnpm')
    return [
      ...prefix,
      withExtra(`pnpm install${locked ? ' --frozen-lockfile' : ''}${scope === 'production' ? ' --prod' : ''}`),
    ];
  if (pm.berry)
    return [
      ...prefix,
      withExtra(
        scope === 'production'
          ? 'yarn workspaces focus --all --production'
          : `yarn install${locked ? ' --immutable' : ''}`,
      ),
    ];
  return [
    withExtra(`yarn install${locked ? ' --frozen-lockfile' : ''}${scope === 'production' ? ' --production' : ''}`),
  ];
}
