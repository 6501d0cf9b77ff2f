// hadolint DL3036 (`zypper clean` after zypper) ↔ package-manager-cache.
import { conformance, lines } from '../../support/conformance';

conformance('DL3036', [
  {
    behaviour: 'zypper install without a clean',
    hadolintReports: true,
    dockerfile: lines('FROM opensuse/leap:15.6', 'RUN zypper install -y nginx=1.21'),
  },
  {
    behaviour: 'zypper install then zypper clean',
    hadolintReports: false,
    dockerfile: lines('FROM opensuse/leap:15.6', 'RUN zypper install -y nginx && zypper clean'),
  },
  {
    behaviour: 'zypper install then zypper cc (the short form)',
    hadolintReports: false,
    dockerfile: lines('FROM opensuse/leap:15.6', 'RUN zypper install -y nginx && zypper cc'),
  },
  {
    behaviour: 'a clean before the install cleans nothing the install adds',
    hadolintReports: true,
    dockerfile: lines('FROM opensuse/leap:15.6', 'RUN zypper clean && zypper install -y nginx'),
  },
  {
    behaviour: 'a cache mount on /var/cache/zypp',
    hadolintReports: false,
    dockerfile: lines(
      'FROM opensuse/leap:15.6',
      'RUN --mount=type=cache,target=/var/cache/zypp zypper install -y nginx',
    ),
  },
  {
    behaviour: 'a tmpfs mount on /var/cache/zypp',
    hadolintReports: false,
    dockerfile: lines(
      'FROM opensuse/leap:15.6',
      'RUN --mount=type=tmpfs,target=/var/cache/zypp zypper install -y nginx',
    ),
  },
]);
