import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../server/src/rules/apt-recommends';
import { runRule, covered, checkFix } from '../../support/ruleTest';

test('flags apt-get/apt install without --no-install-recommends, on the install word', () => {
  const text = 'FROM debian:12\nRUN apt-get update && apt-get -y install curl\nRUN apt install -y git\n';
  const findings = runRule(rule, text);
  assert.deepEqual(
    findings.map((f) => covered(text, f)),
    ['install', 'install'],
  );
  assert.match(findings[0].message, /recommended packages.*--no-install-recommends/);
});

test('accepts the flag, the apt option form, an earlier apt.conf setting and builder stages', () => {
  assert.deepEqual(runRule(rule, 'FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n'), []);
  assert.deepEqual(runRule(rule, 'FROM debian:12\nRUN apt-get install -y -o APT::Install-Recommends=false curl\n'), []);
  assert.deepEqual(
    runRule(
      rule,
      'FROM debian:12\nRUN echo \'APT::Install-Recommends "false";\' > /etc/apt/apt.conf.d/99norecommends\nRUN apt-get install -y curl\n',
    ),
    [],
  );
  assert.deepEqual(
    runRule(
      rule,
      'FROM debian:12 AS build\nRUN apt-get install -y gcc\nFROM debian:12-slim\nCOPY --from=build /out /out\n',
    ),
    [],
  );
  assert.deepEqual(runRule(rule, 'FROM alpine:3.20\nRUN apk add --no-cache curl\n'), []);
});

test('hadolint DL3015 pragma silences it', () => {
  assert.deepEqual(runRule(rule, 'FROM debian:12\n# hadolint ignore=DL3015\nRUN apt-get install -y curl\n'), []);
});

test('fix: insert the flag after install; not marked safe', () => {
  checkFix(
    rule,
    'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n',
    'FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y curl\n',
  );
  assert.equal(runRule(rule, 'FROM debian:12\nRUN apt-get install -y curl\n')[0].fixes?.[0].safe, false);
});
