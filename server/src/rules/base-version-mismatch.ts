import type { Rule } from './types';
import type { RuleFinding } from '../core/findings';
import type { StageModel } from '../core/model';
import { firstShippedByKey } from '../core/queries';
import { distroOfTagWord, resolveFamily, type ImageFamily } from '../sizes/family';
import { imageTraits } from '../sizes/catalogue';

const NATIVE_BUILDS = new Set(['node', 'python', 'ruby', 'php', 'rust', 'debian', 'ubuntu']);
const DEBIAN_RELEASES: Record<string, string> = {
  debian10: 'buster',
  debian11: 'bullseye',
  debian12: 'bookworm',
  debian13: 'trixie',
};

// Artefacts built on one version and run on another: native addons compiled for Node 20.11's ABI,
// a Python venv for 3.11 copied onto 3.12, jars built for Java 21 on a Java 17 JRE, glibc-linked
// modules built on alpine (musl). Judged only between stages that hand files to each other.
export const rule: Rule = {
  meta: {
    id: 'base-version-mismatch',
    category: 'correctness',
    defaultSeverity: 'warning',
    summary:
      'Stages that hand files to each other use different versions of the same base image (build on node 20.11, run on 20.9).',
    why: "What a builder produces is tied to its runtime: native Node addons to the Node ABI, Python virtualenvs and wheels to the Python minor version, class files to the Java release, compiled modules to the C library (alpine's musl vs Debian's glibc). A runner on another version fails at start or, worse, on the first request that loads the module. Use one version for every stage, e.g. via `ARG NODE_VERSION=20.11` before the first FROM.",
    examples: {
      bad: 'FROM node:20.11 AS build\nRUN npm ci && npm run build\nFROM node:20.9-slim\nCOPY --from=build /app /app\n',
      good: 'ARG NODE_VERSION=20.11\nFROM node:${NODE_VERSION} AS build\nRUN npm ci && npm run build\nFROM node:${NODE_VERSION}-slim\nCOPY --from=build /app /app\n',
    },
    fixable: false,
  },
  check({ model }) {
    // Each image's family once, and each pair of images compared once: a file repeats a few images over
    // many stages (30,000 stages of two images asked the same two questions 30,000 times).
    const families = new Map<string, ReturnType<typeof familyOf>>();
    const familyOfStage = (stage: StageModel) => {
      const ref = stage.image.resolved;
      if (!ref || stage.baseStage !== undefined || stage.scratch) return undefined;
      return families.has(ref) ? families.get(ref) : families.set(ref, familyOf(ref)).get(ref);
    };
    const differences = new Map<string, string | undefined>();
    const differenceOf = (theirs: { family: ImageFamily; ref: string }, mine: { family: ImageFamily; ref: string }) => {
      const key = `${theirs.ref}\n${mine.ref}`;
      return differences.has(key)
        ? differences.get(key)
        : differences.set(key, difference(theirs.family, mine.family)).get(key);
    };
    // Per runner, the first shipped stage of each base image: stages with one image give one answer, so
    // that one (in stage order, as each problem is reported for the first stage showing it) stands for all.
    const firstOfImage = firstShippedByKey(model, (stage) => familyOfStage(stage)?.ref);
    const findings: RuleFinding[] = [];
    for (const runner of model.stages) {
      // A stage that copies from no other stage ships only its own files (and one on another stage has no
      // family of its own): nothing to compare, so no family to look up, no list to build.
      if (runner.copiesFrom.length === 0) continue;
      const mine = familyOfStage(runner);
      if (!mine) continue;
      const reported = new Set<string>();
      const sources = [...firstOfImage(runner).values()].sort((a, b) => a.index - b.index);
      for (const source of sources) {
        const theirs = familyOfStage(source);
        if (source === runner || !theirs || theirs.family.family !== mine.family.family) continue;
        const problem = differenceOf(theirs, mine);
        if (!problem || reported.has(problem)) continue;
        reported.add(problem);
        const label = source.name ? `stage "${source.name}"` : `stage ${source.index}`;
        findings.push({
          range: runner.image.range,
          message: `\`${mine.ref}\` runs files built on \`${theirs.ref}\` (${label}): ${problem}. Native modules, virtualenvs and compiled output can fail at run time; use the same version in both stages (one ARG before the first FROM).`,
        });
      }
    }
    return findings;
  },
};

/** The image's family, for comparing versions (none for distroless and scratch, which carry no toolchain). */
function familyOf(ref: string): { family: ImageFamily; ref: string } | undefined {
  const family = resolveFamily(ref);
  return family && family.family !== 'distroless' && family.family !== 'scratch' ? { family, ref } : undefined;
}

/** A short description of how two images of one family differ, or undefined when compatible. */
function difference(a: ImageFamily, b: ImageFamily): string | undefined {
  const va = (a.version ?? a.line)?.split('.');
  const vb = (b.version ?? b.line)?.split('.');
  if (va && vb && /^\d/.test(va[0]) && /^\d/.test(vb[0])) {
    // `20` and `20.11` agree: the shorter one is a moving tag on the same line.
    for (let i = 0; i < Math.min(va.length, vb.length); i++) {
      if (va[i] !== vb[i]) return `version ${va.join('.')} vs ${vb.join('.')}`;
    }
  }
  // The C library and its release matter where builds compile native code; bytecode (Java) does not care.
  if (!NATIVE_BUILDS.has(a.family)) return undefined;
  const libc = (f: ImageFamily) => (imageTraits(f)?.libc === 'musl' ? 'musl (alpine)' : 'glibc (Debian)');
  if (libc(a) !== libc(b)) return `${libc(a)} vs ${libc(b)}`;
  const release = (f: ImageFamily) =>
    f.distro && distroOfTagWord(f.distro) !== 'alpine' ? (DEBIAN_RELEASES[f.distro] ?? f.distro) : undefined;
  if (release(a) && release(b) && release(a) !== release(b)) return `${release(a)} vs ${release(b)} (different glibc)`;
  return undefined;
}
