// hadolint DL3020 (use COPY instead of ADD for files and folders) ↔ add-instead-of-copy.
import { conformance, lines } from '../../support/conformance';

const url =
  'the download stays in its own layer and is not verified: Layerwise reports ADD of a URL too (with its own message, no COPY fix)';
conformance('DL3020', [
  {
    behaviour: 'ADD of a tar archive (extracted)',
    hadolintReports: false,
    dockerfile: lines('FROM debian:12-slim', 'ADD vendor.tar /opt/'),
  },
  {
    behaviour: 'ADD of a .gz file (Docker extracts it when its content is a tar)',
    hadolintReports: false,
    dockerfile: lines('FROM debian:12-slim', 'ADD data.gz /opt/'),
  },
  {
    behaviour: 'ADD of a .bz2 file',
    hadolintReports: false,
    dockerfile: lines('FROM debian:12-slim', 'ADD data.bz2 /opt/'),
  },
  {
    behaviour: 'ADD of a .xz file',
    hadolintReports: false,
    dockerfile: lines('FROM debian:12-slim', 'ADD data.xz /opt/'),
  },
  {
    behaviour: 'ADD of a .tgz file',
    hadolintReports: false,
    dockerfile: lines('FROM debian:12-slim', 'ADD vendor.tgz /opt/'),
  },
  {
    behaviour: 'ADD of a URL',
    hadolintReports: false,
    differsBecause: url,
    dockerfile: lines('FROM debian:12-slim', 'ADD https://example.com/tool /usr/local/bin/tool'),
  },
  {
    behaviour: 'ADD of a plain file',
    hadolintReports: true,
    dockerfile: lines('FROM debian:12-slim', 'ADD app.conf /etc/app/'),
  },
  {
    behaviour: 'ADD of a .zip (Docker never extracts zip)',
    hadolintReports: true,
    dockerfile: lines('FROM debian:12-slim', 'ADD site.zip /srv/'),
  },
  {
    behaviour: 'ADD of a quoted .tgz',
    hadolintReports: false,
    dockerfile: lines('FROM debian:12-slim', 'ADD "vendor.tgz" /opt/'),
  },
  {
    behaviour: 'ADD of a quoted URL',
    hadolintReports: false,
    differsBecause: url,
    dockerfile: lines('FROM debian:12-slim', 'ADD "https://example.com/tool" /usr/local/bin/tool'),
  },
  {
    behaviour: 'ADD of a quoted .zip',
    hadolintReports: true,
    dockerfile: lines('FROM debian:12-slim', 'ADD "site.zip" /srv/'),
  },
]);
