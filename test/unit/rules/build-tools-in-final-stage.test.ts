import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../server/src/rules/build-tools-in-final-stage';
import { runRule, covered } from '../../support/ruleTest';

test('flags compilers, -dev headers, make and git in the final stage, on the first tool, naming all', () => {
  const text =
    'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y curl build-essential python3-dev git\nRUN apk add --no-cache musl-dev g++ tini\nRUN dnf install -y gcc openssl-devel\n';
  const findings = runRule(rule, text);
  assert.deepEqual(
    findings.map((f) => covered(text, f)),
    ['build-essential', 'musl-dev', 'gcc'],
  );
  assert.match(
    findings[0].message,
    /`build-essential`, `python3-dev`, `git` are build tools shipped in the final image/,
  );
  assert.match(findings[2].message, /`openssl-devel`/);
});

test('builder stages and tools removed in the same RUN are fine', () => {
  assert.deepEqual(
    runRule(
      rule,
      'FROM python:3.12 AS build\nRUN apt-get install -y build-essential\nFROM python:3.12-slim\nCOPY --from=build /venv /venv\n',
    ),
    [],
  );
  assert.deepEqual(
    runRule(
      rule,
      'FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev && pip install x && apk del .build-deps\n',
    ),
    [],
  );
  assert.deepEqual(
    runRule(rule, 'FROM debian:12\nRUN apt-get install -y gcc && make && apt-get purge -y --auto-remove gcc\n'),
    [],
  );
  assert.deepEqual(runRule(rule, 'FROM debian:12\nRUN apt-get install -y curl ca-certificates libpq5\n'), []);
});

test('tools removed only in a later RUN still ship', () => {
  const text = 'FROM debian:12\nRUN apt-get install -y gcc\nRUN apt-get purge -y gcc\n';
  assert.equal(runRule(rule, text).length, 1);
});

test("the official images' apt-mark auto + purge --auto-remove idiom removes the build tools in the same RUN", () => {
  const text =
    'FROM debian:trixie-slim\nRUN set -eux; savedAptMark="$(apt-mark showmanual)"; apt-get update; apt-get install -y --no-install-recommends gcc make libssl-dev; make install; apt-mark auto \'.*\' > /dev/null; apt-mark manual $savedAptMark; apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; apt-get dist-clean\n';
  assert.deepEqual(runRule(rule, text), []);
});

test('seed: yum installs of gcc and -devel headers', () => {
  const text = 'FROM rockylinux:9\nRUN yum install -y gcc-c++ openssl-devel make && yum clean all\n';
  const findings = runRule(rule, text);
  assert.equal(covered(text, findings[0]), 'gcc-c++');
  assert.match(findings[0].message, /`gcc-c\+\+`, `openssl-devel`, `make`/);
});

test('ONBUILD triggers of the shipped chain count: a parent stage trigger runs in the final stage, the final stage trigger in every child', () => {
  const parent =
    'FROM debian:bookworm-slim AS base\nONBUILD RUN apt-get update && apt-get install -y --no-install-recommends gcc\nFROM base\nCMD ["bash"]\n';
  const findings = runRule(rule, parent);
  assert.deepEqual(
    findings.map((f) => covered(parent, f)),
    ['gcc'],
  );
  assert.match(findings[0].message, /ONBUILD trigger/);
  const own = 'FROM debian:bookworm-slim\nONBUILD RUN apt-get install -y make\n';
  assert.deepEqual(
    runRule(rule, own).map((f) => covered(own, f)),
    ['make'],
  );
  const builderOnly =
    'FROM debian:bookworm-slim AS tools\nONBUILD RUN apt-get install -y gcc\nFROM debian:bookworm-slim\nCMD ["bash"]\n';
  assert.deepEqual(runRule(rule, builderOnly), [], 'a trigger in a stage nothing ships runs nowhere');
});
