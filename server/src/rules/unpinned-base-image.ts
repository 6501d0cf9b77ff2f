import type { Rule } from './types';
import type { RuleFinding } from '../core/findings';
import { perString } from '../core/memo';
import { MOVING_TAG_WORDS, parseImageReference } from '../sizes/reference';

/** Images whose codename tags (`debian:bookworm`, `buildpack-deps:bookworm-scm`) name a release. */
const DISTRO_IMAGES = new Set(['debian', 'ubuntu', 'buildpack-deps']);
/** Release codenames, old ones included (`debian:jessie` is as fixed as `debian:8`); `sid`/`stable`/`testing` move and are not here. */
const CODENAMES = new RegExp(
  `\\b(${[
    // Debian, hamm (2.0) to forky (14)
    'hamm',
    'slink',
    'potato',
    'woody',
    'sarge',
    'etch',
    'lenny',
    'squeeze',
    'wheezy',
    'jessie',
    'stretch',
    'buster',
    'bullseye',
    'bookworm',
    'trixie',
    'forky',
    // Ubuntu, from 12.04 on
    'precise',
    'quantal',
    'raring',
    'saucy',
    'trusty',
    'utopic',
    'vivid',
    'wily',
    'xenial',
    'yakkety',
    'zesty',
    'artful',
    'bionic',
    'cosmic',
    'disco',
    'eoan',
    'focal',
    'groovy',
    'hirsute',
    'impish',
    'jammy',
    'kinetic',
    'lunar',
    'mantic',
    'noble',
    'oracular',
    'plucky',
    'questing',
  ].join('|')})\\b`,
);
/**
 * distroless publishes no version tags: the runtime and Debian release are in the repository name
 * (`nodejs20-debian12`, `static-debian12`) and the tags say who runs it (`latest`, `nonroot`, `debug`).
 * That pins as much as `node:20` does, so the split's own runners are not reported.
 */
const VERSIONED_DISTROLESS = /^gcr\.io\/distroless\/[a-z]+\d*-debian\d+$/;
const DISTROLESS_TAGS = new Set(['latest', 'nonroot', 'debug', 'debug-nonroot']);

// `FROM node`, `node:latest` or `node:alpine` change under you: rebuilds pick up a different (often bigger) image.
export const rule: Rule = {
  meta: {
    id: 'unpinned-base-image',
    category: 'correctness',
    defaultSeverity: 'warning',
    summary:
      'Base image without a tag, with `:latest`, or with a moving tag that names no version (`node:alpine`, `node:lts`).',
    why: 'An unpinned base image changes between builds: sizes, tools and behaviour drift without any change to the Dockerfile, and cached layers are silently invalidated. Tags without a version (`alpine`, `lts`, `current-slim`, `stable`) move just like `latest`. Pin a version (`node:20.11-slim`). distroless has no version tags but names the runtime and Debian release in the repository (`gcr.io/distroless/nodejs20-debian12:nonroot`), which pins as much as `node:20`; pin a digest for byte-for-byte repeatable builds. In the editor, when the local Docker daemon has the image under that tag, a quick fix pins it to the version the image declares (`NODE_VERSION`, `PYTHON_VERSION`… or the OCI version label): `node:current-slim` → `node:20.20.2-slim`, and says where the version came from.',
    examples: { bad: 'FROM node\nFROM node:alpine\n', good: 'FROM node:20.11-slim\n' },
    fixable: false,
    hadolint: ['DL3006', 'DL3007'],
  },
  check({ model }) {
    const findings: RuleFinding[] = [];
    for (const stage of model.stages) {
      const ref = stage.image.resolved;
      if (!ref || stage.scratch || stage.baseStage !== undefined) continue;
      const message = messageFor(ref);
      if (message !== undefined) findings.push({ range: stage.image.range, message });
    }
    return findings;
  },
};

/**
 * What to say about a base image reference, or undefined when it is pinned: a function of the reference
 * alone, answered once per reference (a file repeats a few images over many stages; 84,000 `FROM debian`
 * each built the same message anew).
 */
const messageFor = perString((ref: string): string | undefined => {
  if (ref.includes('@')) return undefined;
  const parsed = parseImageReference(ref);
  if (!parsed) return undefined;
  const name = ref.slice(0, ref.length - (parsed.tagImplied ? 0 : parsed.tag.length + 1));
  if (VERSIONED_DISTROLESS.test(name) && (parsed.tagImplied || DISTROLESS_TAGS.has(parsed.tag))) return undefined;
  // Keep the variant words of the tag (`slim`, `alpine`, `bookworm`) and drop the moving ones, so the
  // example is a tag shape that exists: `node:current-slim` → `node:<version>-slim`, not `<version>-current-slim`.
  const variant = parsed.tagImplied ? [] : parsed.tag.split('-').filter((w) => !MOVING_TAG_WORDS.has(w));
  const example = `\`${name}:<version>${variant.length ? `-${variant.join('-')}` : ''}\``;
  if (parsed.tagImplied)
    return `\`${ref}\` has no tag, so it means \`:latest\`: pin a version (e.g. ${example}) or a digest so the image and its size stay the same between builds.`;
  if (parsed.tag === 'latest')
    return `\`${ref}\` follows whatever is newest: pin a version (e.g. ${example}) or a digest so the image and its size stay the same between builds.`;
  if (!/\d/.test(parsed.tag) && !(DISTRO_IMAGES.has(parsed.repository.split('/').pop()!) && CODENAMES.test(parsed.tag)))
    return `\`${ref}\` is a moving tag: it names no version, so each rebuild may get a different image. Pin a version (e.g. ${example}) or a digest.`;
  return undefined;
});
