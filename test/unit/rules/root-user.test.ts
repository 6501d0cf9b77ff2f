import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../server/src/rules/root-user';
import { runRule, covered, checkFix } from '../../support/ruleTest';

test('flags a final stage without USER and offers USER node before CMD on node images', () => {
  const text = 'FROM node:20-slim\nCOPY . .\nCMD ["node", "server.js"]\n';
  const [f] = runRule(rule, text);
  assert.ok(f, 'expected a finding');
  assert.match(f.message, /USER node/);
  const edit = f.fixes?.[0].edits[0] as { range: { start: { line: number } }; newText: string };
  assert.equal(edit.range.start.line, 2);
  assert.equal(edit.newText, 'USER node\n');
});

test('flags USER root explicitly, on the user name', () => {
  const [f] = runRule(rule, 'FROM debian:12\nUSER root\n');
  assert.deepEqual(f.range, { start: { line: 1, character: 5 }, end: { line: 1, character: 9 } });
});

test('only the final stage counts; USER in a parent stage carries over; distroless nonroot is fine', () => {
  assert.deepEqual(runRule(rule, 'FROM node:20 AS build\nRUN npm ci\nFROM node:20-slim\nUSER node\n'), []);
  assert.deepEqual(runRule(rule, 'FROM node:20-slim AS base\nUSER node\nFROM base\nCMD ["node","a.js"]\n'), []);
  assert.deepEqual(runRule(rule, 'FROM gcr.io/distroless/nodejs20-debian12:nonroot\nCMD ["a.js"]\n'), []);
});

test('suppression comments: layerwise-ignore above the instruction, ignore-file anywhere', () => {
  assert.deepEqual(runRule(rule, '# layerwise-ignore root-user\nFROM node:20-slim\n'), []);
  assert.deepEqual(runRule(rule, 'FROM node:20-slim\nRUN true\n# layerwise-ignore-file root-user\n'), []);
  assert.equal(runRule(rule, '# layerwise-ignore other-rule\nFROM node:20-slim\n').length, 1);
});

test('FROM-stage chain: USER root in a parent is inherited and flagged there; no USER anywhere flags the final FROM', () => {
  const inherited = 'FROM node:20-slim AS base\nUSER root\nFROM base\nCMD ["node","a.js"]\n';
  const [f] = runRule(rule, inherited);
  assert.equal(covered(inherited, f), 'root');
  assert.equal(f.range.start.line, 1);
  const none = 'FROM node:20-slim AS base\nRUN true\nFROM base\nCMD ["node","a.js"]\n';
  const [g] = runRule(rule, none);
  assert.equal(covered(none, g), 'base');
  assert.match(g.message, /USER node/, "the user comes from the chain's root image");
  assert.deepEqual(
    runRule(rule, 'FROM node:20-slim AS base\nUSER node\nFROM base AS app\nUSER root\nRUN apt-get update\nUSER node\n'),
    [],
  );
});

test('the build target from config decides which stage ships', () => {
  const text = 'FROM node:20-slim AS app\nUSER node\nFROM node:20 AS dev\nCMD ["bash"]\n';
  assert.equal(runRule(rule, text).length, 1);
  assert.deepEqual(runRule(rule, text, { config: { target: 'app' } }), []);
});

test('fix: USER nonroot on distroless (followed through FROM chains), USER node on node images, none on unknown images', () => {
  checkFix(
    rule,
    'FROM gcr.io/distroless/nodejs20-debian12 AS base\nFROM base\nCOPY app /app\nCMD ["/app/index.js"]\n',
    'FROM gcr.io/distroless/nodejs20-debian12 AS base\nFROM base\nCOPY app /app\nUSER nonroot\nCMD ["/app/index.js"]\n',
  );
  checkFix(
    rule,
    'FROM node:20-alpine\nCOPY . .\nCMD ["node", "a.js"]\n',
    'FROM node:20-alpine\nCOPY . .\nUSER node\nCMD ["node", "a.js"]\n',
  );
  const [f] = runRule(rule, 'FROM registry.example.com/team/base:1.0\nCMD ["app"]\n');
  assert.equal(f.fixes, undefined, 'unknown image: no guess');
  assert.match(f.message, /USER <unprivileged user>.*create one if the image has none/);
});

test('fix goes after the last RUN/COPY even when CMD comes first, and works without a final newline', () => {
  // node-bulletin-board puts CMD before `COPY . .`: USER must not come before the COPY/RUN steps.
  checkFix(
    rule,
    'FROM node:current-slim\nCMD [ "npm", "start" ]\nCOPY . .',
    'FROM node:current-slim\nCMD [ "npm", "start" ]\nCOPY . .\nUSER node',
  );
  checkFix(
    rule,
    'FROM node:20-slim\nCMD ["node", "a.js"]\nRUN npm ci\nEXPOSE 80\n',
    'FROM node:20-slim\nCMD ["node", "a.js"]\nRUN npm ci\nEXPOSE 80\nUSER node\n',
  );
  const fix = runRule(rule, 'FROM node:20-slim\nCMD ["node", "a.js"]\n')[0].fixes?.[0];
  assert.equal(fix?.safe, false, 'a root-owned WORKDIR may make the app fail: never applied by fixAll');
});

test('Windows: Nano Server defaults to ContainerUser; Server Core and USER ContainerAdministrator are flagged; nginx gets its own hint', () => {
  assert.deepEqual(runRule(rule, 'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCMD ["app.exe"]\n'), []);
  const core = runRule(
    rule,
    'ARG REPO=mcr.microsoft.com/dotnet/framework/runtime\nFROM $REPO:4.8-windowsservercore-ltsc2019\nCMD ["app.exe"]\n',
  );
  assert.match(core[0].message, /runs as ContainerAdministrator: add `USER ContainerUser`/);
  assert.equal(
    runRule(rule, 'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nUSER ContainerAdministrator\n').length,
    1,
  );
  assert.match(
    runRule(rule, 'FROM nginx:1.27-alpine\nCOPY build /usr/share/nginx/html\n')[0].message,
    /nginx-unprivileged/,
  );
});

test('fix: images without a ready user get one created (useradd on Debian, adduser on alpine, a numeric id on scratch)', () => {
  checkFix(
    rule,
    'FROM python:3.11-slim\nCOPY . /app\nCMD ["python", "/app/app.py"]\n',
    'FROM python:3.11-slim\nCOPY . /app\nRUN useradd --system --user-group app\nUSER app\nCMD ["python", "/app/app.py"]\n',
    { title: 'Create user' },
  );
  checkFix(
    rule,
    'FROM python:3.12-alpine\nCMD ["python"]\n',
    'FROM python:3.12-alpine\nRUN addgroup -S app && adduser -S -G app app\nUSER app\nCMD ["python"]\n',
  );
  checkFix(
    rule,
    'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
    'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nUSER 65534:65534\nENTRYPOINT ["/app"]\n',
  );
  assert.match(
    runRule(rule, 'FROM python:3.11-slim\n')[0].message,
    /add `USER app`.*create one with `useradd --system --user-group app`/,
  );
});
