import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../server/src/rules/distroless-node-cmd';
import { runRule, covered, checkFix } from '../../support/ruleTest';

const BASE = 'FROM node:20 AS build\nWORKDIR /app\nRUN npm ci\n';

test('flags CMD ["node", …] on gcr.io/distroless/nodejs*, on the "node" string', () => {
  const text = `${BASE}FROM gcr.io/distroless/nodejs20-debian12\nCOPY --from=build /app /app\nCMD ["node", "/app/index.js"]\n`;
  const [f, ...rest] = runRule(rule, text);
  assert.equal(rest.length, 0);
  assert.equal(covered(text, f), '"node"');
  assert.match(f.message, /ENTRYPOINT is already node.*`node node …`.*drop "node"/);
});

test('follows FROM-stage chains, ARG-resolved tags and :nonroot variants; absolute node paths count', () => {
  const text =
    'ARG V=22\nFROM gcr.io/distroless/nodejs${V}-debian12:nonroot AS base\nFROM base\nCMD ["/usr/local/bin/node", "a.js"]\n';
  assert.deepEqual(
    runRule(rule, text).map((f) => covered(text, f)),
    ['"/usr/local/bin/node"'],
  );
});

test('accepts the script alone, other images, and a Dockerfile ENTRYPOINT that replaces node', () => {
  assert.deepEqual(runRule(rule, 'FROM gcr.io/distroless/nodejs20-debian12\nCMD ["index.js"]\n'), []);
  assert.deepEqual(runRule(rule, 'FROM node:20-slim\nCMD ["node", "index.js"]\n'), []);
  assert.deepEqual(runRule(rule, 'FROM gcr.io/distroless/static-debian12\nCMD ["node", "index.js"]\n'), []);
  assert.deepEqual(
    runRule(rule, 'FROM gcr.io/distroless/nodejs20-debian12\nENTRYPOINT ["/app/run"]\nCMD ["node", "x"]\n'),
    [],
  );
  assert.deepEqual(
    runRule(rule, 'FROM gcr.io/distroless/nodejs20-debian12\nCMD node index.js\n'),
    [],
    "shell form is shell-in-shellless-image's finding",
  );
});

test('fix drops the leading node (safe), keeping the rest of the JSON as written', () => {
  checkFix(
    rule,
    'FROM gcr.io/distroless/nodejs20-debian12\nCMD ["node", "--enable-source-maps", "dist/index.js"]\n',
    'FROM gcr.io/distroless/nodejs20-debian12\nCMD ["--enable-source-maps", "dist/index.js"]\n',
  );
  checkFix(
    rule,
    'FROM gcr.io/distroless/nodejs20-debian12\nCMD [ "node","a.js" ]\n',
    'FROM gcr.io/distroless/nodejs20-debian12\nCMD [ "a.js" ]\n',
  );
  const [f] = runRule(rule, 'FROM gcr.io/distroless/nodejs20-debian12\nCMD ["node", "a.js"]\n');
  assert.equal(f.fixes?.[0].safe, true);
  assert.equal(
    runRule(rule, 'FROM gcr.io/distroless/nodejs20-debian12\nCMD ["node"]\n')[0].fixes,
    undefined,
    'nothing to keep: no fix',
  );
});

test('ENTRYPOINT ["node", …] on distroless Node: node is not on PATH there; safe fix writes /nodejs/bin/node', () => {
  const text = 'FROM gcr.io/distroless/nodejs20-debian12\nENTRYPOINT ["node", "/app/index.js"]\n';
  const [f, ...rest] = runRule(rule, text);
  assert.equal(rest.length, 0, 'the CMD check stands down under a Dockerfile ENTRYPOINT');
  assert.equal(covered(text, f), '"node"');
  assert.match(f.message, /not on PATH.*\/nodejs\/bin\/node/);
  checkFix(rule, text, 'FROM gcr.io/distroless/nodejs20-debian12\nENTRYPOINT ["/nodejs/bin/node", "/app/index.js"]\n');
  assert.deepEqual(
    runRule(rule, 'FROM gcr.io/distroless/nodejs20-debian12\nENTRYPOINT ["/nodejs/bin/node", "a.js"]\n'),
    [],
  );
  assert.deepEqual(runRule(rule, 'FROM node:20-slim\nENTRYPOINT ["node", "a.js"]\n'), []);
});

test("an ENTRYPOINT that only restates node keeps CMD as node's arguments", () => {
  const text = 'FROM gcr.io/distroless/nodejs20-debian12\nENTRYPOINT ["/nodejs/bin/node"]\nCMD ["node", "a.js"]\n';
  assert.deepEqual(
    runRule(rule, text).map((f) => covered(text, f)),
    ['"node"'],
  );
});
