import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../server/src/rules/dev-dependencies-in-final-stage';
import { runRule, covered, checkFix } from '../../support/ruleTest';

test('flags full installs in the final stage: npm ci, npm install, yarn, pnpm install', () => {
  const text = 'FROM node:20-slim\nRUN npm ci\nRUN npm install\nRUN yarn --frozen-lockfile\nRUN pnpm install\n';
  const findings = runRule(rule, text);
  assert.deepEqual(findings.map((f) => covered(text, f)), ['ci', 'install', 'yarn', 'install']);
  assert.match(findings[0].message, /devDependencies.*npm ci --omit=dev/);
  assert.match(findings[2].message, /yarn install --production/);
});

test('accepts production flags (current and deprecated), NODE_ENV=production from ENV, ARG or inline, and a later prune', () => {
  for (const run of ['npm ci --omit=dev', 'npm ci --omit dev', 'npm install --only=production', 'npm ci --production', 'yarn install --production', 'pnpm install --prod', 'NODE_ENV=production npm ci', 'npm install -g pm2', 'npm install express']) {
    assert.deepEqual(runRule(rule, `FROM node:20-slim\nRUN ${run}\n`), [], run);
  }
  assert.deepEqual(runRule(rule, 'FROM node:20-slim\nENV NODE_ENV=production\nRUN npm ci\n'), []);
  assert.deepEqual(runRule(rule, 'FROM node:20-slim\nARG NODE_ENV=production\nENV NODE_ENV $NODE_ENV\nRUN npm ci\n'), []);
  assert.deepEqual(runRule(rule, 'FROM node:20-slim\nRUN npm ci && npm run build && npm prune --omit=dev\n'), []);
});

test('NODE_ENV set after the install does not count', () => {
  assert.equal(runRule(rule, 'FROM node:20-slim\nRUN npm ci\nENV NODE_ENV=production\n').length, 1);
});

test('builder stages are not flagged; a runner copying node_modules from a full install is, at --from', () => {
  const ok = 'FROM node:20 AS build\nWORKDIR /app\nRUN npm ci && npm run build\nFROM node:20-slim\nCOPY --from=build /app/dist ./dist\n';
  assert.deepEqual(runRule(rule, ok), []);
  const bad = 'FROM node:20 AS build\nWORKDIR /app\nRUN npm ci\nRUN npm run build\nFROM node:20-slim\nWORKDIR /app\nCOPY --from=build /app/node_modules ./node_modules\nCOPY --from=build /app/dist ./dist\n';
  const findings = runRule(rule, bad);
  assert.deepEqual(findings.map((f) => covered(bad, f)), ['--from=build']);
  assert.match(findings[0].message, /stage `build`.*`npm ci` \(line 3\)/);
  const whole = 'FROM node:22 AS build-env\nCOPY . /app\nWORKDIR /app\nRUN npm ci\nFROM gcr.io/distroless/nodejs22-debian12\nCOPY --from=build-env /app /app\n';
  assert.equal(runRule(rule, whole).length, 1, 'copying the whole project folder ships node_modules');
  const pruned = 'FROM node:20 AS deps\nWORKDIR /app\nRUN npm ci --omit=dev\nFROM node:20-slim\nCOPY --from=deps /app/node_modules ./node_modules\n';
  assert.deepEqual(runRule(rule, pruned), []);
});

test('no finding when package.json has no devDependencies', () => {
  assert.deepEqual(runRule(rule, 'FROM node:20-slim\nRUN npm ci\n', { files: { 'package.json': '{"dependencies":{"express":"4"}}' } }), []);
  assert.equal(runRule(rule, 'FROM node:20-slim\nRUN npm ci\n', { files: { 'package.json': '{"devDependencies":{"mocha":"10"}}' } }).length, 1);
});

test('fix: add --omit=dev / --production / --prod (not safe); none when a build follows in the stage', () => {
  checkFix(rule, 'FROM node:20-slim\nRUN npm ci\n', 'FROM node:20-slim\nRUN npm ci --omit=dev\n');
  checkFix(rule, 'FROM node:20-slim\nRUN yarn install --frozen-lockfile\n', 'FROM node:20-slim\nRUN yarn install --production --frozen-lockfile\n');
  checkFix(rule, 'FROM node:20-slim\nRUN pnpm i\n', 'FROM node:20-slim\nRUN pnpm i --prod\n');
  assert.equal(runRule(rule, 'FROM node:20-slim\nRUN npm ci\n')[0].fixes?.[0].safe, false);
  const [f] = runRule(rule, 'FROM node:20\nRUN npm ci\nRUN npm run build\n');
  assert.equal(f.fixes, undefined);
  assert.match(f.message, /build in a separate stage/);
});

test('no --omit=dev fix when an exec-form RUN builds later (the build needs the dev tools)', () => {
  const [f] = runRule(rule, 'FROM node:latest\nRUN npm install\nCOPY . .\nRUN [ "npm", "run", "build" ]\n');
  assert.equal(f.fixes, undefined);
});

test('installs in if/elif branches of one RUN are one finding', () => {
  const text = 'FROM node:18-alpine\nRUN if [ -f yarn.lock ]; then yarn --frozen-lockfile; \\\n  elif [ -f package-lock.json ]; then npm ci; \\\n  else yarn install; fi\n';
  const findings = runRule(rule, text);
  assert.deepEqual(findings.map((f) => covered(text, f)), ['yarn']);
  assert.equal(findings[0].fixes, undefined, 'a flag on one branch would not fix the others');
});
