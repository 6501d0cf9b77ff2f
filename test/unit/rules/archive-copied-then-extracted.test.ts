import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../server/src/rules/archive-copied-then-extracted';
import { runRule, covered } from '../../support/ruleTest';

test("reports the archive COPY'd and later unpacked (tar, unzip), naming the RUN's line", () => {
  const text =
    'FROM debian:12-slim\nCOPY release.tar.gz site.zip /opt/\nRUN tar xzf /opt/release.tar.gz -C /opt && rm /opt/release.tar.gz\nRUN unzip /opt/site.zip -d /srv\n';
  const findings = runRule(rule, text);
  assert.deepEqual(
    findings.map((f) => covered(text, f)),
    ['release.tar.gz', 'site.zip'],
  );
  assert.match(findings[0].message, /line 3/);
  assert.match(findings[0].message, /--mount=type=bind,source=release\.tar\.gz/);
  assert.match(findings[0].message, /ADD/);
  assert.doesNotMatch(findings[1].message, /ADD/);
});

test('accepts an archive that is only listed, copied from a stage, added (ADD unpacks tar) or unpacked in a builder', () => {
  const text = `${[
    'FROM debian:12-slim AS unpack',
    'COPY tools.tar /src/',
    'RUN tar -xf /src/tools.tar -C /src',
    'FROM debian:12-slim',
    'COPY data.tar /data/',
    'RUN tar -tf /data/data.tar',
    'ADD vendor.tar /opt/',
    'RUN tar -xf other.tar',
    'COPY --from=unpack /src/tools.tar /t.tar',
    'RUN tar -xf /t.tar',
  ].join('\n')}\n`;
  assert.deepEqual(
    runRule(rule, text).map((f) => f.message),
    [],
  );
});
