// Real open-source apps the project did not write (test/fixtures/apps/<name>, each with its
// LICENSE and a SOURCE.md naming where it comes from and what was changed): the split must build
// and serve every one of them. How each starts and what proves it serves is written here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ProbeTarget } from './splitHarness';

export interface RealApp extends ProbeTarget {
  dir: string;
  /** What the app stands for in the set (stack, package manager, trap). */
  covers: string;
  /** Set when the folder is another shape of an app already in the set (not counted in the median). */
  variantOf?: string;
  /** A change the original needs to build on this machine, applied before splitting (said in the results). */
  adapt?: { why: string; apply(text: string): string };
}

/**
 * The npm registry reachable here serves package metadata without `dist.signatures`, so corepack
 * refuses every pnpm it downloads ("No compatible signature found"); real registries sign them.
 */
const COREPACK_UNSIGNED = {
  why: 'ENV COREPACK_INTEGRITY_KEYS=0 added after FROM: the registry reachable here strips package signatures, which corepack checks',
  apply: (text: string) => text.replace(/^(FROM [^\n]*\n)/m, '$1ENV COREPACK_INTEGRITY_KEYS=0\n'),
};

const APPS_DIR = path.join(__dirname, '..', '..', 'fixtures', 'apps');

const ALL: Omit<RealApp, 'dir'>[] = [
  {
    name: 'cloud-run-express',
    port: 8080,
    probe: '/',
    env: { GOOGLE_CLOUD_PROJECT: 'layerwise-test' },
    covers: "Express 5 (ESM), npm ci --only=production, exec-form ENTRYPOINT, the project's own Dockerfile",
  },
  {
    name: 'express-ts-starter',
    port: 3000,
    probe: '/api/v1/users',
    covers: 'Express + TypeScript (tsc && tsc-alias), .env read at start, cross-env start script, writes logs/',
  },
  { name: 'express-generator-yarn', port: 3000, probe: '/', covers: 'yarn 1, views and public files read at run time' },
  {
    name: 'fastify-cli-app',
    port: 3000,
    probe: '/',
    covers: "Fastify, pnpm via corepack, start through a dependency's CLI",
    adapt: COREPACK_UNSIGNED,
  },
  { name: 'nest-starter', port: 3000, probe: '/', covers: 'NestJS (nest build), npm ci' },
  {
    name: 'next-app',
    port: 3000,
    probe: '/',
    covers: 'Next.js 16 (standalone + HOSTNAME), native modules (sharp, swc) per libc',
  },
  {
    name: 'vite-ssr-react',
    port: 5173,
    probe: '/',
    covers: 'Vite SSR, no lockfile, chained build scripts with --outDir, cross-env start',
  },
  {
    name: 'vite-ssr-vue',
    port: 5173,
    probe: '/',
    covers: 'Vite SSR (Vue), chained build scripts with --outDir, plain node start',
  },
  {
    name: 'turborepo-kitchen-sink-api',
    port: 5001,
    probe: '/status',
    covers: 'pnpm workspaces monorepo: one app and a library, tsup',
    adapt: COREPACK_UNSIGNED,
  },
  {
    name: 'turborepo-kitchen-sink-api-npm',
    port: 5001,
    probe: '/status',
    covers: 'npm workspaces monorepo (the same API as an npm workspace): npm prune --omit=dev, workspace links',
    variantOf: 'turborepo-kitchen-sink-api',
  },
  { name: 'go-helloserver', port: 8080, probe: '/', covers: 'Go, standard library only, binary found on PATH' },
];

/** LW_SPLIT_APPS=next,go narrows the run while working on one app (the full suite runs them all). */
const only = process.env.LW_SPLIT_APPS?.split(',').filter(Boolean);
export const REAL_APPS: RealApp[] = ALL.map((a) => ({ ...a, dir: path.join(APPS_DIR, a.name) })).filter(
  (a) => !only || only.some((o) => a.name.includes(o)),
);

/** Every app folder has a Dockerfile, a licence and a note of its source: checked by the test. */
export function appFolders(): string[] {
  return fs.readdirSync(APPS_DIR).filter((d) => fs.statSync(path.join(APPS_DIR, d)).isDirectory());
}
