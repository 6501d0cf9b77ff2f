// hadolint DL3032 (`yum clean all` after yum) ↔ package-manager-cache.
import { conformance, lines } from '../../support/conformance';

conformance('DL3032', [
  {
    behaviour: 'yum install without a clean',
    hadolintReports: true,
    dockerfile: lines('FROM rockylinux:9', 'RUN yum install -y httpd-2.4.57'),
  },
  {
    behaviour: 'yum install then yum clean all',
    hadolintReports: false,
    dockerfile: lines('FROM rockylinux:9', 'RUN yum install -y httpd && yum clean all'),
  },
  {
    behaviour: 'a RUN without yum',
    hadolintReports: false,
    dockerfile: lines('FROM rockylinux:9', 'RUN bash -c "echo no package manager here"'),
  },
  {
    behaviour: 'yum install then rm -rf /var/cache/yum/*',
    hadolintReports: false,
    dockerfile: lines('FROM rockylinux:9', 'RUN yum install -y httpd && rm -rf /var/cache/yum/*'),
  },
  {
    behaviour: 'a clean before the install cleans nothing the install adds',
    hadolintReports: true,
    dockerfile: lines('FROM rockylinux:9', 'RUN yum clean all && yum install -y httpd'),
  },
]);
