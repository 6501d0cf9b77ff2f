import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../server/src/rules/package-manager-cache';
import { runRule, covered, checkFix } from '../../support/ruleTest';

test('flags apk, pip, gem, dnf and npm caches, each on its install word', () => {
  const text = `${[
    'FROM python:3.12-slim',
    'RUN apk add curl',
    'RUN pip install -r requirements.txt',
    'RUN python3 -m pip install flask',
    'RUN gem install bundler',
    'RUN dnf install -y gcc',
    'RUN npm ci --omit=dev',
    'RUN yarn install --production',
  ].join('\n')}\n`;
  const findings = runRule(rule, text);
  assert.deepEqual(
    findings.map((f) => covered(text, f)),
    ['add', 'install', 'install', 'install', 'install', 'ci', 'install'],
  );
  assert.match(findings[0].message, /--no-cache/);
  assert.match(findings[1].message, /~\/\.cache\/pip.*--no-cache-dir/);
  assert.match(findings[5].message, /npm cache clean --force/);
});

test('accepts the no-cache flags, PIP_NO_CACHE_DIR, cleanup in the same RUN and cache mounts', () => {
  const ok = `${[
    'FROM python:3.12-slim',
    'RUN apk add --no-cache curl',
    'RUN pip install --no-cache-dir -r requirements.txt',
    'RUN gem install --no-document bundler',
    'RUN dnf install -y gcc && dnf clean all',
    'RUN npm ci --omit=dev && npm cache clean --force',
    'RUN yarn install --production && yarn cache clean',
    'RUN --mount=type=cache,target=/root/.npm npm ci',
    'RUN apk add curl && rm -rf /var/cache/apk/*',
    'ENV PIP_NO_CACHE_DIR=1',
    'RUN pip install flask',
  ].join('\n')}\n`;
  assert.deepEqual(
    runRule(rule, ok).map((f) => f.message),
    [],
  );
});

test('builder stages are not flagged: only the final stage and its FROM chain ship their layers', () => {
  const text =
    'FROM node:20 AS build\nRUN npm ci && npm run build\nRUN pip install x\nFROM node:20-slim\nCOPY --from=build /app/dist /app/dist\n';
  assert.deepEqual(runRule(rule, text), []);
});

test('hadolint pragmas (DL3019 apk, DL3042 pip) silence it', () => {
  assert.deepEqual(
    runRule(
      rule,
      'FROM alpine:3.20\n# hadolint ignore=DL3019\nRUN apk add curl\n# hadolint ignore=DL3042\nRUN pip install x\n',
    ),
    [],
  );
});

test('fixes: --no-cache, --no-cache-dir, --no-document, dnf clean all, npm cache clean (all safe)', () => {
  checkFix(rule, 'FROM alpine:3.20\nRUN apk add curl\n', 'FROM alpine:3.20\nRUN apk add --no-cache curl\n');
  checkFix(
    rule,
    'FROM python:3.12-slim\nRUN pip install -r requirements.txt\n',
    'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n',
  );
  checkFix(rule, 'FROM ruby:3\nRUN gem install bundler\n', 'FROM ruby:3\nRUN gem install --no-document bundler\n');
  checkFix(
    rule,
    'FROM fedora:40\nRUN dnf install -y gcc\n',
    'FROM fedora:40\nRUN dnf install -y gcc && dnf clean all\n',
  );
  checkFix(
    rule,
    'FROM node:20-slim\nRUN npm ci \\\n    --omit=dev\n',
    'FROM node:20-slim\nRUN npm ci \\\n    --omit=dev \\\n    && npm cache clean --force\n',
  );
  const text = 'FROM alpine:3.20\nRUN apk add curl\nRUN pip install x\n';
  assert.ok(runRule(rule, text).every((f) => f.fixes?.every((x) => x.safe)));
});

test('node installs in if/elif branches of one RUN are one finding', () => {
  const text =
    'FROM node:18-alpine\nRUN if [ -f yarn.lock ]; then yarn --frozen-lockfile; \\\n  elif [ -f package-lock.json ]; then npm ci; \\\n  else yarn install; fi\n';
  assert.equal(runRule(rule, text).length, 1);
});

test('seed: pnpm install in the final stage is flagged (no clean command to append: the message suggests a cache mount)', () => {
  const text = 'FROM node:20-slim\nRUN pnpm install --prod --frozen-lockfile\n';
  const [f] = runRule(rule, text);
  assert.equal(covered(text, f), 'install');
  assert.match(f.message, /RUN --mount=type=cache/);
  assert.equal(f.fixes, undefined);
  assert.deepEqual(
    runRule(rule, 'FROM node:20-slim\nRUN --mount=type=cache,id=pnpm,target=/pnpm/store pnpm install --prod\n'),
    [],
  );
});

test('zypper: reported without a clean after the install, and the fix appends `zypper clean --all`', () => {
  checkFix(
    rule,
    'FROM opensuse/leap:15.6\nRUN zypper install -y nginx\n',
    'FROM opensuse/leap:15.6\nRUN zypper install -y nginx && zypper clean --all\n',
  );
});

test('a clean before the install is not a clean; the fix appends one after it', () => {
  checkFix(
    rule,
    'FROM fedora:40\nRUN dnf clean all && dnf -y upgrade\n',
    'FROM fedora:40\nRUN dnf clean all && dnf -y upgrade && dnf clean all\n',
  );
});

test("ONBUILD RUN installs of the shipped stage are judged (they run in every child image); a builder stage's are not", () => {
  const text =
    'FROM node:20-alpine AS tools\nONBUILD RUN npm install -g pnpm\nFROM node:20-alpine\nONBUILD RUN apk add git\n';
  assert.deepEqual(
    runRule(rule, text).map((f) => covered(text, f)),
    ['add'],
  );
});

test("a mount on another manager's cache keeps nothing out: pip next to a /root/.npm cache mount is reported", () => {
  const text = 'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.npm pip install flask\n';
  assert.deepEqual(
    runRule(rule, text).map((f) => covered(text, f)),
    ['install'],
  );
});
