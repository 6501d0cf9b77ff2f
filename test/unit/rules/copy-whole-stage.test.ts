import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../server/src/rules/copy-whole-stage';
import { runRule, covered } from '../../support/ruleTest';

const build = 'FROM golang:1.22 AS build\nRUN go build -o /out/app .\n';

test('reports `/` of another stage copied onto `/` in the shipped stage, on the source', () => {
  const text = `${build}FROM debian:12-slim\nCOPY --from=build / /\nCOPY --from=0 /. /\n`;
  const findings = runRule(rule, text);
  assert.deepEqual(
    findings.map((f) => covered(text, f)),
    ['/', '/.'],
  );
  assert.match(findings[0].message, /whole filesystem of `build`/);
});

test('accepts a folder onto /, / into a folder, a stage nothing ships, and a whole external tools image', () => {
  const text = `${build}FROM debian:12-slim AS unused\nCOPY --from=build / /\nFROM debian:12-slim\nCOPY --from=build /out /\nCOPY --from=build / /app\nCOPY --from=docker/cli-tools:1 / /\n`;
  assert.deepEqual(runRule(rule, text), []);
});
