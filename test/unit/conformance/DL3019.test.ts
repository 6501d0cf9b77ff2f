// hadolint DL3019 (apk add --no-cache) ↔ package-manager-cache.
import { conformance, lines } from '../../support/conformance';

conformance('DL3019', [
  {
    behaviour: 'apk add without --no-cache',
    hadolintReports: true,
    dockerfile: lines('FROM alpine:3.20', 'RUN apk add jq=1.7.1-r0'),
  },
  {
    behaviour: 'apk add --no-cache',
    hadolintReports: false,
    dockerfile: lines('FROM alpine:3.20', 'RUN apk add --no-cache jq=1.7.1-r0'),
  },
  {
    behaviour: 'a cache mount on /var/cache/apk',
    hadolintReports: false,
    dockerfile: lines('FROM alpine:3.20', 'RUN --mount=type=cache,target=/var/cache/apk apk add -U jq'),
  },
  {
    behaviour: 'a tmpfs mount on /var/cache/apk',
    hadolintReports: false,
    dockerfile: lines('FROM alpine:3.20', 'RUN --mount=type=tmpfs,target=/var/cache/apk apk add -U jq'),
  },
  {
    behaviour: '--no-cache with an unrelated cache mount',
    hadolintReports: false,
    dockerfile: lines('FROM alpine:3.20', 'RUN --mount=type=cache,target=/var/cache/other apk add --no-cache -U jq'),
  },
  {
    behaviour: "a cache mount somewhere else does not keep apk's cache out",
    hadolintReports: true,
    dockerfile: lines('FROM alpine:3.20', 'RUN --mount=type=cache,target=/var/cache/other apk add -U jq'),
  },
  {
    behaviour: "a tmpfs mount somewhere else does not keep apk's cache out",
    hadolintReports: true,
    dockerfile: lines('FROM alpine:3.20', 'RUN --mount=type=tmpfs,target=/var/cache/other apk add -U jq'),
  },
]);
