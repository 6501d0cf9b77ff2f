// `npm run catalogue <repo-info checkout> [--out file]`: regenerates server/data/base-images.json
// from docker-library/repo-info's `repos/<image>/remote/<tag>.md` files (a real checkout, or the
// trimmed copies in scripts/catalogue-input), plus the hand-sourced figures, lifecycles and
// alternatives in scripts/catalogue-input/*.json. Every figure records the repo-info commit and
// the date of the image it measures; the distribution an image is built on is read from the file
// (debian.sh codename, alpine-minirootfs version, Ubuntu release), never guessed from the tag.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UBUNTU_CODENAMES, releaseLineOf, resolveFamily } from '../server/src/sizes/family';
import type {
  AlternativeEdge,
  Catalogue,
  CatalogueEntry,
  ImageTraits,
  Lifecycle,
  ReleaseAlias,
  SizeFigure,
} from '../server/src/sizes/catalogue';

const REPO_INFO = 'docker-library/repo-info';

/** One platform section of a repo-info `remote/<tag>.md` file. */
export interface RepoInfoPlatform {
  /** `linux/amd64`, `linux/arm64`. */
  platform: string;
  /** Compressed transfer size (the file's "Total Size"). */
  bytes: number;
  /** Newest layer "Last Modified" date (ISO day): when the measured image was pushed. */
  date: string;
  /** Distribution the image is built on: a Debian codename, `alpine3.24`, an Ubuntu codename. */
  distro?: string;
  /** Version from the image's `ENV <NAME>_VERSION=` line (`24.19.0`, `jdk-21.0.12+8` → `21.0.12`). */
  version?: string;
}

export interface RepoInfoFile {
  /** The tag the file describes: `node:24-slim`. */
  tag: string;
  /** The repo-info commit, when the file carries it (trimmed copies do; a git checkout is asked instead). */
  commit?: string;
  platforms: RepoInfoPlatform[];
}

const MONTHS: Record<string, string> = {
  Jan: '01',
  Feb: '02',
  Mar: '03',
  Apr: '04',
  May: '05',
  Jun: '06',
  Jul: '07',
  Aug: '08',
  Sep: '09',
  Oct: '10',
  Nov: '11',
  Dec: '12',
};

/** `Mon, 03 Aug 2026 20:26:52 GMT` → `2026-08-03`. */
function isoDay(httpDate: string): string | undefined {
  const m = /(\d{1,2}) (\w{3}) (\d{4})/.exec(httpDate);
  if (!m || !MONTHS[m[2]]) return undefined;
  return `${m[3]}-${MONTHS[m[2]]}-${m[1].padStart(2, '0')}`;
}

/** `linux; arm64 variant v8` → `linux/arm64`; attestation manifests (`unknown; unknown`) and other OSes → undefined. */
function platformOf(heading: string): string | undefined {
  const m = /^linux; (\w+)/.exec(heading.trim());
  return m ? `linux/${m[1]}` : undefined;
}

function distroOf(section: string): string | undefined {
  const debian = /debian\.sh --arch '[^']+' out\/ '([a-z]+)'/.exec(section);
  if (debian) return debian[1];
  const alpine = /alpine-minirootfs-(\d+\.\d+)/.exec(section);
  if (alpine) return `alpine${alpine[1]}`;
  const ubuntu =
    /org\.opencontainers\.image\.version=(\d+\.\d+)/.exec(section) ??
    /ubuntu:rockcraft-base .* --tag (\d+\.\d+)/.exec(section);
  if (ubuntu)
    return Object.keys(UBUNTU_CODENAMES).find((c) => UBUNTU_CODENAMES[c] === ubuntu[1]) ?? `ubuntu${ubuntu[1]}`;
  return undefined;
}

function versionOf(section: string): string | undefined {
  const m = /\b[A-Z]+_VERSION[= ]([\w.+-]+)/.exec(section.replace(/\bYARN_VERSION=\S+/g, ''));
  if (!m) return undefined;
  return /^jdk-(\d[\w.]*)/.exec(m[1])?.[1] ?? m[1];
}

/** Reads one repo-info `remote/<tag>.md` file (whole, or trimmed to its size, base, version and date lines). */
export function parseRepoInfoFile(text: string): RepoInfoFile {
  const tag = /^## `([^`]+)`/m.exec(text)?.[1];
  if (!tag) throw new Error('not a repo-info remote file: no "## `image:tag`" heading');
  const commit = /<!-- docker-library\/repo-info@([0-9a-f]{40})\b/.exec(text)?.[1];
  const platforms: RepoInfoPlatform[] = [];
  const headings = [...text.matchAll(/^### `[^`]+` - (.+)$/gm)];
  headings.forEach((h, i) => {
    const platform = platformOf(h[1]);
    if (!platform || platforms.some((p) => p.platform === platform)) return;
    const section = text.slice(h.index, i + 1 < headings.length ? headings[i + 1].index : text.length);
    const size = /Total Size: \*\*[^(]*\((\d+) bytes\)\*\*/.exec(section);
    const dates = [...section.matchAll(/Last Modified: ([^\n]+?)\s*$/gm)].map((m) => isoDay(m[1])).filter(Boolean);
    if (!size || dates.length === 0) return;
    platforms.push({
      platform,
      bytes: Number(size[1]),
      date: (dates as string[]).sort().at(-1)!,
      distro: distroOf(section),
      version: versionOf(section),
    });
  });
  return { tag, commit, platforms };
}

/** One repo-info `local/<tag>.md` page: the image as pulled and unpacked by repo-info's own run. */
export interface RepoInfoLocal {
  tag: string;
  commit?: string;
  /** "Virtual Size" (total size of all layers on disk), printed rounded in Mb. */
  bytes: number;
  /** As printed (`~ 170.75 Mb`). */
  printed: string;
  /** The image's Created day. */
  date: string;
  platform: string;
  version?: string;
}

/** Reads a repo-info `local/<tag>.md` page (whole, or trimmed to its metadata lines); undefined without a size. */
export function parseRepoInfoLocal(text: string): RepoInfoLocal | undefined {
  const tag = /^# `([^`]+)`/m.exec(text)?.[1];
  const size = /Virtual Size: (~ ([\d.]+) Mb)/.exec(text);
  const created = /Created: `(\d{4}-\d{2}-\d{2})T/.exec(text);
  const arch = /Arch: `linux`\/`(\w+)`/.exec(text);
  if (!tag || !size || !created || !arch) return undefined;
  return {
    tag,
    commit: /<!-- docker-library\/repo-info@([0-9a-f]{40})\b/.exec(text)?.[1],
    bytes: Math.round(Number(size[2]) * 1_000_000),
    printed: size[1],
    date: created[1],
    platform: `linux/${arch[1]}`,
    version: /`[A-Z]+_VERSION=([\w.+-]+)`/.exec(text.replace(/`YARN_VERSION=[^`]*`/g, ''))?.[1],
  };
}

/** The commit that last touched `file` in a git checkout, or undefined outside one. */
function gitCommitOf(root: string, file: string): string | undefined {
  try {
    const out = execFileSync('git', ['-C', root, 'log', '-1', '--format=%H', '--', file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return /^[0-9a-f]{40}$/.test(out) ? out : undefined;
  } catch {
    return undefined;
  }
}

function traitsOf(distro: string | undefined): ImageTraits {
  if (distro?.startsWith('alpine')) return { libc: 'musl', shell: true, packageManager: 'apk' };
  return { libc: 'glibc', shell: true, packageManager: 'apt' };
}

/** Hand-sourced parts: figures repo-info does not have (distroless, .NET, scratch), lifecycles, alternatives. */
export interface CatalogueExtras {
  description: string;
  /** Entries with figures from other sources, each figure with its own source, date and kind. */
  images: CatalogueEntry[];
  lifecycles: Lifecycle[];
  alternatives: AlternativeEdge[];
}

export interface BuildResult {
  catalogue: Catalogue;
  /** Files read, tags skipped (and why): the coverage report the script prints. */
  read: string[];
  skipped: string[];
}

function remoteFiles(root: string): string[] {
  const repos = path.join(root, 'repos');
  if (!fs.existsSync(repos))
    throw new Error(`${root} has no repos/ directory (expected a docker-library/repo-info checkout)`);
  const out: string[] = [];
  for (const image of fs.readdirSync(repos).sort()) {
    const dir = path.join(repos, image, 'remote');
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).sort()) if (name.endsWith('.md')) out.push(`repos/${image}/remote/${name}`);
  }
  return out;
}

function compareTags(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Builds the catalogue from a repo-info checkout. `tags` limits which files are read (a real
 * checkout has thousands); by default every `remote/*.md` under `root` is read. Tags that name a
 * release by a word (`node:lts`, `nginx:mainline`) become aliases of the line their version
 * belongs to, and an entry of their own only when no numbered tag of that line was read.
 */
export function buildCatalogue(root: string, extras: CatalogueExtras, tags?: string[]): BuildResult {
  const wanted = tags ? new Set(tags) : undefined;
  const read: string[] = [];
  const skipped: string[] = [];
  const parsed: { file: string; info: RepoInfoFile; commit: string }[] = [];
  for (const file of remoteFiles(root)) {
    const image = file.split('/')[1];
    const tagName = path.basename(file, '.md');
    if (wanted && !wanted.has(`${image}:${tagName}`)) continue;
    const info = parseRepoInfoFile(fs.readFileSync(path.join(root, file), 'utf8'));
    const commit = info.commit ?? gitCommitOf(root, file);
    if (!commit) {
      skipped.push(`${info.tag}: no repo-info commit (not a git checkout and no commit comment)`);
      continue;
    }
    if (info.platforms.length === 0) {
      skipped.push(`${info.tag}: no linux platform with a size and a date`);
      continue;
    }
    parsed.push({ file, info, commit });
    read.push(file);
  }
  if (wanted) {
    const seen = new Set(parsed.map((p) => p.info.tag));
    for (const t of wanted) if (!seen.has(t)) skipped.push(`${t}: not in this repo-info copy`);
  }

  const images: CatalogueEntry[] = [];
  const aliases: ReleaseAlias[] = [];
  // Numbered tags first, so a named release only gets an entry when its line has none.
  const named = (p: (typeof parsed)[number]) => resolveFamily(p.info.tag)?.release !== undefined;
  const ordered = [...parsed.filter((p) => !named(p)), ...parsed.filter(named)];
  for (const { file, info, commit } of ordered) {
    const family = resolveFamily(info.tag);
    if (!family) {
      skipped.push(`${info.tag}: not an image family Layerwise knows`);
      continue;
    }
    const first = info.platforms.find((p) => p.platform === 'linux/amd64') ?? info.platforms[0];
    const line = family.line ?? (first.version ? releaseLineOf(family.family, first.version) : undefined);
    if (!line) {
      skipped.push(`${info.tag}: no release line (the tag names none and the file gives no version)`);
      continue;
    }
    const sizes: CatalogueEntry['sizes'] = {};
    for (const p of info.platforms) {
      const figure: SizeFigure = {
        bytes: p.bytes,
        date: p.date,
        kind: 'compressed',
        source: { repository: REPO_INFO, commit, path: file },
      };
      sizes[p.platform] = { compressed: figure };
    }
    const localFile = file.replace('/remote/', '/local/');
    const local = fs.existsSync(path.join(root, localFile))
      ? parseRepoInfoLocal(fs.readFileSync(path.join(root, localFile), 'utf8'))
      : undefined;
    const localCommit = local && (local.commit ?? gitCommitOf(root, localFile));
    if (local && localCommit && sizes[local.platform]) {
      const built = local.version && local.version !== first.version ? ` of a later build (${local.version})` : '';
      sizes[local.platform].onDisk = {
        bytes: local.bytes,
        date: local.date,
        kind: 'onDisk',
        approximate: true,
        source: {
          repository: REPO_INFO,
          commit: localCommit,
          path: localFile,
          note: `repo-info's local page${built} prints the on-disk size rounded, "${local.printed}"`,
        },
      };
    }
    const source = { repository: REPO_INFO, commit, path: file };
    if (family.release) {
      aliases.push({
        ref: info.tag,
        family: family.family,
        release: family.release,
        line,
        version: first.version,
        source,
      });
      const covered = images.some(
        (e) =>
          e.family === family.family && e.variant === family.variant && e.line === line && e.distro === first.distro,
      );
      if (covered) continue;
    }
    images.push({
      ref: info.tag,
      family: family.family,
      line,
      variant: family.variant,
      version: first.version,
      distro: first.distro,
      ...traitsOf(first.distro),
      sizes,
    });
  }

  const all = [...images, ...extras.images].sort(
    (a, b) => compareTags(a.family, b.family) || compareTags(a.variant, b.variant) || compareTags(a.ref, b.ref),
  );
  const dates = all.flatMap((e) =>
    Object.values(e.sizes).flatMap((s) => [s.compressed?.date, s.onDisk?.date].filter((d): d is string => !!d)),
  );
  const built: Catalogue = {
    description: extras.description,
    schemaVersion: 2,
    retrieved: dates.sort().at(-1) ?? '',
    images: all,
    aliases: aliases.sort((a, b) => compareTags(a.ref, b.ref)),
    lifecycles: extras.lifecycles,
    alternatives: extras.alternatives,
  };
  // As written to disk: fields without a value are left out.
  const catalogue = JSON.parse(JSON.stringify(built)) as Catalogue;
  return { catalogue, read, skipped };
}

/** Reads the hand-sourced parts from a directory (scripts/catalogue-input by default). */
export function readExtras(dir: string): CatalogueExtras {
  const json = (name: string) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
  const manual = json('manual.json');
  return {
    description: manual.description,
    images: manual.images,
    lifecycles: json('lifecycles.json').lifecycles,
    alternatives: json('alternatives.json').alternatives,
  };
}

const here = path.dirname(fileURLToPath(import.meta.url));

function main(argv: string[]): number {
  const args = argv.filter((a) => !a.startsWith('--'));
  const outFlag = argv.indexOf('--out');
  const out = outFlag >= 0 ? argv[outFlag + 1] : path.join(here, '..', 'server', 'data', 'base-images.json');
  const root = args.filter((a) => a !== out)[0];
  if (!root) {
    console.error('usage: npm run catalogue -- <path to a docker-library/repo-info checkout> [--out file]');
    console.error('       (scripts/catalogue-input holds the trimmed copy the bundled catalogue was built from)');
    return 2;
  }
  const inputDir = path.join(here, 'catalogue-input');
  const tagsFile = path.join(inputDir, 'tags.txt');
  const tags = fs
    .readFileSync(tagsFile, 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);
  const { catalogue, read, skipped } = buildCatalogue(root, readExtras(inputDir), tags);
  fs.writeFileSync(out, `${JSON.stringify(catalogue, null, 2)}\n`);
  const dates = catalogue.images
    .flatMap((e) => Object.values(e.sizes).flatMap((s) => [s.compressed?.date, s.onDisk?.date]))
    .filter((d): d is string => !!d)
    .sort();
  console.log(
    `read ${read.length} repo-info files; ${catalogue.images.length} entries, ${catalogue.aliases.length} aliases`,
  );
  console.log(`figures dated ${dates[0]} … ${dates.at(-1)}`);
  for (const s of skipped) console.log(`not covered: ${s}`);
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
