import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../server/src/rules/add-instead-of-copy';
import { runRule, covered, checkFix } from '../../support/ruleTest';

test('flags ADD of local files on the keyword, and ADD of a URL on the URL', () => {
  const text =
    'FROM debian:12\nADD . /app\nADD https://example.com/tool.tar.gz /tmp/\nADD --chown=1000 app.conf /etc/\n';
  const findings = runRule(rule, text);
  assert.deepEqual(
    findings.map((f) => covered(text, f)),
    ['ADD', 'https://example.com/tool.tar.gz', 'ADD'],
  );
  assert.match(findings[0].message, /use COPY/);
  assert.match(findings[1].message, /own layer.*--checksum/);
});

test('local archives (extraction intended), git sources, --checksum and COPY are fine', () => {
  assert.deepEqual(runRule(rule, 'FROM scratch\nADD rootfs.tar.xz /\nADD vendor.tgz /opt/\n'), []);
  assert.deepEqual(
    runRule(
      rule,
      'FROM debian:12\nADD https://github.com/moby/buildkit.git#v0.12 /src\nADD git@github.com:me/repo.git /src\n',
    ),
    [],
  );
  assert.deepEqual(
    runRule(rule, 'FROM debian:12\nADD --checksum=sha256:abc https://example.com/a.tgz /tmp/\nCOPY . /app\n'),
    [],
  );
});

test('hadolint DL3020 pragma silences it', () => {
  assert.deepEqual(runRule(rule, 'FROM debian:12\n# hadolint ignore=DL3020\nADD a.txt /a.txt\n'), []);
});

test('fix: ADD → COPY for local files (safe), keeping flags and the keyword case', () => {
  checkFix(rule, 'FROM debian:12\nADD --chown=app:app . /app\n', 'FROM debian:12\nCOPY --chown=app:app . /app\n');
  checkFix(rule, 'from debian:12\nadd a.txt /a.txt\n', 'from debian:12\ncopy a.txt /a.txt\n');
  assert.equal(runRule(rule, 'FROM debian:12\nADD a /a\n')[0].fixes?.[0].safe, true);
  assert.equal(runRule(rule, 'FROM debian:12\nADD https://x.org/a /a\n')[0].fixes, undefined);
});
