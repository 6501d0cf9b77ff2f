// Maps an image reference to a catalogue family: `node:20.11.1-bookworm-slim` → node, line 20, variant slim.
// Tags are free text, so this reads them the way the official images name their variants.
import { perString } from '../core/memo';
import { parseImageReference, type ParsedImageReference } from './reference';

export interface ImageFamily {
  /** Catalogue family: node, python, golang, debian, ubuntu, alpine, eclipse-temurin, ruby, php, nginx, rust, dotnet, distroless, scratch. */
  family: string;
  /** Release line the catalogue is keyed by (`20`, `3.12`, `1.25`, `bookworm`, `24.04`); undefined for `latest`-like tags. */
  line?: string;
  /** Full version as written (`20.11.1`), when the tag starts with one. */
  version?: string;
  /** `full`, `slim`, `alpine`, `distroless`, `jdk`, `jre`, `jre-alpine`, `aspnet-chiseled`, `static`, `empty`, ... */
  variant: string;
  /** Distribution named in the tag (`bookworm`, `alpine3.20`, `noble`, `debian12`). */
  distro?: string;
  /** A release named by a word instead of a number (`lts`, `current`, `latest`, `mainline`, `stable`); the catalogue resolves it to a line. */
  release?: string;
}

/** The Docker Hub official images read here: each built on Debian/Ubuntu, or on alpine for its `alpine` variants. */
export const OFFICIAL_FAMILIES = new Set([
  'node',
  'python',
  'golang',
  'debian',
  'ubuntu',
  'alpine',
  'eclipse-temurin',
  'ruby',
  'php',
  'nginx',
  'rust',
]);
/** Families whose release line is the major version; the others use major.minor. */
const MAJOR_LINE = new Set(['node', 'eclipse-temurin']);
const DEBIAN_CODENAMES: Record<string, string> = { '10': 'buster', '11': 'bullseye', '12': 'bookworm', '13': 'trixie' };
const DEBIAN_NAMES = new Set([...Object.values(DEBIAN_CODENAMES), 'stretch', 'jessie', 'sid', 'forky']);
/** Ubuntu codenames and their releases (`noble` → 24.04). */
export const UBUNTU_CODENAMES: Record<string, string> = {
  focal: '20.04',
  jammy: '22.04',
  noble: '24.04',
  plucky: '25.04',
  questing: '25.10',
  resolute: '26.04',
};
const NODE_CODENAMES: Record<string, string> = { hydrogen: '18', iron: '20', jod: '22', krypton: '24' };
const ALPINE_WORD = /^alpine(\d+(\.\d+)*)?$/;

/** The distribution a tag word names: `alpine`/`alpine3.20`, a Debian codename, an Ubuntu codename. */
export function distroOfTagWord(word: string): 'alpine' | 'debian' | 'ubuntu' | undefined {
  if (ALPINE_WORD.test(word)) return 'alpine';
  if (DEBIAN_NAMES.has(word)) return 'debian';
  return word in UBUNTU_CODENAMES ? 'ubuntu' : undefined;
}

/** Tag words that name a moving release line instead of a number (nginx's `mainline`/`stable` included). */
const RELEASE_WORDS = new Set(['latest', 'lts', 'current', 'mainline', 'stable']);

/** A tag word that names a release without a number: `latest`, `lts`, `current`, `mainline`, Node's codenames (`iron`). */
export function isNamedRelease(word: string): boolean {
  return RELEASE_WORDS.has(word) || word in NODE_CODENAMES;
}
/** Tag words that name what is installed rather than the base distribution. */
const FLAVOURS = new Set(['jdk', 'jre', 'fpm', 'apache', 'cli', 'zts']);

/** Resolves the family of a reference string or an already parsed one; undefined when unknown. */
export function resolveFamily(ref: string | ParsedImageReference): ImageFamily | undefined {
  return typeof ref === 'string' ? resolveFamilyOfText(ref) : familyOfParsed(ref);
}

const resolveFamilyOfText = perString((text) => familyOfParsed(parseImageReference(text)));

function familyOfParsed(parsed: ParsedImageReference | undefined): ImageFamily | undefined {
  if (!parsed) return undefined;
  const { registry, repository, tag } = parsed;

  if (registry === 'docker.io' && repository === 'library/scratch')
    return { family: 'scratch', line: 'scratch', variant: 'empty' };
  if (registry === 'docker.io' && parsed.official) {
    const name = repository.slice('library/'.length);
    if (OFFICIAL_FAMILIES.has(name)) return officialFamily(name, tag);
  }
  if (registry === 'gcr.io' && repository.startsWith('distroless/'))
    return distrolessFamily(repository.slice('distroless/'.length));
  if (registry === 'mcr.microsoft.com' && repository.startsWith('dotnet/'))
    return dotnetFamily(repository.slice('dotnet/'.length), tag);
  return undefined;
}

/** The release line a version belongs to: the major for node and eclipse-temurin, else major.minor. */
export function releaseLineOf(family: string, version: string): string {
  const parts = version.split('.');
  return MAJOR_LINE.has(family) || parts.length === 1 ? parts[0] : `${parts[0]}.${parts[1]}`;
}

function officialFamily(family: string, tag: string): ImageFamily {
  const words = tag.toLowerCase().split('-');
  let version: string | undefined;
  if (/^\d+(\.\d+)*$/.test(words[0])) version = words.shift();

  let base: 'slim' | 'alpine' | undefined;
  let distro: string | undefined;
  const flavours: string[] = [];
  let line = version ? releaseLineOf(family, version) : undefined;
  const release = !version && words.length > 0 && RELEASE_WORDS.has(words[0]) ? words[0] : undefined;
  for (const word of words) {
    if (ALPINE_WORD.test(word)) {
      base = 'alpine';
      if (word !== 'alpine') distro = word;
    } else if (word === 'slim') base = base ?? 'slim';
    else if (DEBIAN_NAMES.has(word) || word in UBUNTU_CODENAMES) distro = word;
    else if (FLAVOURS.has(word)) flavours.push(word);
    else if (family === 'node' && word in NODE_CODENAMES) line = NODE_CODENAMES[word];
  }

  if (family === 'debian') {
    // debian:12, debian:bookworm, debian:bookworm-slim all key on the codename.
    const name = version ? DEBIAN_CODENAMES[version.split('.')[0]] : distro;
    return { family, line: name, version, variant: base ?? 'full', distro: name };
  }
  if (family === 'ubuntu') {
    const codename = words.find((w) => w in UBUNTU_CODENAMES);
    return {
      family,
      line: line ?? (codename ? UBUNTU_CODENAMES[codename] : undefined),
      version,
      variant: 'full',
      distro: codename,
    };
  }
  if (family === 'alpine') return { family, line, version, variant: 'full', release };
  if (family === 'eclipse-temurin' && flavours.length === 0) flavours.push('jdk');
  if (family === 'php' && flavours.length === 0) flavours.push('cli');

  const variant = [...flavours, base].filter(Boolean).join('-') || 'full';
  return { family, line, version, variant, distro, release: line ? undefined : release };
}

function distrolessFamily(name: string): ImageFamily {
  const match = /^(.*?)-(debian\d+)$/.exec(name);
  const image = match ? match[1] : name;
  const distro = match?.[2];
  const runtime = /^(nodejs|python|java)(\d+)$/.exec(image);
  if (runtime) {
    const family = { nodejs: 'node', python: 'python', java: 'eclipse-temurin' }[runtime[1]]!;
    return { family, line: runtime[2], variant: 'distroless', distro };
  }
  return { family: 'distroless', line: distro, variant: image, distro };
}

function dotnetFamily(image: string, tag: string): ImageFamily {
  const words = tag.toLowerCase().split('-');
  const version = /^\d+(\.\d+)*$/.test(words[0]) ? words.shift() : undefined;
  const line = version ? version.split('.').slice(0, 2).join('.') : undefined;
  const base = words.includes('chiseled')
    ? 'chiseled'
    : words.some((w) => w.startsWith('alpine'))
      ? 'alpine'
      : undefined;
  const distro = words.find(
    (w) => w.startsWith('alpine') || w in UBUNTU_CODENAMES || DEBIAN_NAMES.has(w) || w.startsWith('azurelinux'),
  );
  return { family: 'dotnet', line, version, variant: [image, base].filter(Boolean).join('-'), distro };
}

export interface TagParts {
  /** Image name as written before the tag, e.g. `node`, `python`, `docker.io/library/node`. */
  name: string;
  /** Repository without registry/library prefix: `node`, `python`, `golang`. */
  repository: string;
  /** Leading version word as written (`20`, `18.19.0`, `lts`, `${NODE_VERSION}`), if any. */
  version?: string;
  /** Debian codename or alpine release named in the tag. */
  distro?: string;
  variant: 'full' | 'slim' | 'alpine';
}

/**
 * How a sibling of an image in another variant is named:
 * - `same-release` keeps the release and the distro as written (`node:20-bookworm` → `node:20-bookworm-slim`,
 *   `node:20-alpine3.20` stays on alpine3.20): the split's builder and runner stay on the original's release;
 * - `catalogue` names the variant the way the catalogue lists it, checked by resolving the result
 *   (`node:20.11-bookworm` → `node:20.11-slim`, temurin jdk → jre, `debian:bookworm` → `debian:bookworm-slim`).
 */
export type SiblingPolicy = 'same-release' | 'catalogue';

/** The image in another variant, named by `policy` (see SiblingPolicy); undefined when the catalogue policy cannot name it. */
export function siblingReference(
  parts: TagParts,
  variant: TagParts['variant'],
  options: { policy: 'same-release' },
): string;
export function siblingReference(ref: string, variant: string, options: { policy: 'catalogue' }): string | undefined;
export function siblingReference(
  from: TagParts | string,
  variant: string,
  options: { policy: SiblingPolicy },
): string | undefined {
  if (options.policy === 'same-release' && typeof from !== 'string') return sameReleaseSibling(from, variant);
  if (options.policy === 'catalogue' && typeof from === 'string') return catalogueSibling(from, variant);
  throw new Error(`siblingReference: policy ${options.policy} does not take ${typeof from}`);
}

function sameReleaseSibling(parts: TagParts, variant: string): string {
  const words: string[] = [];
  if (parts.version && parts.version !== 'latest') words.push(parts.version);
  if (variant === 'alpine') words.push(parts.variant === 'alpine' && parts.distro ? parts.distro : 'alpine');
  else {
    if (parts.distro && !parts.distro.startsWith('alpine')) words.push(parts.distro);
    if (variant === 'slim') words.push('slim');
  }
  return words.length ? `${parts.name}:${words.join('-')}` : parts.name;
}

/** Tag words that name the base rather than the version or flavour: dropped when another base is chosen. */
const isBaseWord = (w: string) => w === 'slim' || w === 'latest' || distroOfTagWord(w) !== undefined;

/**
 * `node:20.11-bookworm` → `node:20.11-slim`, `eclipse-temurin:21-jdk-jammy` → `eclipse-temurin:21-jre-jammy`,
 * `debian:bookworm` → `debian:bookworm-slim`. Checked by resolving the result: undefined when the
 * result would not be the wanted variant of the same family.
 */
function catalogueSibling(ref: string, variant: string): string | undefined {
  const slash = ref.lastIndexOf('/');
  const colon = ref.indexOf(':', slash + 1);
  const name = colon < 0 ? ref : ref.slice(0, colon);
  const tag = colon < 0 ? '' : ref.slice(colon + 1);
  if (ref.includes('@') || /\$\{[^}]*:[-+]/.test(tag)) return undefined;
  const family = resolveFamily(ref.replace(/\$\{?\w+\}?/g, '1'));
  if (!family) return undefined;
  let words = tag ? tag.split('-') : [];
  if (variant === 'jre') {
    const jdk = words.indexOf('jdk');
    if (jdk >= 0) words[jdk] = 'jre';
    else words.splice(words.length && !isBaseWord(words[0]) ? 1 : 0, 0, 'jre');
  } else if (family.family === 'debian' && variant === 'slim') {
    words = words.filter((w) => w !== 'latest');
    words.push(...(words.length ? ['slim'] : ['stable', 'slim']));
  } else if (variant === 'slim' || variant === 'alpine') {
    words = words.filter((w) => !isBaseWord(w));
    words.push(variant);
  } else if (variant === 'aspnet-alpine') {
    words = words.filter((w) => !isBaseWord(w));
    words.push('alpine');
  } else return undefined;
  const result = `${name}:${words.join('-')}`;
  const check = resolveFamily(result.replace(/\$\{?\w+\}?/g, '1'));
  return check && check.family === family.family && check.variant === variant ? result : undefined;
}
