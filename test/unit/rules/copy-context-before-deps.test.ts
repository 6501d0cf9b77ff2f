import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../server/src/rules/copy-context-before-deps';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rule as missingDockerignore } from '../../../server/src/rules/missing-dockerignore';
import { collectSafeFixes } from '../../../server/src/actions/fixAll';
import { runRule, covered, checkFix, tempWorkspace, applyEdits } from '../../support/ruleTest';

const NPM = {
  'package.json': '{"dependencies":{"express":"4"}}',
  'package-lock.json': '{}',
  '.dockerignore': 'node_modules\n',
};

test('flags COPY . . / ADD . before npm ci, pip -r, go mod download — on the `.` — in any stage', () => {
  const text =
    'FROM node:20 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci\nFROM python:3.12-slim\nADD . /srv\nRUN pip install -r requirements.txt\nFROM golang:1.22\nCOPY ./ ./\nRUN go mod download\n';
  const findings = runRule(rule, text);
  assert.deepEqual(
    findings.map((f) => covered(text, f)),
    ['.', '.', './'],
  );
  assert.match(
    findings[0].message,
    /`COPY \. …` comes before `npm ci` \(line 4\).*every source edit re-runs the install/,
  );
  assert.match(findings[1].message, /copy requirements\.txt first/);
});

test('manifests copied and installed first is the good pattern', () => {
  const ok =
    'FROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n';
  assert.deepEqual(runRule(rule, ok), []);
  assert.deepEqual(runRule(rule, 'FROM node:20-slim\nCOPY . .\nRUN npm run build\n'), []);
  assert.deepEqual(runRule(rule, 'FROM node:20-slim\nCOPY src ./src\nRUN npm ci\n'), []);
});

test('fix: move the manifests COPY and the install before COPY . . (safe with a lockfile and node_modules ignored)', () => {
  checkFix(
    rule,
    'FROM node:20-slim\nWORKDIR /app\nCOPY --chown=node:node . .\nRUN npm ci --omit=dev && npm cache clean --force\nCMD ["node", "server.js"]\n',
    'FROM node:20-slim\nWORKDIR /app\nCOPY --chown=node:node package.json package-lock.json ./\nRUN npm ci --omit=dev && npm cache clean --force\nCOPY --chown=node:node . .\nCMD ["node", "server.js"]\n',
    { files: NPM },
  );
  const [f] = runRule(rule, 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node","a.js"]\n', {
    files: NPM,
  });
  assert.equal(f.fixes?.[0].safe, true);
});

test('fix keeps ENV between the copy and the install before the install', () => {
  checkFix(
    rule,
    'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nENV NODE_ENV=production\nRUN npm ci\nCMD ["node","a.js"]\n',
    'FROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nENV NODE_ENV=production\nRUN npm ci\nCOPY . .\nCMD ["node","a.js"]\n',
    { files: NPM },
  );
});

test('fix is not safe, or not offered, when it could change the result', () => {
  const hostModules = { 'package.json': '{}', 'package-lock.json': '{}', 'node_modules/x/index.js': '', '.env': 'A=1' };
  const noIgnore = runRule(rule, 'FROM node:20-slim\nCOPY . .\nRUN npm ci\nCMD ["node","a.js"]\n', {
    files: hostModules,
  });
  assert.equal(
    noIgnore[0].fixes?.[0].safe,
    false,
    'host node_modules would overwrite the installed ones, and nothing safe excludes them',
  );
  const lifecycle = runRule(rule, 'FROM node:20-slim\nCOPY . .\nRUN npm ci\nCMD ["node","a.js"]\n', {
    files: { ...NPM, 'package.json': '{"scripts":{"postinstall":"node scripts/setup.js"}}' },
  });
  assert.equal(lifecycle[0].fixes?.[0].safe, false);
  const glob = runRule(rule, 'FROM node:20-slim\nCOPY . .\nRUN npm ci\nCMD ["node","a.js"]\n');
  assert.equal(glob[0].fixes?.[0].title.includes('package*.json'), true);
  assert.equal(glob[0].fixes?.[0].safe, false, 'no workspace: glob fallback');
  const withBuild = runRule(rule, 'FROM node:20\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node","a.js"]\n', {
    files: NPM,
  });
  assert.equal(withBuild[0].fixes, undefined, 'the install RUN also builds: cannot move it');
  const runBetween = runRule(rule, 'FROM node:20\nCOPY . .\nRUN ./prepare.sh\nRUN npm ci\nCMD ["node","a.js"]\n', {
    files: NPM,
  });
  assert.equal(runBetween[0].fixes, undefined);
});

test('fix for pip and go', () => {
  checkFix(
    rule,
    'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["python","app.py"]\n',
    'FROM python:3.12-slim\nWORKDIR /srv\nCOPY requirements.txt ./\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["python","app.py"]\n',
    { files: { 'requirements.txt': 'flask==3.0\n' } },
  );
  checkFix(
    rule,
    'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go mod download\nRUN go build -o /app .\n',
    'FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app .\n',
    { files: { 'go.mod': 'module x\n', 'go.sum': '' } },
  );
  const nested = runRule(
    rule,
    'FROM python:3.12-slim\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python","a.py"]\n',
    { files: { 'requirements.txt': '-e .\n' } },
  );
  assert.equal(nested[0].fixes?.[0].safe, false);
});

test('cargo and maven fetch dependencies in the build: COPY . . before them busts that too (no fix)', () => {
  const rust = 'FROM rust:1 AS build\nWORKDIR /app\nCOPY . /app\nRUN cargo build --release\n';
  const [f] = runRule(rule, rust);
  assert.match(f.message, /before `cargo build`/);
  assert.equal(f.fixes, undefined);
  assert.deepEqual(
    runRule(
      rule,
      'FROM rust:1\nCOPY Cargo.toml Cargo.lock ./\nRUN cargo fetch\nCOPY . .\nRUN cargo build --release --offline\n',
    ),
    [],
  );
  assert.deepEqual(
    runRule(rule, 'FROM maven:3\nCOPY pom.xml .\nRUN mvn dependency:go-offline\nCOPY . .\nRUN mvn package\n'),
    [],
  );
  assert.equal(runRule(rule, 'FROM maven:3\nCOPY . .\nRUN ./mvnw -B package\n').length, 1);
});

test('fixAll with missing-dockerignore: one pass moves the install and creates .dockerignore, a second pass changes nothing', () => {
  const dir = tempWorkspace({ 'package.json': '{}', 'package-lock.json': '{}', 'node_modules/x/index.js': '' });
  const rules = [rule, missingDockerignore];
  const lint = (text: string) => rules.flatMap((r) => runRule(r, text, { dir }));
  const before = 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node","a.js"]\n';
  const first = collectSafeFixes(lint(before));
  assert.ok(first);
  const { text, otherFiles } = applyEdits(before, first.edits);
  assert.equal(
    text,
    'FROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nCMD ["node","a.js"]\n',
  );
  for (const e of otherFiles) if ('createFile' in e) fs.writeFileSync(e.createFile, e.text);
  assert.equal(fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8'), 'node_modules\n.git\n.env*\n');
  assert.equal(collectSafeFixes(lint(text)), undefined);
});
