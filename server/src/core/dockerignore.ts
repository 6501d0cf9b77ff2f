// What .dockerignore should exclude beside a Dockerfile, and the edit that adds lines to it. One
// home for missing-dockerignore's fix, what copy-context-before-deps counts on it excluding, and
// secret-in-image's exclusions.
import * as path from 'node:path';
import ignore from '@balena/dockerignore';
import type { DockerfileModel } from './model';
import type { FileEdit } from './findings';
import type { WorkspaceFacts } from './workspace';
import { nodeInstall } from './commands';
import { programOf } from './queries';

export interface DockerignoreEntry {
  /** The .dockerignore line that excludes it. */
  pattern: string;
  /** Top-level names in the context it stands for. */
  present: string[];
  /** Excluding it could change what the image does (the build or the app may use it). */
  risky: boolean;
}

/**
 * What missing-dockerignore's fix adds to .dockerignore and whether that fix is safe; copy-context-before-deps
 * counts on node_modules being excluded by the same fixAll pass.
 */
export function dockerignorePlan(model: DockerfileModel, workspace: WorkspaceFacts) {
  const entries = candidateEntries(model, workspace);
  const matcher = workspace.dockerignore !== undefined ? ignore().add(workspace.dockerignore) : undefined;
  const missing = matcher ? entries.filter((e) => e.present.some((name) => !matcher.ignores(name))) : entries;
  const adding = matcher ? missing : entries;
  return { entries, matcher, missing, added: adding.map((e) => e.pattern), safe: !adding.some((e) => e.risky) };
}

function candidateEntries(model: DockerfileModel, workspace: WorkspaceFacts): DockerignoreEntry[] {
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

/** Creates .dockerignore with `lines`, or appends them to the one there (on a line of their own). */
export function dockerignoreEdit(workspace: WorkspaceFacts, lines: string[]): FileEdit {
  const file = path.join(workspace.contextDir, '.dockerignore');
  const text = `${lines.join('\n')}\n`;
  const current = workspace.dockerignore;
  if (current === undefined) return { createFile: file, text };
  const rows = current.split(/\r\n|\r|\n/);
  const end = { line: rows.length - 1, character: rows[rows.length - 1].length };
  return { file, range: { start: end, end }, newText: (/[\r\n]$/.test(current) || current === '' ? '' : '\n') + text };
}
