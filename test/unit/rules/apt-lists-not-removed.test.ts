import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../server/src/rules/apt-lists-not-removed';
import { runRule, covered, checkFix } from '../../support/ruleTest';

test('flags apt-get update/install without removing the lists, on the update (or install) word', () => {
  const text =
    'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\nFROM debian:bookworm-slim\nRUN apt-get install -y git\n';
  const findings = runRule(rule, text);
  assert.deepEqual(
    findings.map((f) => covered(text, f)),
    ['install'],
    'the first stage does not ship',
  );
  const both = 'FROM debian:bookworm-slim\nRUN apt-get install -y git\nRUN apt-get update && apt-get install -y curl\n';
  assert.deepEqual(
    runRule(rule, both).map((f) => covered(both, f)),
    ['install', 'update'],
  );
  assert.match(findings[0].message, /without `apt-get update` in the same RUN.*rm -rf \/var\/lib\/apt\/lists\/\*/);
  assert.match(
    runRule(rule, 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n')[0].message,
    /tens of MB.*rm -rf \/var\/lib\/apt\/lists\/\*/,
  );
});

test('accepts cleanup in the same RUN, a cache mount, and builder stages whose layers do not ship', () => {
  assert.deepEqual(
    runRule(
      rule,
      'FROM debian:12\nRUN apt-get update && apt-get install -y curl \\\n && rm -rf /var/lib/apt/lists/*\n',
    ),
    [],
  );
  assert.deepEqual(
    runRule(
      rule,
      'FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y curl\n',
    ),
    [],
  );
  assert.deepEqual(
    runRule(
      rule,
      'FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nRUN gcc -o /app a.c\nFROM debian:12-slim\nCOPY --from=build /app /app\n',
    ),
    [],
  );
});

test('flags a parent stage the final stage is built FROM (its layers ship)', () => {
  const text = 'FROM debian:12 AS base\nRUN apt-get update && apt-get install -y curl\nFROM base\nCMD ["curl"]\n';
  assert.equal(runRule(rule, text).length, 1);
});

test('hadolint DL3009 pragma silences it', () => {
  assert.deepEqual(
    runRule(rule, 'FROM debian:12\n# hadolint ignore=DL3009\nRUN apt-get update && apt-get install -y curl\n'),
    [],
  );
});

test('fix: append the cleanup to a one-line and a multi-line RUN (safe)', () => {
  checkFix(
    rule,
    'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n',
    'FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
  );
  checkFix(
    rule,
    'FROM debian:12\nRUN apt-get update \\\n  && apt-get install -y curl\n',
    'FROM debian:12\nRUN apt-get update \\\n  && apt-get install -y curl \\\n  && rm -rf /var/lib/apt/lists/*\n',
  );
  const [f] = runRule(rule, 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n');
  assert.equal(f.fixes?.[0].safe, true);
});

test('fix: merge a lone apt-get update into the following install RUN', () => {
  checkFix(
    rule,
    'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\nCMD ["curl"]\n',
    'FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*\nCMD ["curl"]\n',
    { title: 'Merge' },
  );
});

test('the cleanup fix is not safe when a later RUN installs without its own update', () => {
  const [f] = runRule(
    rule,
    'FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN apt-get install -y git\n',
  );
  assert.equal(f.fixes?.[0].safe, false);
});

test('apt-get dist-clean (apt 2.7+) removes the lists too', () => {
  assert.deepEqual(
    runRule(
      rule,
      'FROM debian:trixie-slim\nRUN set -eux; apt-get update; apt-get install -y --no-install-recommends tzdata; apt-get dist-clean\n',
    ),
    [],
  );
});

test('an install-only RUN after an earlier update is not reported twice; an update-only RUN gets no append fix', () => {
  const text = 'FROM debian:12\nRUN apt-get update\nRUN echo hi\nRUN apt-get install -y curl\n';
  const findings = runRule(rule, text);
  assert.deepEqual(
    findings.map((f) => covered(text, f)),
    ['update'],
  );
  assert.deepEqual(findings[0].fixes, [], 'not adjacent to the install: nothing safe to do in place');
});

test('docker-clean removed and only the lists mounted: the downloaded .debs are reported on the install', () => {
  const text =
    'FROM debian:12-slim\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y curl\n';
  const findings = runRule(rule, text);
  assert.deepEqual(
    findings.map((f) => covered(text, f)),
    ['install'],
  );
  assert.match(findings[0].message, /\/var\/cache\/apt/);
  const both =
    'FROM debian:12-slim\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/lib/apt --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl\n';
  assert.deepEqual(runRule(rule, both), []);
});
