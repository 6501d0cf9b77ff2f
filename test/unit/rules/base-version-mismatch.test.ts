import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../server/src/rules/base-version-mismatch';
import { runRule, covered } from '../../support/ruleTest';

test('build on node 20.11, run on 20.9: flagged on the runner image, naming both', () => {
  const text =
    'FROM node:20.11 AS build\nRUN npm ci && npm run build\nFROM node:20.9-slim\nCOPY --from=build /app /app\n';
  const [f, ...rest] = runRule(rule, text);
  assert.equal(rest.length, 0);
  assert.equal(covered(text, f), 'node:20.9-slim');
  assert.match(
    f.message,
    /`node:20.9-slim` runs files built on `node:20.11` \(stage "build"\): version 20.11 vs 20.9.*same version/,
  );
});

test('ARG-resolved versions, distroless runtimes, Java lines, musl vs glibc, Debian releases', () => {
  const flagged = (text: string) => runRule(rule, text).map((f) => f.message.split('): ')[1].split('. Native')[0]);
  assert.deepEqual(
    flagged('ARG B=20.11\nARG R=20.9\nFROM node:${B} AS build\nFROM node:${R}-slim\nCOPY --from=build /a /a\n'),
    ['version 20.11 vs 20.9'],
  );
  assert.deepEqual(
    flagged('FROM node:18 AS build\nFROM gcr.io/distroless/nodejs20-debian12\nCOPY --from=build /a /a\n'),
    ['version 18 vs 20'],
  );
  assert.deepEqual(
    flagged('FROM eclipse-temurin:21-jdk AS build\nFROM eclipse-temurin:17-jre\nCOPY --from=build /a.jar /a.jar\n'),
    ['version 21 vs 17'],
  );
  assert.deepEqual(
    flagged(
      'FROM node:20-alpine AS deps\nRUN npm ci\nFROM node:20-slim\nCOPY --from=deps /app/node_modules ./node_modules\n',
    ),
    ['musl (alpine) vs glibc (Debian)'],
  );
  assert.deepEqual(
    flagged('FROM python:3.11-bookworm AS build\nFROM python:3.11-slim-bullseye\nCOPY --from=build /venv /venv\n'),
    ['bookworm vs bullseye (different glibc)'],
  );
});

test('accepts the same line written differently, unrelated stages, other families and moving tags', () => {
  assert.deepEqual(runRule(rule, 'FROM node:20 AS build\nFROM node:20.11-slim\nCOPY --from=build /a /a\n'), []);
  assert.deepEqual(
    runRule(
      rule,
      'FROM node:20-bookworm AS build\nFROM gcr.io/distroless/nodejs20-debian12\nCOPY --from=build /a /a\n',
    ),
    [],
  );
  assert.deepEqual(
    runRule(rule, 'FROM node:18 AS tools\nRUN true\nFROM node:20-slim\nRUN true\n'),
    [],
    'no files handed over',
  );
  assert.deepEqual(
    runRule(rule, 'FROM golang:1.22 AS build\nFROM debian:bookworm-slim\nCOPY --from=build /app /app\n'),
    [],
  );
  assert.deepEqual(runRule(rule, 'FROM node:lts AS build\nFROM node:20-slim\nCOPY --from=build /a /a\n'), []);
  assert.deepEqual(
    runRule(
      rule,
      'FROM eclipse-temurin:21-jdk-alpine AS build\nFROM eclipse-temurin:21-jre\nCOPY --from=build /a.jar /a.jar\n',
    ),
    [],
    'jars do not care about libc',
  );
});

test('follows transitive copies: runner ← build ← deps', () => {
  const text =
    'FROM node:20.11 AS deps\nRUN npm ci\nFROM node:20.11 AS build\nCOPY --from=deps /app/node_modules ./node_modules\nFROM node:20.9-slim\nCOPY --from=build /app /app\n';
  assert.equal(runRule(rule, text).length, 1, 'one finding per difference, not per source stage');
});
