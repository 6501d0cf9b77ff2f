import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../server/src/rules/unnamed-stage';
import { runRule, covered, checkFix } from '../../support/ruleTest';

test('flags unnamed builder stages on the image and --from=<index> on the digits; the last stage may stay unnamed', () => {
  const text = 'FROM golang:1.22\nRUN go build -o /app .\nFROM scratch\nCOPY --from=0 /app /app\n';
  const findings = runRule(rule, text);
  assert.deepEqual(
    findings.map((f) => covered(text, f)),
    ['golang:1.22', '0'],
  );
  assert.match(findings[0].message, /Stage 0 .*has no name.*`FROM golang:1.22 AS build`/);
  assert.match(findings[1].message, /picks a stage by position.*\(`build`\)/);
});

test('numeric references to named stages, and RUN --mount from=<index>', () => {
  const text =
    'FROM node:20 AS deps\nRUN npm ci\nFROM node:20-slim\nRUN --mount=type=bind,from=0,source=/x,target=/y true\nCOPY --from=0 /app /app\n';
  const findings = runRule(rule, text);
  assert.deepEqual(
    findings.map((f) => [f.range.start.line, covered(text, f)]),
    [
      [3, '0'],
      [4, '0'],
    ],
  );
  assert.match(findings[0].message, /\(`deps`\)/);
});

test('accepts single-stage files and fully named multi-stage files', () => {
  assert.deepEqual(runRule(rule, 'FROM node:20\nRUN true\n'), []);
  assert.deepEqual(
    runRule(
      rule,
      'FROM node:20 AS build\nRUN true\nFROM node:20-slim\nCOPY --from=build /a /a\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\n',
    ),
    [],
  );
});

test('fix names the stage and rewrites every positional reference (safe)', () => {
  checkFix(
    rule,
    'FROM golang:1.22\nRUN go build -o /app .\nFROM scratch\nCOPY --from=0 /app /app\nRUN --mount=type=bind,from=0,target=/x true\n',
    'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nRUN --mount=type=bind,from=build,target=/x true\n',
  );
  checkFix(
    rule,
    'FROM node:20 AS deps\nFROM node:20-slim\nCOPY --from=0 /a /a\n',
    'FROM node:20 AS deps\nFROM node:20-slim\nCOPY --from=deps /a /a\n',
  );
  assert.equal(runRule(rule, 'FROM node:18\nFROM alpine:3.20\nCOPY --from=0 /a /a\n')[0].fixes?.[0].safe, true);
});

test('chosen names never collide with stage names, images or --from values already in the file', () => {
  // `node` is also a --from image reference later in the file: naming the stage `node` would change that COPY.
  const text =
    'FROM node:18\nRUN yarn install\nFROM clux/muslrust:stable\nFROM alpine:3.20\nCOPY --from=0 /a /a\nCOPY --from=1 /b /b\nCOPY --from=node /usr/local/bin/node /node\n';
  const names = runRule(rule, text)
    .filter((f) => f.range.start.line < 3)
    .map((f) => f.fixes?.[0].edits[0]);
  assert.deepEqual(
    names.map((e) => (e as { newText: string }).newText),
    [' AS node-2', ' AS muslrust'],
  );
});

test('a --from naming no earlier stage: a bare word, a stage further down, a number that is not an earlier stage', () => {
  const text =
    'FROM alpine:3.20\nCOPY --from=assets dist /srv/\nCOPY --from=0 /a /b\nCOPY --from=web /c /d\nCOPY --from=nginx:1.27 /e /f\nFROM node:20 AS web\nRUN true\n';
  const findings = runRule(rule, text).filter(
    (f) => /--from|stage is named/.test(f.message) && !/has no name/.test(f.message),
  );
  assert.deepEqual(
    findings.map((f) => covered(text, f)),
    ['assets', '0', 'web'],
  );
  assert.match(findings[0].message, /pulls an image called `assets:latest`/);
  assert.match(findings[1].message, /this stage itself/);
  assert.match(findings[2].message, /further down/);
});
