import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../server/src/rules/npm-as-entrypoint';
import { runRule, covered, checkFix } from '../../support/ruleTest';

const PKG = (scripts: Record<string, string>) => ({ 'package.json': JSON.stringify({ name: 'app', scripts }) });

test('flags npm start / npm run / yarn start / pnpm in exec and shell form, on the manager and script words', () => {
  const cases: [string, string][] = [
    ['CMD ["npm", "start"]', '"npm", "start"'],
    ['CMD npm start', 'npm start'],
    ['CMD npm run start', 'npm run start'],
    ['CMD ["npm", "run", "serve"]', '"npm", "run", "serve"'],
    ['ENTRYPOINT ["yarn", "start"]', '"yarn", "start"'],
    ['CMD yarn serve', 'yarn serve'],
    ['CMD pnpm run dev', 'pnpm run dev'],
    ['CMD NODE_ENV=production npm start', 'npm start'],
    ['CMD cd /app && npm --silent start', 'npm --silent start'],
    ['CMD ["sh", "-c", "npm run migrate && npm start"]', '"npm run migrate && npm start"'],
  ];
  for (const [cmd, expected] of cases) {
    const text = `FROM node:20-slim\nWORKDIR /app\n${cmd}\n`;
    const findings = runRule(rule, text);
    assert.equal(findings.length, 1, cmd);
    assert.equal(covered(text, findings[0]), expected, cmd);
    assert.match(findings[0].message, /main process.*SIGTERM.*10 s.*Start the app directly/, cmd);
  }
});

test('only the effective CMD/ENTRYPOINT of the final stage (FROM chain included) counts', () => {
  assert.deepEqual(
    runRule(rule, 'FROM node:20 AS build\nCMD ["npm", "start"]\nFROM node:20-slim\nCMD ["node", "a.js"]\n'),
    [],
  );
  assert.deepEqual(runRule(rule, 'FROM node:20-slim\nCMD npm start\nCMD ["node", "a.js"]\n'), []);
  assert.equal(runRule(rule, 'FROM node:20-slim AS base\nCMD ["npm", "start"]\nFROM base\nRUN true\n').length, 1);
});

test('accepts node, tini/dumb-init with node, and npm commands that are not scripts', () => {
  for (const cmd of [
    'CMD ["node", "dist/index.js"]',
    'ENTRYPOINT ["tini", "--"]\nCMD ["node", "a.js"]',
    'CMD npx prisma migrate deploy',
    'CMD ["npm", "install"]',
    'CMD yarn install',
  ]) {
    assert.deepEqual(runRule(rule, `FROM node:20-slim\n${cmd}\n`), [], cmd);
  }
});

test("fix: the start script's own plain node command, from package.json (not safe)", () => {
  const files = PKG({ start: 'node dist/index.js', build: 'tsc' });
  checkFix(rule, 'FROM node:20-slim\nCMD ["npm", "start"]\n', 'FROM node:20-slim\nCMD ["node", "dist/index.js"]\n', {
    files,
  });
  checkFix(rule, 'FROM node:20-slim\nCMD npm run start\n', 'FROM node:20-slim\nCMD ["node", "dist/index.js"]\n', {
    files,
  });
  const [f] = runRule(rule, 'FROM node:20-slim\nCMD ["npm", "start"]\n', { files });
  assert.equal(f.fixes?.[0].safe, false);
  assert.match(f.message, /`CMD \["node", "dist\/index.js"\]`/);
});

test('no fix when the script is not plain node, has a prestart, or the instruction does more', () => {
  const noFix = (text: string, scripts: Record<string, string>) => {
    const findings = runRule(rule, text, { files: PKG(scripts) });
    assert.equal(findings.length, 1, text);
    assert.equal(findings[0].fixes, undefined, `${text} ${JSON.stringify(scripts)}`);
  };
  noFix('FROM node:20-slim\nCMD ["npm", "start"]\n', { start: 'node src/db/migrate.js && node src/index.js' });
  noFix('FROM node:20-slim\nCMD ["npm", "start"]\n', { start: 'NODE_ENV=production node index.js' });
  noFix('FROM node:20-slim\nCMD ["npm", "start"]\n', { start: 'nodemon index.js' });
  noFix('FROM node:20-slim\nCMD ["npm", "start"]\n', { start: 'node index.js', prestart: 'node migrate.js' });
  noFix('FROM node:20-slim\nCMD npm start && echo bye\n', { start: 'node index.js' });
  noFix('FROM node:20-slim\nCMD ["npm", "start", "--", "--port", "80"]\n', { start: 'node index.js' });
  assert.equal(
    runRule(rule, 'FROM node:20-slim\nCMD ["npm", "start"]\n')[0].fixes,
    undefined,
    'no package.json: no fix',
  );
});

test("npm's default start (no start script, a server.js) is node server.js", () => {
  checkFix(rule, 'FROM node:20-slim\nCMD ["npm", "start"]\n', 'FROM node:20-slim\nCMD ["node", "server.js"]\n', {
    files: { 'package.json': '{"name":"a"}', 'server.js': '' },
  });
  assert.equal(
    runRule(rule, 'FROM node:20-slim\nCMD ["npm", "start"]\n', { files: { 'package.json': '{"name":"a"}' } })[0].fixes,
    undefined,
    'no server.js: npm start would fail, no guess',
  );
});
