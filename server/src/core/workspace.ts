// A read-only view of the files next to a Dockerfile (its build context), and the facts
// rules need from it. Rules never touch the file system themselves: they read these facts.
import * as fs from 'node:fs';
import * as path from 'node:path';

export type LockfileKind = 'npm' | 'yarn' | 'pnpm';

export interface PackageJsonFacts {
  name?: string;
  main?: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  packageManager?: string;
}

export interface WorkspaceFacts {
  /** Absolute path of the build context (the Dockerfile's folder unless configured). */
  contextDir: string;
  /** Raw `.dockerignore` text, or undefined when the file does not exist. */
  dockerignore?: string;
  packageJson?: PackageJsonFacts;
  /** `package.json` exists but could not be parsed. */
  packageJsonBroken?: boolean;
  lockfile?: { kind: LockfileKind; file: string };
  /** `next.config.js|mjs|ts` file name and text. */
  nextConfig?: { file: string; text: string };
  tsconfigOutDir?: string;
  goMod?: boolean;
  requirementsTxt?: boolean;
  pyproject?: boolean;
  /** Top-level entries of the context folder (names, directories end with `/`). */
  topLevel: string[];
  /** The view the facts were read from, for rules that need more (e.g. context size). */
  view: WorkspaceView;
  /**
   * Walks of the build context made for these facts (core/context.ts fills it on first use, so each
   * walk runs at most once per analysis). A host may hand a fresh facts object the walks of an
   * earlier one (reuseContextWalks) to spare a walk per keystroke.
   */
  contextWalks: Map<string, { at: number; value: unknown }>;
}

/** Minimal read-only file access, relative to the context folder. */
export interface WorkspaceView {
  readonly root: string;
  readText(relative: string, maxBytes?: number): string | undefined;
  exists(relative: string): boolean;
  /** Directory entries (names; directories end with `/`), or [] when unreadable. */
  list(relative: string): string[];
  /**
   * Bytes the entry takes in a build context: a file's size; for a symbolic link, the link itself
   * (the length of the path it holds: Docker sends the link, never what it points to). Undefined
   * for folders and missing entries.
   */
  size(relative: string): number | undefined;
}

export function fileSystemView(root: string): WorkspaceView {
  const abs = (rel: string) => path.resolve(root, rel);
  return {
    root,
    readText(rel, maxBytes = 1 << 20) {
      try {
        const st = fs.statSync(abs(rel));
        if (!st.isFile() || st.size > maxBytes) return undefined;
        return fs.readFileSync(abs(rel), 'utf8');
      } catch {
        return undefined;
      }
    },
    exists(rel) {
      return fs.existsSync(abs(rel));
    },
    list(rel) {
      try {
        return fs.readdirSync(abs(rel), { withFileTypes: true }).map((d) => (d.isDirectory() ? `${d.name}/` : d.name));
      } catch {
        return [];
      }
    },
    size(rel) {
      try {
        const st = fs.lstatSync(abs(rel));
        if (st.isSymbolicLink()) return Buffer.byteLength(fs.readlinkSync(abs(rel)));
        return st.isFile() ? st.size : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

const LOCKFILES: [string, LockfileKind][] = [
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
  ['yarn.lock', 'yarn'],
  ['pnpm-lock.yaml', 'pnpm'],
];

const NEXT_CONFIGS = ['next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.cjs'];

/** Every file readWorkspaceFacts reads in the context folder: when one changes, the findings may too. */
export const WORKSPACE_FACT_FILES: readonly string[] = [
  '.dockerignore',
  'package.json',
  ...LOCKFILES.map(([file]) => file),
  ...NEXT_CONFIGS,
  'tsconfig.json',
  'go.mod',
  'requirements.txt',
  'pyproject.toml',
];

/** Reads the facts once; cheap enough to call per analysis (a few small reads). */
export function readWorkspaceFacts(view: WorkspaceView): WorkspaceFacts {
  const facts: WorkspaceFacts = { contextDir: view.root, topLevel: view.list('.'), view, contextWalks: new Map() };
  facts.dockerignore = view.readText('.dockerignore');
  const pkgText = view.readText('package.json');
  if (pkgText !== undefined) {
    try {
      const pkg = JSON.parse(pkgText) as Record<string, unknown>;
      const obj = (v: unknown): Record<string, string> =>
        v && typeof v === 'object' ? (v as Record<string, string>) : {};
      facts.packageJson = {
        name: typeof pkg.name === 'string' ? pkg.name : undefined,
        main: typeof pkg.main === 'string' ? pkg.main : undefined,
        scripts: obj(pkg.scripts),
        dependencies: obj(pkg.dependencies),
        devDependencies: obj(pkg.devDependencies),
        packageManager: typeof pkg.packageManager === 'string' ? pkg.packageManager : undefined,
      };
    } catch {
      facts.packageJsonBroken = true;
    }
  }
  for (const [file, kind] of LOCKFILES) {
    if (view.exists(file)) {
      facts.lockfile = { kind, file };
      break;
    }
  }
  for (const file of NEXT_CONFIGS) {
    const text = view.readText(file);
    if (text !== undefined) {
      facts.nextConfig = { file, text };
      break;
    }
  }
  const tsconfig = view.readText('tsconfig.json');
  if (tsconfig) {
    const m = /"outDir"\s*:\s*"([^"]+)"/.exec(tsconfig);
    if (m) facts.tsconfigOutDir = m[1].replace(/^\.\//, '').replace(/\/$/, '');
  }
  facts.goMod = view.exists('go.mod');
  facts.requirementsTxt = view.exists('requirements.txt');
  facts.pyproject = view.exists('pyproject.toml');
  return facts;
}
