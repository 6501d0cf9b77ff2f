// hadolint DL3046 (useradd with a high UID needs -l) ↔ useradd-high-uid.
import { conformance, lines } from '../../support/conformance';

const from = 'FROM debian:12-slim';
conformance('DL3046', [
  { behaviour: 'useradd with no UID', hadolintReports: false, dockerfile: lines(from, 'RUN useradd app') },
  {
    behaviour: 'useradd with a five-digit UID',
    hadolintReports: false,
    dockerfile: lines(from, 'RUN useradd -u 54321 app'),
  },
  {
    behaviour: 'useradd with a six-digit UID and -l',
    hadolintReports: false,
    dockerfile: lines(from, 'RUN useradd -l -u 654321 app'),
  },
  { behaviour: 'useradd with -l and no UID', hadolintReports: false, dockerfile: lines(from, 'RUN useradd -l app') },
  {
    behaviour: 'useradd with a six-digit UID and no -l',
    hadolintReports: true,
    dockerfile: lines(from, 'RUN useradd -u 654321 app'),
  },
]);
