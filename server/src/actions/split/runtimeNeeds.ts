// What a Node app needs at run time besides its code and modules, which a runner that copies only
// package.json, node_modules and the build output would lose: the `.env` files it reads at start,
// and folders it writes (a non-root runner cannot create them where the original, as root, could).
import type { PackageJsonFacts, WorkspaceFacts } from '../../core/workspace';
import { measureCopySources } from '../../core/context';
import type { StartCommand } from './start';

/**
 * Env files the app reads at start: named in node's arguments (`--env-file=.env`,
 * `dotenv_config_path=.env`), or `.env` itself when the app uses dotenv (a dependency, or
 * `-r dotenv/config`) — only those the build context sends (not excluded by .dockerignore).
 */
export function envFilesRead(facts: WorkspaceFacts, start: StartCommand, pkg: PackageJsonFacts): string[] {
  const args = start.nodeArgs ?? [];
  const named = new Set<string>();
  args.forEach((a, i) => {
    const m = /^(?:--env-file(?:-if-exists)?|dotenv_config_path)=(.+)$/.exec(a);
    if (m) named.add(m[1]);
    else if (/^--env-file(?:-if-exists)?$/.test(a) && args[i + 1]) named.add(args[i + 1]);
  });
  const usesDotenv = 'dotenv' in pkg.dependencies || args.some((a) => /^dotenv(\/config)?$/.test(a));
  if (usesDotenv) named.add('.env');
  return [...named]
    .map((f) => f.replace(/^\.\//, ''))
    .filter(
      (f) =>
        !f.startsWith('/') &&
        !f.startsWith('..') &&
        measureCopySources(facts.view, facts.dockerignore, [f], { maxFiles: 5 }).files > 0,
    );
}

/** File-system calls that create or write files: an app that makes them needs a writable folder. */
const WRITE_CALL = /\b(mkdirSync|mkdir|writeFileSync|appendFileSync|createWriteStream|mkdtempSync)\s*\(/;

/** The first write the app's run-time files make (`mkdirSync` in src/utils/logger.ts), if any. */
export function firstWrite(facts: WorkspaceFacts, files: string[]): { file: string; call: string } | undefined {
  for (const file of files) {
    const m = WRITE_CALL.exec(facts.view.readText(file, 512 * 1024) ?? '');
    if (m) return { file, call: m[1] };
  }
  return undefined;
}
