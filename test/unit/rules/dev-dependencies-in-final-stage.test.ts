import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../server/src/rules/dev-dependencies-in-final-stage';
import { runRule, covered, checkFix, applyEdits, tempWorkspace } from '../../support/ruleTest';
import * as fs from 'node:fs';
import * as path from 'node:path';

test('flags full installs in the final stage: npm ci, npm install, yarn, pnpm install', () => {
  const text = 'FROM node:20-slim\nRUN npm ci\nRUN npm install\nRUN yarn --frozen-lockfile\nRUN pnpm install\n';
  const findings = runRule(rule, text);
  assert.deepEqual(
    findings.map((f) => covered(text, f)),
    ['ci', 'install', 'yarn', 'install'],
  );
  assert.match(findings[0].message, /devDependencies.*npm ci --omit=dev/);
  assert.match(findings[2].message, /yarn install --production/);
});

test('accepts production flags (current and deprecated), NODE_ENV=production from ENV, ARG or inline, and a later prune', () => {
  for (const run of [
    'npm ci --omit=dev',
    'npm ci --omit dev',
    'npm install --only=production',
    'npm ci --production',
    'yarn install --production',
    'pnpm install --prod',
    'NODE_ENV=production npm ci',
    'npm install -g pm2',
    'npm install express',
  ]) {
    assert.deepEqual(runRule(rule, `FROM node:20-slim\nRUN ${run}\n`), [], run);
  }
  assert.deepEqual(runRule(rule, 'FROM node:20-slim\nENV NODE_ENV=production\nRUN npm ci\n'), []);
  assert.deepEqual(
    runRule(rule, 'FROM node:20-slim\nARG NODE_ENV=production\nENV NODE_ENV $NODE_ENV\nRUN npm ci\n'),
    [],
  );
  assert.deepEqual(runRule(rule, 'FROM node:20-slim\nRUN npm ci && npm run build && npm prune --omit=dev\n'), []);
});

test('NODE_ENV set after the install does not count', () => {
  assert.equal(runRule(rule, 'FROM node:20-slim\nRUN npm ci\nENV NODE_ENV=production\n').length, 1);
});

test('builder stages are not flagged; a runner copying node_modules from a full install is, at --from', () => {
  const ok =
    'FROM node:20 AS build\nWORKDIR /app\nRUN npm ci && npm run build\nFROM node:20-slim\nCOPY --from=build /app/dist ./dist\n';
  assert.deepEqual(runRule(rule, ok), []);
  const bad =
    'FROM node:20 AS build\nWORKDIR /app\nRUN npm ci\nRUN npm run build\nFROM node:20-slim\nWORKDIR /app\nCOPY --from=build /app/node_modules ./node_modules\nCOPY --from=build /app/dist ./dist\n';
  const findings = runRule(rule, bad);
  assert.deepEqual(
    findings.map((f) => covered(bad, f)),
    ['--from=build'],
  );
  assert.match(findings[0].message, /stage `build`.*`npm ci` \(line 3\)/);
  const whole =
    'FROM node:22 AS build-env\nCOPY . /app\nWORKDIR /app\nRUN npm ci\nFROM gcr.io/distroless/nodejs22-debian12\nCOPY --from=build-env /app /app\n';
  assert.equal(runRule(rule, whole).length, 1, 'copying the whole project folder ships node_modules');
  const pruned =
    'FROM node:20 AS deps\nWORKDIR /app\nRUN npm ci --omit=dev\nFROM node:20-slim\nCOPY --from=deps /app/node_modules ./node_modules\n';
  assert.deepEqual(runRule(rule, pruned), []);
});

test('no finding when package.json has no devDependencies', () => {
  assert.deepEqual(
    runRule(rule, 'FROM node:20-slim\nRUN npm ci\n', { files: { 'package.json': '{"dependencies":{"express":"4"}}' } }),
    [],
  );
  assert.equal(
    runRule(rule, 'FROM node:20-slim\nRUN npm ci\n', {
      files: { 'package.json': '{"devDependencies":{"mocha":"10"}}' },
    }).length,
    1,
  );
});

test('fix: add --omit=dev / --production / --prod (not safe); none when a build follows in the stage', () => {
  checkFix(rule, 'FROM node:20-slim\nRUN npm ci\n', 'FROM node:20-slim\nRUN npm ci --omit=dev\n');
  checkFix(
    rule,
    'FROM node:20-slim\nRUN yarn install --frozen-lockfile\n',
    'FROM node:20-slim\nRUN yarn install --production --frozen-lockfile\n',
  );
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
  const text =
    'FROM node:18-alpine\nRUN if [ -f yarn.lock ]; then yarn --frozen-lockfile; \\\n  elif [ -f package-lock.json ]; then npm ci; \\\n  else yarn install; fi\n';
  const findings = runRule(rule, text);
  assert.deepEqual(
    findings.map((f) => covered(text, f)),
    ['yarn'],
  );
  assert.equal(findings[0].fixes, undefined, 'a flag on one branch would not fix the others');
});

// dockersamples/node-bulletin-board (an app we did not write): server.js requires body-parser,
// errorhandler and method-override, listed only in devDependencies. `--omit=dev` alone would make
// the image fail to start, so the finding names them and the fix moves them in package.json first.
const BULLETIN = path.resolve(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'shared',
  'corpus',
  'apps',
  'dockersamples__node-bulletin-board__bulletin-board-app',
);

test('node-bulletin-board: the finding names the devDependencies server.js requires; the fix moves them to dependencies in package.json and adds --omit=dev', () => {
  assert.ok(fs.existsSync(BULLETIN), `corpus app missing: ${BULLETIN} (CI checks out shared/ beside the repository)`);
  const dockerfile = fs.readFileSync(path.join(BULLETIN, 'Dockerfile'), 'utf8');
  const [finding] = runRule(rule, dockerfile, { dir: BULLETIN });
  assert.match(finding.message, /requires `body-parser`, `errorhandler`, `method-override` at run time/);
  assert.ok(!finding.fixes!.some((f) => f.title.startsWith('Add `--omit=dev`')), 'no fix that only adds --omit=dev');
  const fix = finding.fixes![0];
  assert.equal(fix.isPreferred, true);
  assert.match(
    fix.title,
    /Move body-parser, errorhandler, method-override to dependencies in package.json and add `--omit=dev`/,
  );
  const { text, otherFiles } = applyEdits(dockerfile, fix.edits);
  assert.match(text, /RUN npm install --omit=dev/);
  assert.equal(otherFiles.length, 1);
  const edit = otherFiles[0] as { file: string; newText: string };
  assert.equal(edit.file, path.join(BULLETIN, 'package.json'));
  const before = JSON.parse(fs.readFileSync(edit.file, 'utf8'));
  const after = JSON.parse(edit.newText);
  for (const name of ['body-parser', 'errorhandler', 'method-override']) {
    assert.equal(after.dependencies[name], before.devDependencies[name]);
    assert.equal(after.devDependencies[name], undefined);
  }
  assert.deepEqual(Object.keys(after.devDependencies), ['morgan']);
  assert.deepEqual(after.scripts, before.scripts);
  // Once package.json is fixed the rule sees nothing required at run time and offers plain --omit=dev.
  const moved = tempWorkspace({
    'package.json': edit.newText,
    'server.js': fs.readFileSync(path.join(BULLETIN, 'server.js'), 'utf8'),
  });
  const again = runRule(rule, dockerfile, { dir: moved });
  assert.doesNotMatch(again[0].message, /at run time/);
  assert.equal(again[0].fixes![0].title, 'Add `--omit=dev` (production dependencies only)');
});

test('a devDependency required through a relative module and a preload (-r) is found; @types and type-only imports are not', () => {
  const dir = tempWorkspace({
    'package.json': `${JSON.stringify({ name: 'x', dependencies: { express: '4' }, devDependencies: { dotenv: '16', lodash: '4', '@types/node': '20', vitest: '1' } }, null, 2)}\n`,
    'index.js': "require('./lib/util');\nimport type { X } from 'vitest';\n",
    'lib/util.js': "const _ = require('lodash');\n",
  });
  const text =
    'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "-r", "dotenv/config", "index.js"]\n';
  const [finding] = runRule(rule, text, { dir });
  assert.match(finding.message, /requires `dotenv`, `lodash` at run time/);
});
