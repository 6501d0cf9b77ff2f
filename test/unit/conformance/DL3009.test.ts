// hadolint DL3009 (delete the apt lists after installing) ↔ apt-lists-not-removed.
import { conformance, lines } from '../../support/conformance';

const installAndClean = 'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*';
conformance('DL3009', [
  {
    behaviour: 'update and install without removing the lists',
    hadolintReports: true,
    dockerfile: lines('FROM debian:12-slim', 'RUN apt-get update && apt-get install -y curl'),
  },
  {
    behaviour: 'a builder stage nothing ships keeps its lists',
    hadolintReports: false,
    dockerfile: lines(
      'FROM debian:12-slim AS fetch',
      'RUN apt-get update && apt-get install -y curl',
      'FROM alpine:3.20',
      'RUN echo ready',
    ),
  },
  {
    behaviour: 'the last stage installs without removing the lists',
    hadolintReports: true,
    dockerfile: lines(
      'FROM debian:12-slim AS prep',
      'RUN echo prep',
      'FROM debian:12-slim',
      'RUN apt-get update && apt-get install -y curl',
    ),
  },
  {
    behaviour: 'a parent stage the image is built FROM keeps its lists',
    hadolintReports: true,
    dockerfile: lines(
      'FROM debian:12-slim AS base',
      'RUN apt-get update && apt-get install -y curl',
      'FROM base',
      'RUN echo child',
    ),
  },
  {
    behaviour: 'a parent stage that removes its lists',
    hadolintReports: false,
    dockerfile: lines('FROM debian:12-slim AS base', installAndClean, 'FROM base', 'RUN echo child'),
  },
  {
    behaviour: 'update, install and removal in one RUN',
    hadolintReports: false,
    dockerfile: lines('FROM debian:12-slim', installAndClean),
  },
  {
    behaviour: 'a cache mount on /var/lib/apt/lists keeps the lists out of the layer',
    hadolintReports: false,
    dockerfile: lines(
      'FROM debian:12-slim',
      'RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y curl',
    ),
  },
  {
    behaviour: 'cache mounts on /var/lib/apt and /var/cache/apt with docker-clean removed in the same RUN',
    hadolintReports: false,
    dockerfile: lines(
      'FROM debian:12-slim',
      'RUN --mount=type=cache,target=/var/lib/apt --mount=type=cache,target=/var/cache/apt \\',
      '    rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update && apt-get install -y curl',
    ),
  },
  {
    behaviour: 'docker-clean removed by an earlier RUN, both apt folders mounted',
    hadolintReports: false,
    dockerfile: lines(
      'FROM debian:12-slim',
      'RUN rm -f /etc/apt/apt.conf.d/docker-clean',
      'RUN --mount=type=cache,target=/var/cache/apt \\',
      '    --mount=type=cache,target=/var/lib/apt \\',
      '    apt-get update && apt-get install -y curl',
    ),
  },
  {
    behaviour: 'only the archive cache is mounted: the lists stay in the layer',
    hadolintReports: true,
    dockerfile: lines(
      'FROM debian:12-slim',
      'RUN --mount=type=cache,target=/var/cache/apt \\',
      '    rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update && apt-get install -y curl',
    ),
  },
  {
    behaviour: 'only /var/lib/apt is mounted after docker-clean was removed: the downloaded .debs stay in the layer',
    hadolintReports: true,
    dockerfile: lines(
      'FROM debian:12-slim',
      'RUN rm -f /etc/apt/apt.conf.d/docker-clean',
      'RUN --mount=type=cache,target=/var/lib/apt \\',
      '    apt-get update && apt-get install -y curl',
    ),
  },
  {
    behaviour: 'tmpfs mounts on both apt folders',
    hadolintReports: false,
    dockerfile: lines(
      'FROM debian:12-slim',
      'RUN \\',
      '  --mount=type=tmpfs,target=/var/cache/apt \\',
      '  --mount=type=tmpfs,target=/var/lib/apt \\',
      '  apt-get update',
    ),
  },
  {
    behaviour: 'a tmpfs mount on the archives and a cache mount on the lists',
    hadolintReports: false,
    dockerfile: lines(
      'FROM debian:12-slim',
      'RUN \\',
      '  --mount=type=tmpfs,target=/var/cache/apt \\',
      '  --mount=type=cache,target=/var/lib/apt \\',
      '  apt-get update',
    ),
  },
  {
    behaviour: 'a cache mount on the archives and a tmpfs mount on the lists',
    hadolintReports: false,
    dockerfile: lines(
      'FROM debian:12-slim',
      'RUN \\',
      '  --mount=type=cache,target=/var/cache/apt \\',
      '  --mount=type=tmpfs,target=/var/lib/apt \\',
      '  apt-get update',
    ),
  },
  {
    behaviour: 'cache mounts on both apt folders',
    hadolintReports: false,
    dockerfile: lines(
      'FROM debian:12-slim',
      'RUN \\',
      '  --mount=type=cache,target=/var/cache/apt \\',
      '  --mount=type=cache,target=/var/lib/apt \\',
      '  apt-get update',
    ),
  },
  {
    behaviour: '`apt update && apt install` without removing the lists',
    hadolintReports: true,
    dockerfile: lines('FROM ubuntu:24.04', 'RUN apt update && apt install -y curl'),
  },
  {
    behaviour: '`apt` with the lists removed',
    hadolintReports: false,
    dockerfile: lines('FROM ubuntu:24.04', 'RUN apt update && apt install -y curl && rm -rf /var/lib/apt/lists/*'),
  },
  {
    behaviour: '`aptitude update && aptitude install` without removing the lists',
    hadolintReports: true,
    dockerfile: lines('FROM debian:12-slim', 'RUN aptitude update && aptitude install -y curl'),
  },
  {
    behaviour: '`aptitude` with the lists removed',
    hadolintReports: false,
    dockerfile: lines(
      'FROM debian:12-slim',
      'RUN aptitude update && aptitude install -y curl && rm -rf /var/lib/apt/lists/*',
    ),
  },
  {
    behaviour: 'an ONBUILD install in a parent stage runs in the shipped child',
    hadolintReports: true,
    dockerfile: lines(
      'FROM debian:12-slim AS base',
      'ONBUILD RUN apt-get update && apt-get install -y curl',
      'FROM base',
      'CMD ["curl", "--version"]',
    ),
  },
  {
    behaviour: 'an ONBUILD install in the shipped stage ships in every child image',
    hadolintReports: true,
    dockerfile: lines('FROM debian:12-slim', 'ONBUILD RUN apt-get update && apt-get install -y curl'),
  },
  {
    behaviour: 'an ONBUILD install in a builder stage no stage is built FROM',
    hadolintReports: true,
    differsBecause: 'the trigger only runs in an image built FROM that stage, and no shipped stage is',
    dockerfile: lines(
      'FROM debian:12-slim AS tools',
      'ONBUILD RUN apt-get update && apt-get install -y curl',
      'FROM alpine:3.20',
      'RUN echo ready',
    ),
  },
]);
