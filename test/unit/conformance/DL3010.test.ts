// hadolint DL3010 (an archive COPY'd then extracted) ↔ archive-copied-then-extracted.
import { conformance, lines } from '../../support/conformance';

conformance('DL3010', [
  {
    behaviour: 'an archive copied into a folder, then extracted by its full path',
    hadolintReports: true,
    dockerfile: lines('FROM debian:12-slim', 'COPY release.tar /opt/app', 'RUN tar -xf /opt/app/release.tar'),
  },
  {
    behaviour: 'an archive extracted by its name after WORKDIR, late in a command list',
    hadolintReports: true,
    dockerfile: lines(
      'FROM debian:12-slim',
      'COPY release.tar /opt/app',
      'WORKDIR /opt/app',
      'RUN echo unpacking && tar -xf release.tar',
    ),
  },
  {
    behaviour: 'an archive copied under another name, extracted by that name',
    hadolintReports: true,
    dockerfile: lines('FROM debian:12-slim', 'COPY dist/build/release.tar /release.tar', 'RUN tar -xf /release.tar'),
  },
  {
    behaviour: 'Windows paths (with the backtick escape Windows Dockerfiles use)',
    hadolintReports: true,
    dockerfile: lines(
      '# escape=`',
      'FROM mcr.microsoft.com/windows/servercore:ltsc2022',
      'COPY out\\pkg\\tools.tar.gz "C:\\Program Files\\Tools"',
      'RUN tar -xf "C:\\Program Files\\Tools\\tools.tar.gz"',
    ),
  },
  {
    behaviour: 'Windows paths with the archive renamed',
    hadolintReports: true,
    dockerfile: lines(
      '# escape=`',
      'FROM mcr.microsoft.com/windows/servercore:ltsc2022',
      'COPY out\\pkg\\tools.tar.gz "C:\\Program Files\\bundle.tar.gz"',
      'RUN tar -xf bundle.tar.gz',
    ),
  },
  {
    behaviour: 'an archive copied and never extracted',
    hadolintReports: false,
    dockerfile: lines('FROM debian:12-slim', 'COPY release.tar /opt/app', 'FROM debian:12 AS next', 'RUN true'),
  },
  {
    behaviour: 'a file that is no archive',
    hadolintReports: false,
    dockerfile: lines('FROM node:20-slim', 'COPY package.json /opt/app/'),
  },
  {
    behaviour: 'an archive copied from another stage',
    hadolintReports: false,
    dockerfile: lines('FROM debian:12-slim', 'COPY --from=builder /usr/local/share/bundle.tar /opt/bundle.tar'),
  },
  {
    behaviour: 'a builder stage that copies and extracts an archive nothing ships',
    hadolintReports: true,
    differsBecause: "the archive stays in the builder's layer only; the shipped stage copies the extracted files",
    dockerfile: lines(
      'FROM debian:12-slim AS unpack',
      'COPY release.tar /src/',
      'RUN tar -xf /src/release.tar -C /src',
      'FROM debian:12-slim',
      'COPY --from=unpack /src/app /app',
    ),
  },
]);
