// hadolint DL3002 (last USER should not be root) ↔ root-user.
import { conformance, lines } from '../../support/conformance';

conformance('DL3002', [
  {
    behaviour: 'the image ends as USER root',
    hadolintReports: true,
    dockerfile: lines('FROM alpine:3.20', 'USER root'),
  },
  {
    behaviour: 'the image ends as a named unprivileged user',
    hadolintReports: false,
    dockerfile: lines('FROM alpine:3.20', 'USER app'),
  },
  { behaviour: 'the image ends as uid 0', hadolintReports: true, dockerfile: lines('FROM alpine:3.20', 'USER 0') },
  {
    behaviour: 'the image ends as root:root',
    hadolintReports: true,
    dockerfile: lines('FROM alpine:3.20', 'USER root:root'),
  },
  { behaviour: 'the image ends as 0:0', hadolintReports: true, dockerfile: lines('FROM alpine:3.20', 'USER 0:0') },
  {
    behaviour: 'root for a step, then back to an unprivileged user',
    hadolintReports: false,
    dockerfile: lines('FROM alpine:3.20', 'USER root', 'RUN apk add --no-cache tini', 'USER app'),
  },
  {
    behaviour: 'a stage built FROM a parent stage that ends as root inherits root',
    hadolintReports: true,
    dockerfile: lines('FROM debian:12-slim AS base', 'USER root', 'RUN mkdir /data', 'FROM base', 'RUN touch /data/x'),
  },
  {
    behaviour: 'a builder stage that ends as root while the shipped stage switches user',
    hadolintReports: true,
    differsBecause: 'only the shipped stage decides who the container runs as; the builder image is thrown away',
    dockerfile: lines(
      'FROM debian:12-slim AS build',
      'USER root',
      'RUN make',
      'FROM alpine:3.20',
      'USER app',
      'CMD ["/app"]',
    ),
  },
  {
    behaviour: 'a shipped stage with no USER at all runs as root',
    hadolintReports: false,
    differsBecause: 'an image with no USER runs as root just as surely as one saying USER root',
    dockerfile: lines(
      'FROM debian:12-slim AS build',
      'USER root',
      'RUN make',
      'USER builder',
      'FROM alpine:3.20',
      'COPY --from=build /out /app',
    ),
  },
]);
