// hadolint DL3067 (do not copy a whole filesystem from another stage) ↔ copy-whole-stage.
import { conformance, lines } from '../../support/conformance';

const build = 'FROM golang:1.22 AS build\nRUN go build -o /out/app .\n';
conformance('DL3067', [
  {
    behaviour: 'the root of another stage copied onto the root',
    hadolintReports: true,
    dockerfile: build + lines('FROM debian:12-slim', 'COPY --from=build / /'),
  },
  {
    behaviour: 'quoted root paths',
    hadolintReports: true,
    dockerfile: build + lines('FROM debian:12-slim', 'COPY --from=build "/" "/"'),
  },
  {
    behaviour: 'the build context copied onto the root (no --from)',
    hadolintReports: false,
    dockerfile: lines('FROM debian:12-slim', 'COPY / /'),
  },
  {
    behaviour: 'one folder of another stage copied onto the root',
    hadolintReports: false,
    dockerfile: build + lines('FROM debian:12-slim', 'COPY --from=build /out /'),
  },
  {
    behaviour: 'the root of another stage copied into a subfolder',
    hadolintReports: false,
    dockerfile: build + lines('FROM debian:12-slim', 'COPY --from=build / /app'),
  },
]);
