import * as path from 'path';
import ignore from '@balena/dockerignore';
import type { Rule } from './types';
import type { DockerfileModel } from '../core/model';
import type { FileEdit } from '../core/findings';
import type { WorkspaceFacts } from '../core/workspace';
import { nodeInstall } from '../core/commands';
import { programOf, wholeContextSource } from '../core/queries';

interface Entry {
  /** The .dockerignore line that excludes it. */
  pattern: string;
  /** Top-level names in the context it stands for. */
  present: string[];
  /** Excluding it could change what the image does (the build or the app may use it). */
  risky: boolean;
}

// Any stage counts: a wholesale copy in a builder sends and hashes the same context.
export const rule: Rule = {
  meta: {
    id: 'missing-dockerignore',
    category: 'cache',
    defaultSeverity: 'warning',
    summary: 'The context is copied wholesale (`COPY . .`) without a `.dockerignore` excluding `node_modules`, `.git` and `.env*`.',
    why: 'Without a `.dockerignore`, `COPY . .` sends and copies everything: the host\'s `node_modules` (hundreds of MB, built for another OS), the whole `.git` history, and `.env` files with secrets, which then sit in a layer anyone with the image can read. Any change to those files also busts the layer cache. A `.dockerignore` listing them keeps builds small, fast and free of secrets.',
    examples: {
      bad: '# no .dockerignore next to the Dockerfile\nFROM node:20-slim\nCOPY . .\n',
      good: '# .dockerignore:\n#   node_modules\n#   .git\n#   .env*\nFROM node:20-slim\nCOPY . .\n',
    },
    fixable: true,
  },
  check({ model, workspace }) {
    if (!workspace) return [];
    const copyIns = model.instructions.find((i) => wholeContextSource(i));
    const copy = copyIns && wholeContextSource(copyIns);
    if (!copyIns || !copy) return [];
    const keyword = copyIns.keyword;
    const { matcher, missing, added, safe } = dockerignorePlan(model, workspace);
    if (matcher && missing.length === 0) return [];
    const present = missing.flatMap((e) => e.present);
    const what = present.length ? present.map((n) => `\`${n}\``).join(', ') : 'nothing yet';
    const message = matcher
      ? `.dockerignore does not exclude ${what}, so this ${keyword} sends and copies ${present.length > 1 ? 'them' : 'it'} into the image (size, cache busting${present.some((n) => n.startsWith('.env')) ? ', secrets' : ''}): add ${missing.map((e) => `\`${e.pattern}\``).join(', ')} to .dockerignore.`
      : present.length
        ? `There is no .dockerignore, so this ${keyword} sends and copies the whole folder — including ${what}: size, cache busting${present.some((n) => n.startsWith('.env')) ? ' and secrets in a layer' : ''}. Add a .dockerignore.`
        : `There is no .dockerignore, so this ${keyword} takes whatever the folder holds: the day it has node_modules, .git or a .env file, they go into the image (size, cache busting, secrets). Add a .dockerignore.`;
    const file = path.join(workspace.contextDir, '.dockerignore');
    const edit: FileEdit = matcher ? appendLines(file, workspace.dockerignore ?? '', added) : { createFile: file, text: added.join('\n') + '\n' };
    return [{
      range: copy.range,
      message,
      fixes: [{ title: `${matcher ? 'Add' : 'Create .dockerignore with'} ${added.join(', ')}${matcher ? ' to .dockerignore' : ''}`, safe, edits: [edit] }],
    }];
  },
};

/**
 * What this rule's fix adds to .dockerignore and whether that fix is safe. Exported so that
 * copy-context-before-deps can count on node_modules being excluded by the same fixAll pass.
 */
export function dockerignorePlan(model: DockerfileModel, workspace: WorkspaceFacts) {
  const entries = candidateEntries(model, workspace);
  const matcher = workspace.dockerignore !== undefined ? ignore().add(workspace.dockerignore) : undefined;
  const missing = matcher ? entries.filter((e) => e.present.some((name) => !matcher.ignores(name))) : entries;
  const adding = matcher ? missing : entries;
  return { entries, matcher, missing, added: adding.map((e) => e.pattern), safe: !adding.some((e) => e.risky) };
}

function candidateEntries(model: DockerfileModel, workspace: WorkspaceFacts): Entry[] {
  const top = workspace.topLevel.map((n) => n.replace(/\/$/, ''));
  const runs = model.instructions.filter((i) => i.keyword === 'RUN');
  const installsNode = runs.some((i) => i.commands.some((c) => nodeInstall(c)?.project));
  const usesGit = runs.some((i) => i.commands.some((c) => programOf(c) === 'git'));
  const nodeModules = top.filter((n) => n === 'node_modules');
  const git = top.filter((n) => n === '.git');
  const env = top.filter((n) => /^\.env($|\.)/.test(n));
  return [
    // The image regenerates node_modules only if the Dockerfile installs them.
    { pattern: 'node_modules', present: nodeModules, risky: nodeModules.length > 0 && !installsNode },
    { pattern: '.git', present: git, risky: git.length > 0 && usesGit },
    // The app may read its .env at run time: excluding it is right, but it changes the image.
    { pattern: '.env*', present: env, risky: env.length > 0 },
  ];
}

function appendLines(file: string, existing: string, lines: string[]): FileEdit {
  const rows = existing.split(/\r?\n/);
  const end = { line: rows.length - 1, character: rows[rows.length - 1].length };
  const prefix = existing === '' || existing.endsWith('\n') ? '' : '\n';
  return { file, range: { start: end, end }, newText: prefix + lines.join('\n') + '\n' };
}
