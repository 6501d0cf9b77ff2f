// hadolint DL3015 (avoid additional packages: --no-install-recommends) ↔ apt-recommends.
import { conformance, lines } from '../../support/conformance';

conformance('DL3015', [
  {
    behaviour: 'install with --no-install-recommends',
    hadolintReports: false,
    dockerfile: lines('FROM debian:12-slim', 'RUN apt-get install --no-install-recommends -y jq'),
  },
  {
    behaviour: 'install without --no-install-recommends',
    hadolintReports: true,
    dockerfile: lines('FROM debian:12-slim', 'RUN apt-get install jq'),
  },
  {
    behaviour: 'an option before the install verb does not hide it',
    hadolintReports: true,
    dockerfile: lines('FROM debian:12-slim', 'RUN apt-get -y install jq'),
  },
  {
    behaviour: 'recommends turned off with -o APT::Install-Recommends=false',
    hadolintReports: false,
    dockerfile: lines('FROM debian:12-slim', 'RUN apt-get -o APT::Install-Recommends=false install -y jq'),
  },
  {
    behaviour: 'an ONBUILD install in the shipped stage ships in every child image',
    hadolintReports: true,
    dockerfile: lines('FROM debian:12-slim', 'ONBUILD RUN apt-get install -y jq'),
  },
  {
    behaviour: 'an ONBUILD install with --no-install-recommends',
    hadolintReports: false,
    dockerfile: lines('FROM debian:12-slim', 'ONBUILD RUN apt-get install --no-install-recommends -y jq'),
  },
]);
