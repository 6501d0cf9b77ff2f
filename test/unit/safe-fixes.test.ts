// source.fixAll.layerwise over the correctness rules' safe fixes: applied together, the file
// re-parses, the fixed rules are gone, and a second pass changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeAll } from '../../server/src/lint/lintFile';
import { collectSafeFixes } from '../../server/src/actions/fixAll';
import { applyEdits } from '../support/ruleTest';

const BEFORE = [
  'FROM node:20',
  'RUN npm ci && npm run build',
  'FROM golang:1.22',
  'RUN CGO_ENABLED=0 go build -o /out/tool .',
  'FROM gcr.io/distroless/nodejs20-debian12',
  'COPY --from=0 /app /app',
  'COPY --from=1 /out/tool /tool',
  'HEALTHCHECK CMD ["/tool", "ping"]',
  'USER nonroot',
  'CMD ["node", "/app/dist/index.js"]',
  '',
].join('\n');

const AFTER = [
  'FROM node:20 AS build',
  'RUN npm ci && npm run build',
  'FROM golang:1.22 AS golang-build',
  'RUN CGO_ENABLED=0 go build -o /out/tool .',
  'FROM gcr.io/distroless/nodejs20-debian12',
  'COPY --from=build /app /app',
  'COPY --from=golang-build /out/tool /tool',
  'HEALTHCHECK CMD ["/tool", "ping"]',
  'USER nonroot',
  'CMD ["/app/dist/index.js"]',
  '',
].join('\n');

test('fixAll applies the safe fixes of unnamed-stage and distroless-node-cmd together, once', () => {
  const first = analyzeAll({ text: BEFORE });
  const rules = new Set(first.findings.map((f) => f.rule));
  for (const r of ['unnamed-stage', 'distroless-node-cmd']) assert.ok(rules.has(r), r);
  const fix = collectSafeFixes(first.findings);
  assert.ok(fix);
  const fixed = applyEdits(BEFORE, fix.edits).text;
  assert.equal(fixed, AFTER);
  const second = analyzeAll({ text: fixed });
  assert.deepEqual(
    second.findings.filter((f) => ['unnamed-stage', 'distroless-node-cmd'].includes(f.rule)),
    [],
  );
  const again = collectSafeFixes(second.findings);
  assert.equal(again ? applyEdits(fixed, again.edits).text : fixed, fixed, 'a second fixAll is a no-op');
});

test('unsafe fixes (USER, CGO_ENABLED=0, npm → node) are never part of fixAll', () => {
  const text =
    'FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n';
  const { findings } = analyzeAll({ text });
  assert.ok(findings.some((f) => f.rule === 'go-cgo-in-static-image' && f.fixes?.length));
  const fix = collectSafeFixes(findings);
  assert.equal(fix ? applyEdits(text, fix.edits).text.includes('CGO_ENABLED=0 go build') : false, false);
});
