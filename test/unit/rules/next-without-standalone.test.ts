import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { rule } from '../../../server/src/rules/next-without-standalone';
import { runRule, covered, tempWorkspace } from '../../support/ruleTest';

const PKG = JSON.stringify({
  name: 'web',
  scripts: { build: 'next build', start: 'next start' },
  dependencies: { next: '14.2.0', react: '18.3.0' },
});
const PLAIN = {
  'package.json': PKG,
  'next.config.js':
    "/** @type {import('next').NextConfig} */\nconst nextConfig = {\n  reactStrictMode: true,\n};\nmodule.exports = nextConfig;\n",
};
const STANDALONE = { ...PLAIN, 'next.config.js': "module.exports = {\n  output: 'standalone',\n};\n" };
const RUNNER =
  'FROM node:20 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nFROM node:20-slim\nWORKDIR /app\nCOPY --from=build /app/node_modules ./node_modules\nCOPY --from=build /app/.next ./.next\nCOPY --from=build /app/public ./public\nCMD ["npx", "next", "start"]\n';

test('flags a runner copying .next and node_modules when next.config lacks standalone, on the source words', () => {
  const findings = runRule(rule, RUNNER, { files: PLAIN });
  assert.deepEqual(
    findings.map((f) => covered(RUNNER, f)),
    ['/app/node_modules', '/app/.next'],
  );
  assert.match(
    findings[1].message,
    /whole .next folder.*`next.config.js` lacks `output: 'standalone'`.*\.next\/standalone, \.next\/static and public/,
  );
});

test('single stage that builds and serves; and copying .next/standalone without the option (the COPY would fail)', () => {
  const single = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["npm", "start"]\n';
  assert.deepEqual(
    runRule(rule, single, { files: PLAIN }).map((f) => covered(single, f)),
    ['npm run build'],
  );
  const wrong =
    'FROM node:20 AS build\nRUN next build\nFROM node:20-slim\nCOPY --from=build /app/.next/standalone ./\n';
  const [f] = runRule(rule, wrong, { files: { 'package.json': PKG } });
  assert.match(f.message, /never writes .next\/standalone and this COPY fails/);
});

test('accepts standalone configs, non-Next apps, builder stages, and files without a workspace', () => {
  assert.deepEqual(runRule(rule, RUNNER, { files: STANDALONE }), []);
  assert.deepEqual(
    runRule(rule, RUNNER, {
      files: { 'package.json': JSON.stringify({ name: 'api', dependencies: { express: '4' } }) },
    }),
    [],
  );
  assert.deepEqual(runRule(rule, RUNNER), []);
  const builderOnly =
    'FROM node:20 AS build\nRUN npm run build\nFROM nginx:1.27-alpine\nCOPY --from=build /app/out /usr/share/nginx/html\n';
  assert.deepEqual(
    runRule(rule, builderOnly, { files: PLAIN }),
    [],
    'static export served by nginx: nothing of .next ships',
  );
});

test("fix adds output: 'standalone' to next.config (a workspace edit, not safe) or creates the file", () => {
  const dir = tempWorkspace(PLAIN);
  const [f] = runRule(rule, RUNNER, { dir });
  const fix = f.fixes![0];
  assert.equal(fix.safe, false);
  assert.deepEqual(fix.edits, [
    {
      file: path.join(dir, 'next.config.js'),
      range: { start: { line: 1, character: 20 }, end: { line: 1, character: 20 } },
      newText: "\n  output: 'standalone',",
    },
  ]);
  const bare = tempWorkspace({ 'package.json': PKG });
  const [g] = runRule(rule, RUNNER, { dir: bare });
  assert.deepEqual(g.fixes![0].edits, [
    { createFile: path.join(bare, 'next.config.js'), text: "module.exports = {\n  output: 'standalone',\n};\n" },
  ]);
});
