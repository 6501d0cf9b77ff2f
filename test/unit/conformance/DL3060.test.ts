// hadolint DL3060 (`yarn cache clean` after yarn install) ↔ package-manager-cache.
import { conformance, lines } from '../../support/conformance';

const from = 'FROM node:20-alpine';
conformance('DL3060', [
  { behaviour: 'a RUN without yarn', hadolintReports: false, dockerfile: lines(from, 'RUN node --version') },
  {
    behaviour: 'yarn install without a cache clean',
    hadolintReports: true,
    dockerfile: lines(from, 'RUN yarn install --frozen-lockfile'),
  },
  {
    behaviour: 'yarn install then yarn cache clean',
    hadolintReports: false,
    dockerfile: lines(from, 'RUN yarn install --frozen-lockfile && yarn cache clean'),
  },
  {
    behaviour: 'a cache clean before the install cleans nothing it adds',
    hadolintReports: true,
    dockerfile: lines(from, 'RUN yarn cache clean && yarn install --frozen-lockfile'),
  },
  {
    behaviour: 'a cache mount on /root/.cache/yarn',
    hadolintReports: false,
    dockerfile: lines(from, 'RUN --mount=type=cache,target=/root/.cache/yarn yarn install'),
  },
  {
    behaviour: 'a tmpfs mount on /root/.cache/yarn',
    hadolintReports: false,
    dockerfile: lines(from, 'RUN --mount=type=tmpfs,target=/root/.cache/yarn yarn install'),
  },
  {
    behaviour: 'a cache mount somewhere else',
    hadolintReports: true,
    dockerfile: lines(from, 'RUN --mount=type=cache,target=/var/lib/other yarn install'),
  },
  {
    behaviour: 'a tmpfs mount somewhere else',
    hadolintReports: true,
    dockerfile: lines(from, 'RUN --mount=type=tmpfs,target=/var/lib/other yarn install'),
  },
  {
    behaviour: 'yarn install in the last stage',
    hadolintReports: true,
    dockerfile: lines('FROM node:20-alpine AS prep', 'RUN node --version', 'FROM node:20-alpine', 'RUN yarn install'),
  },
  {
    behaviour: 'a parent stage the image is built FROM keeps its yarn cache',
    hadolintReports: true,
    dockerfile: lines('FROM node:20-alpine AS deps', 'RUN yarn install', 'FROM deps', 'CMD ["node", "index.js"]'),
  },
  {
    behaviour: 'a parent stage that cleans its yarn cache',
    hadolintReports: false,
    dockerfile: lines(
      'FROM node:20-alpine AS deps',
      'RUN yarn install && yarn cache clean',
      'FROM deps',
      'CMD ["node", "index.js"]',
    ),
  },
  {
    behaviour: 'a builder stage nothing is built FROM',
    hadolintReports: false,
    dockerfile: lines(
      'FROM node:20-alpine AS deps',
      'RUN yarn install',
      'FROM node:20-alpine',
      'CMD ["node", "index.js"]',
    ),
  },
]);
