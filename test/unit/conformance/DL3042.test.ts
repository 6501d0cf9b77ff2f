// hadolint DL3042 (pip install --no-cache-dir) ↔ package-manager-cache.
import { conformance, lines, type PeerCase } from '../../support/conformance';

const from = 'FROM python:3.12-slim';
const falsy =
  'pip turns its cache off for every valid PIP_NO_CACHE_DIR value, "0", "off", "no" and "false" included (kept that way for backwards compatibility), so these are clean';
const truthy = ['1', 'on', 'yes', 'true'];
const falsyValues = ['0', 'off', 'no', 'false'];
conformance('DL3042', [
  {
    behaviour: 'pip2 install without --no-cache-dir',
    hadolintReports: true,
    dockerfile: lines(from, 'RUN pip2 install requests'),
  },
  {
    behaviour: 'pip3 install without --no-cache-dir',
    hadolintReports: true,
    dockerfile: lines(from, 'RUN pip3 install requests'),
  },
  {
    behaviour: 'pip install without --no-cache-dir',
    hadolintReports: true,
    dockerfile: lines(from, 'RUN pip install requests'),
  },
  {
    behaviour: 'pip2 install with --no-cache-dir after the package',
    hadolintReports: false,
    dockerfile: lines(from, 'RUN pip2 install requests --no-cache-dir'),
  },
  {
    behaviour: 'pip3 install --no-cache-dir',
    hadolintReports: false,
    dockerfile: lines(from, 'RUN pip3 install --no-cache-dir requests'),
  },
  {
    behaviour: 'pip install with --no-cache-dir after the package',
    hadolintReports: false,
    dockerfile: lines(from, 'RUN pip install requests --no-cache-dir'),
  },
  { behaviour: 'pipx is another program', hadolintReports: false, dockerfile: lines(from, 'RUN pipx install black') },
  {
    behaviour: 'pipenv is another program',
    hadolintReports: false,
    dockerfile: lines(from, 'RUN pipenv install flask'),
  },
  ...truthy.map(
    (v): PeerCase => ({
      behaviour: `ENV PIP_NO_CACHE_DIR=${v}`,
      hadolintReports: false,
      dockerfile: lines(from, `ENV PIP_NO_CACHE_DIR=${v}`, 'RUN pip install requests'),
    }),
  ),
  ...truthy.map(
    (v): PeerCase => ({
      behaviour: `RUN PIP_NO_CACHE_DIR=${v} pip install`,
      hadolintReports: false,
      dockerfile: lines(from, `RUN PIP_NO_CACHE_DIR=${v} pip install requests`),
    }),
  ),
  ...truthy.map(
    (v): PeerCase => ({
      behaviour: `export PIP_NO_CACHE_DIR=${v} before pip install`,
      hadolintReports: false,
      dockerfile: lines(from, `RUN export PIP_NO_CACHE_DIR=${v} && pip install requests`),
    }),
  ),
  ...falsyValues.map(
    (v): PeerCase => ({
      behaviour: `ENV PIP_NO_CACHE_DIR=${v}`,
      hadolintReports: true,
      differsBecause: falsy,
      dockerfile: lines(from, `ENV PIP_NO_CACHE_DIR=${v}`, 'RUN pip install requests'),
    }),
  ),
  ...falsyValues.map(
    (v): PeerCase => ({
      behaviour: `RUN PIP_NO_CACHE_DIR=${v} pip install`,
      hadolintReports: true,
      differsBecause: falsy,
      dockerfile: lines(from, `RUN PIP_NO_CACHE_DIR=${v} pip install requests`),
    }),
  ),
  ...falsyValues.map(
    (v): PeerCase => ({
      behaviour: `export PIP_NO_CACHE_DIR=${v} before pip install`,
      hadolintReports: true,
      differsBecause: falsy,
      dockerfile: lines(from, `RUN export PIP_NO_CACHE_DIR=${v} && pip install requests`),
    }),
  ),
  {
    behaviour: 'PIP_NO_CACHE_DIR set in the parent stage carries over',
    hadolintReports: false,
    dockerfile: lines(
      'FROM python:3.12-slim AS base',
      'ENV PIP_NO_CACHE_DIR=1',
      'FROM base',
      'RUN pip install requests',
    ),
  },
  {
    behaviour: 'PIP_NO_CACHE_DIR set in an unrelated stage does not',
    hadolintReports: true,
    dockerfile: lines(
      'FROM python:3.12-slim AS base',
      'ENV PIP_NO_CACHE_DIR=1',
      'FROM python:3.12-slim',
      'RUN pip install requests',
    ),
  },
  {
    behaviour: 'a cache mount on /root/.cache/pip',
    hadolintReports: false,
    dockerfile: lines(from, 'RUN --mount=type=cache,target=/root/.cache/pip pip install requests'),
  },
  {
    behaviour: 'a tmpfs mount on /root/.cache/pip',
    hadolintReports: false,
    dockerfile: lines(from, 'RUN --mount=type=tmpfs,target=/root/.cache/pip pip install requests'),
  },
]);
