// What a container starts with: exec-form rendering, the plain `node …` behind an npm script,
// and the distroless Node image whose ENTRYPOINT is already node. Shared by rules and actions.
import type { InstructionModel } from './model';
import type { PackageJsonFacts, WorkspaceView } from './workspace';

/** `["node", "dist/index.js"]` — the exec form Docker runs without a shell. */
export function execFormText(argv: string[]): string {
  return `[${argv.map((a) => JSON.stringify(a)).join(', ')}]`;
}

/** Words a shell would pass through unchanged: no variables, quotes, globs, redirects or operators. */
export function isPlainShellWord(word: string): boolean {
  return /^[\w@%+=:,./-]+$/.test(word);
}

/** `gcr.io/distroless/nodejs20-debian12` and friends: ENTRYPOINT is `/nodejs/bin/node`. */
export function isDistrolessNodeImage(ref: string | null | undefined): boolean {
  return !!ref && /^(?:gcr\.io|[\w.-]*docker\.pkg\.dev\/[^/]+)\/distroless\/nodejs\d*(?:-[\w.]+)?(?:[:@]|$)/.test(ref);
}

/**
 * On a distroless Node image, whether CMD is node's arguments: no Dockerfile ENTRYPOINT, or one that
 * only restates node (`ENTRYPOINT ["/nodejs/bin/node"]`). `instructions` are the stage's, FROM chain included.
 */
export function nodeIsEntrypoint(instructions: readonly InstructionModel[]): boolean {
  const entrypoint = instructions.filter((i) => i.keyword === 'ENTRYPOINT' && !i.onbuild).pop();
  return (
    !entrypoint ||
    (entrypoint.execForm && entrypoint.args.length === 1 && /^\/nodejs\/bin\/node$/.test(entrypoint.args[0].value))
  );
}

const LIFECYCLE_PREFIXES = ['pre', 'post'];

/**
 * A script that is `node <plain args>` behind environment assignments, written as a shell prefix
 * (`NODE_ENV=production node server`) or through cross-env (`cross-env NODE_ENV=production node server`):
 * the assignments and node's argv, so an image can set the variables with ENV and run node itself
 * (cross-env is usually a devDependency that a production install leaves out). Undefined otherwise.
 */
export function envPrefixedNodeScript(
  pkg: PackageJsonFacts | undefined,
  script: string,
): { env: [string, string][]; argv: string[] } | undefined {
  const body = pkg?.scripts[script];
  if (!pkg || !body || LIFECYCLE_PREFIXES.some((p) => pkg.scripts[p + script] !== undefined)) return undefined;
  const words = body.trim().split(/\s+/);
  if (!words.every(isPlainShellWord)) return undefined;
  if (words[0] === 'cross-env') words.shift();
  const env: [string, string][] = [];
  while (words.length && /^[A-Za-z_]\w*=/.test(words[0])) {
    const word = words.shift()!;
    env.push([word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)]);
  }
  if (!env.length || words[0] !== 'node' || words.length < 2) return undefined;
  return { env, argv: words };
}

/**
 * The argv of a package.json script when it is exactly `node <plain args>` and npm adds nothing
 * around it (no pre/post script). Otherwise undefined: replacing `npm run x` would change behaviour.
 */
export function plainNodeScript(
  pkg: PackageJsonFacts | undefined,
  script: string,
  view?: WorkspaceView,
): string[] | undefined {
  // npm's default: without a start script, `npm start` runs `node server.js` when that file exists.
  const body =
    pkg?.scripts[script] ?? (pkg && script === 'start' && view?.exists('server.js') ? 'node server.js' : undefined);
  if (!pkg || !body) return undefined;
  if (LIFECYCLE_PREFIXES.some((p) => pkg.scripts[p + script] !== undefined)) return undefined;
  const words = body.trim().split(/\s+/);
  if (words[0] !== 'node' || words.length < 2) return undefined;
  if (!words.every(isPlainShellWord)) return undefined;
  return words;
}
