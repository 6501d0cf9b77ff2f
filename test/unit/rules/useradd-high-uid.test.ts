import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../server/src/rules/useradd-high-uid';
import { runRule, covered, checkFix } from '../../support/ruleTest';

test('reports the UID of a useradd with six digits or more and no -l, in every spelling of the UID option', () => {
  const text =
    'FROM debian:12-slim\nRUN useradd -u 1000000 a && useradd --uid 2000000 b && useradd --uid=3000000 c && useradd -u4000000 d\n';
  const findings = runRule(rule, text);
  assert.deepEqual(
    findings.map((f) => covered(text, f)),
    ['1000000', '2000000', '--uid=3000000', '-u4000000'],
  );
  assert.match(findings[0].message, /~292 MB/);
});

test('accepts -l, --no-log-init, combined short flags with l, short UIDs and adduser', () => {
  const text =
    'FROM debian:12-slim\nRUN useradd -l -u 123456 a && useradd --no-log-init -u 123456 b && useradd -lm -u 123456 c && useradd -u 99999 d && adduser -u 123456 e\n';
  assert.deepEqual(runRule(rule, text), []);
});

test('a builder stage counts too: the sparse files slow every build', () => {
  const text =
    'FROM debian:12-slim AS build\nRUN useradd -u 555555 builder\nFROM scratch\nCOPY --from=build /etc/passwd /etc/passwd\n';
  assert.equal(runRule(rule, text).length, 1);
});

test('fix: adds --no-log-init after useradd', () => {
  checkFix(
    rule,
    'FROM debian:12-slim\nRUN /usr/sbin/useradd -u 123456 app\n',
    'FROM debian:12-slim\nRUN /usr/sbin/useradd --no-log-init -u 123456 app\n',
  );
});
