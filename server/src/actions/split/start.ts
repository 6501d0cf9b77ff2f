// How the container starts, and how that reads once npm is no longer in the image:
// `npm start` becomes the script's own `node …` when the script is plain.
import type { PackageJsonFacts, WorkspaceView } from '../../core/workspace';
import { exactWords, type SourceItem } from './read';
import { envPrefixedNodeScript, plainNodeScript } from '../../core/startCommand';
import { nodeEntryOf, nodePreloadsOf } from '../../core/runtimeRequires';

export interface StartCommand {
  /** Arguments after `node` when the app starts as a plain `node file …`. */
  nodeArgs?: string[];
  /** The CMD as written (exec words), kept when it cannot be reduced to `node …`. */
  cmd: string[];
  /** A wrapper ENTRYPOINT (tini, a shell script) that stays in front of the command. */
  entrypoint?: string[];
  /** Variables the npm script set in front of node (`cross-env NODE_ENV=production node …`): the runner sets them with ENV. */
  env?: [string, string][];
  /** Why the command stays as it was (a non-plain npm script, another program). */
  kept?: string;
  /** The CMD or ENTRYPOINT is shell code that exec form cannot say: kept in shell form, as written. */
  shellCode?: boolean;
  /** The ENTRYPOINT runs node (`["node"]`, `["node", "--enable-source-maps"]`): CMD holds the rest. */
  nodeEntrypoint?: string[];
  cmdItem?: SourceItem;
  entrypointItem?: SourceItem;
}

/** Reads CMD/ENTRYPOINT; undefined when the image has no start command of its own. */
export function readStart(
  items: SourceItem[],
  pkg: PackageJsonFacts | undefined,
  view: WorkspaceView | undefined,
): StartCommand | undefined {
  const cmdItem = [...items].reverse().find((i) => i.role === 'cmd');
  const entrypointItem = [...items].reverse().find((i) => i.role === 'entrypoint');
  if (!cmdItem && !entrypointItem) return undefined;
  const cmdExact = cmdItem ? exactWords(cmdItem) : [];
  const entryExact = entrypointItem ? exactWords(entrypointItem) : [];
  const cmdWords = cmdExact ?? [];
  const entryWords = entryExact ?? [];
  const start: StartCommand = { cmd: cmdWords, cmdItem, entrypointItem };
  const shell = !entryExact ? entrypointItem : !cmdExact ? cmdItem : undefined;
  if (shell) {
    start.shellCode = true;
    start.kept = `the ${shell.ins.keyword} is shell code (\`${shell.ins.argsText.trim()}\`) that exec form cannot say`;
    return start;
  }
  let effective = cmdWords;
  // A shell-form ENTRYPOINT ignores CMD.
  const entryShell = !!entrypointItem && !entrypointItem.ins.execForm;
  if (entryWords.length && entryWords[0] === 'node') {
    effective = entryShell ? entryWords : [...entryWords, ...cmdWords];
    if (!entryShell) start.nodeEntrypoint = entryWords.slice(1);
  } else if (entryWords.length) start.entrypoint = entryWords;
  else if (entrypointItem) start.kept = 'the ENTRYPOINT is empty';

  if (effective[0] === 'node') start.nodeArgs = effective.slice(1);
  else if (['npm', 'yarn', 'pnpm'].includes(effective[0] ?? '')) {
    const script = effective[1] === 'run' || effective[1] === 'run-script' ? effective[2] : effective[1];
    const extra = effective.slice(effective[1] === 'run' || effective[1] === 'run-script' ? 3 : 2);
    const argv = script && extra.length === 0 ? plainNodeScript(pkg, script, view) : undefined;
    const prefixed = script && extra.length === 0 && !argv ? envPrefixedNodeScript(pkg, script) : undefined;
    const body = script ? pkg?.scripts[script] : undefined;
    if (argv) start.nodeArgs = argv.slice(1);
    else if (prefixed) {
      start.nodeArgs = prefixed.argv.slice(1);
      start.env = prefixed.env;
    } else if (script && pkg?.scripts[`pre${script}`] !== undefined)
      start.kept = `npm runs the "pre${script}" script first (${pkg.scripts[`pre${script}`]})`;
    else
      start.kept =
        body === undefined
          ? `\`${effective.join(' ')}\` runs no script of package.json`
          : `the "${script}" script is not a plain \`node file\` (${body})`;
  } else if (effective.length) start.kept = `the start command runs \`${effective[0]}\``;
  return start;
}

/** The file node runs first (relative to the app folder), if any. */
export function entryFile(start: StartCommand): string | undefined {
  return nodeEntryOf(start.nodeArgs ?? []);
}

/** Modules node loads before the entry (`-r dotenv/config`, `--import ./tracing.js`). */
export function preloadedModules(start: StartCommand): string[] {
  return nodePreloadsOf(start.nodeArgs ?? []);
}
