// Which runner image (and which unprivileged user) a split uses, for each ecosystem and runner
// kind: one table, so every planner answers "distroless / slim / alpine for X" the same way.
import type { RunnerKind } from './plan';
import { siblingTag, type TagParts } from './images';

export type Ecosystem = 'node' | 'python' | 'go' | 'java';

/** What the choice depends on: the original's tag parts and versions, and whether a Go binary needs glibc. */
export interface RunnerQuery {
  /** The original base image as resolved (named in refusals). */
  original: string;
  parts?: TagParts;
  /** Node major of the original tag (distroless images are per major). */
  nodeMajor?: number;
  /** Java major of the original JDK image. */
  javaMajor?: number;
  /** A Go binary built with cgo links glibc. */
  cgo?: boolean;
}

export interface RunnerChoice {
  image: string;
  /** The unprivileged user the runner switches to unless the original named its own. */
  user: string;
}

type Choose = (q: RunnerQuery) => RunnerChoice | { refused: string };

const DISTROLESS_JAVA = new Set([17, 21]);
/** A fixed uid for runners without a named unprivileged user (distroless's nonroot uid). */
const NONROOT_UID = '65532:65532';

const TABLE: Record<Ecosystem, Record<RunnerKind, Choose>> = {
  node: {
    distroless: ({ original, parts, nodeMajor }) => {
      if (nodeMajor === undefined)
        return { refused: `${original} names no Node major version, and distroless images are per major` };
      if (nodeMajor < 18) return { refused: `distroless has no Node ${nodeMajor} image` };
      const debian = parts?.distro === 'trixie' ? 'debian13' : 'debian12';
      // `:nonroot` is the distroless tag for unprivileged apps (and a tag, not an implied :latest).
      return { image: `gcr.io/distroless/nodejs${nodeMajor}-${debian}:nonroot`, user: 'nonroot' };
    },
    slim: ({ parts }) => ({ image: siblingTag(parts!, 'slim'), user: 'node' }),
    alpine: ({ parts }) => ({ image: siblingTag(parts!, 'alpine'), user: 'node' }),
  },
  python: {
    // Distroless python uses Debian's interpreter: a venv made by the official image would point at a missing python.
    distroless: () => ({
      refused:
        "distroless python runs Debian's own Python, so a virtualenv built on the official image would not start",
    }),
    slim: ({ parts }) => ({ image: siblingTag(parts!, 'slim'), user: 'nobody' }),
    alpine: ({ parts }) => ({ image: siblingTag(parts!, 'alpine'), user: 'nobody' }),
  },
  go: {
    distroless: ({ cgo }) => ({
      image: cgo ? 'gcr.io/distroless/base-debian12:nonroot' : 'gcr.io/distroless/static-debian12:nonroot',
      user: 'nonroot',
    }),
    slim: () => ({ image: 'debian:bookworm-slim', user: NONROOT_UID }),
    alpine: ({ cgo }) =>
      cgo
        ? { refused: 'a cgo binary built on glibc does not run on alpine (musl)' }
        : { image: 'alpine:3.20', user: NONROOT_UID },
  },
  java: {
    distroless: ({ javaMajor }) =>
      DISTROLESS_JAVA.has(javaMajor!)
        ? { image: `gcr.io/distroless/java${javaMajor}-debian12:nonroot`, user: 'nonroot' }
        : { refused: `distroless has no Java ${javaMajor} image` },
    slim: ({ javaMajor }) => ({ image: `eclipse-temurin:${javaMajor}-jre`, user: NONROOT_UID }),
    alpine: ({ javaMajor }) => ({ image: `eclipse-temurin:${javaMajor}-jre-alpine`, user: NONROOT_UID }),
  },
};

export function runnerFor(
  ecosystem: Ecosystem,
  runner: RunnerKind,
  query: RunnerQuery,
): RunnerChoice | { refused: string } {
  return TABLE[ecosystem][runner](query);
}
