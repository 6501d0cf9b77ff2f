// hadolint DL3040 (`dnf clean all` after dnf/microdnf) ↔ package-manager-cache.
import { conformance, lines, type PeerCase } from '../../support/conformance';

const from = 'FROM fedora:40';
const verbs = ['install', 'in', 'upgrade', 'up', 'upgrade-minimal', 'up-min', 'reinstall', 'rei'];
conformance('DL3040', [
  {
    behaviour: 'dnf install without a clean',
    hadolintReports: true,
    dockerfile: lines(from, 'RUN dnf install -y nginx-1.24'),
  },
  {
    behaviour: 'microdnf install without a clean',
    hadolintReports: true,
    dockerfile: lines(from, 'RUN microdnf install -y nginx'),
  },
  {
    behaviour: 'dnf install then dnf clean all',
    hadolintReports: false,
    dockerfile: lines(from, 'RUN dnf install -y nginx && dnf clean all'),
  },
  {
    behaviour: 'microdnf install then microdnf clean all',
    hadolintReports: false,
    dockerfile: lines(from, 'RUN microdnf install -y nginx && microdnf clean all'),
  },
  {
    behaviour: 'a program that merely ends in "dnf"',
    hadolintReports: false,
    dockerfile: lines(from, 'RUN mydnf install nginx'),
  },
  {
    behaviour: 'dnf install then rm -rf /var/cache/yum/*',
    hadolintReports: false,
    dockerfile: lines(from, 'RUN dnf install -y nginx && rm -rf /var/cache/yum/*'),
  },
  {
    behaviour: 'microdnf install then rm -rf /var/cache/yum/*',
    hadolintReports: false,
    dockerfile: lines(from, 'RUN microdnf install -y nginx && rm -rf /var/cache/yum/*'),
  },
  {
    behaviour: 'microdnf clean all before a dnf install',
    hadolintReports: true,
    dockerfile: lines(from, 'RUN microdnf clean all && dnf install -y nginx'),
  },
  {
    behaviour: 'removing /var/cache/libdnf5 before the install',
    hadolintReports: true,
    dockerfile: lines(from, 'RUN rm -rf /var/cache/libdnf5 && dnf install -y nginx'),
  },
  {
    behaviour: 'removing /var/cache/libdnf5 before a microdnf install',
    hadolintReports: true,
    dockerfile: lines(from, 'RUN rm -rf /var/cache/libdnf5 && microdnf install -y nginx'),
  },
  {
    behaviour: 'a cache mount on /var/cache/libdnf5',
    hadolintReports: false,
    dockerfile: lines(from, 'RUN --mount=type=cache,target=/var/cache/libdnf5 dnf install -y nginx'),
  },
  {
    behaviour: 'a tmpfs mount on /var/cache/libdnf5 for microdnf',
    hadolintReports: false,
    dockerfile: lines(from, 'RUN --mount=type=tmpfs,target=/var/cache/libdnf5 microdnf install -y nginx'),
  },
  ...verbs.map(
    (verb): PeerCase => ({
      behaviour: `dnf ${verb} fills the cache`,
      hadolintReports: true,
      dockerfile: lines(from, `RUN dnf -y ${verb}`),
    }),
  ),
  ...verbs.map(
    (verb): PeerCase => ({
      behaviour: `dnf ${verb} then dnf clean all`,
      hadolintReports: false,
      dockerfile: lines(from, `RUN dnf -y ${verb} && dnf clean all`),
    }),
  ),
]);
