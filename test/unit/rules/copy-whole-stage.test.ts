import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../server/src/rules/copy-whole-stage';
import { runRule, covered } from '../../support/ruleTest';

const build = 'FROM golang:1.22 AS build\nRUN go build -o /out/app .\n';

test('reports `/` of another stage or image copied onto `/` in the shipped stage, on the source', () => {
  const text = build + 'FROM debian:12-slim\nCOPY --from=build / /\nCOPY --from=busybox:1.36 /. /\n';
  const findings = runRule(rule, text);
  assert.deepEqual(findings.map((f) => covered(text, f)), ['/', '/.']);
  assert.match(findings[0].message, /whole filesystem of `build`/);
});

test('accepts a folder onto /, / into a folder, and a stage nothing ships', () => {
  const text = build + 'FROM debian:12-slim AS unused\nCOPY --from=build / /\nFROM debian:12-slim\nCOPY --from=build /out /\nCOPY --from=build / /app\n';
  assert.deepEqual(runRule(rule, text), []);
});
