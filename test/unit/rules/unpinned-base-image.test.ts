import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../server/src/rules/unpinned-base-image';
import { runRule, covered } from '../../support/ruleTest';

test('flags a base image with no tag or :latest, on the image reference', () => {
  const text = 'FROM node AS a\nFROM python:latest\nFROM localhost:5000/team/app\n';
  const findings = runRule(rule, text);
  assert.deepEqual(
    findings.map((f) => covered(text, f)),
    ['node', 'python:latest', 'localhost:5000/team/app'],
  );
});

test('accepts pinned tags, digests, scratch and stage references', () => {
  const text = `FROM node:20-slim AS build\nFROM build\nFROM scratch\nFROM alpine@sha256:${'a'.repeat(64)}\nFROM localhost:5000/app:1.2\n`;
  assert.deepEqual(runRule(rule, text), []);
});

test('hadolint DL3007 pragma silences it', () => {
  assert.deepEqual(runRule(rule, '# hadolint ignore=DL3007\nFROM node:latest\n'), []);
});

test('ARG-resolved references: a default of latest is flagged on the reference as written; unknown values are not guessed', () => {
  const text = 'ARG TAG=latest\nARG BASE\nFROM node:${TAG} AS a\nFROM ${BASE}\nFROM --platform=$BUILDPLATFORM golang\n';
  const findings = runRule(rule, text);
  assert.deepEqual(
    findings.map((f) => covered(text, f)),
    ['node:${TAG}', 'golang'],
  );
  assert.match(findings[0].message, /`node:latest` follows whatever is newest: pin a version/);
  assert.match(findings[1].message, /no tag, so it means `:latest`/);
});

test('moving tags without a version are flagged; codename releases of distro images and versioned tags are not', () => {
  const text =
    'FROM node:alpine\nFROM node:current-slim AS b\nFROM node:lts-buster-slim\nFROM rust:buster\nFROM gcr.io/distroless/static-debian12:nonroot\nFROM debian:bookworm-slim\nFROM buildpack-deps:bookworm-scm\nFROM golang:1-alpine\nFROM ubuntu:22.04\n';
  const findings = runRule(rule, text);
  assert.deepEqual(
    findings.map((f) => covered(text, f)),
    ['node:alpine', 'node:current-slim', 'node:lts-buster-slim', 'rust:buster'],
  );
  assert.match(findings[0].message, /`node:alpine` is a moving tag: it names no version.*`node:<version>-alpine`/);
});

test('distroless names its runtime and Debian release in the repository: its who-runs-it tags are pinned enough', () => {
  const ok =
    'FROM gcr.io/distroless/nodejs20-debian12\nFROM gcr.io/distroless/nodejs20-debian12:nonroot\nFROM gcr.io/distroless/static-debian12:debug-nonroot\n';
  assert.deepEqual(runRule(rule, ok), []);
  const moving = 'FROM gcr.io/distroless/nodejs\nFROM gcr.io/distroless/base:latest\n';
  assert.equal(runRule(rule, moving).length, 2, 'no version in the name: still moving');
});

test('suggests only tag shapes that exist: the moving word is dropped, the variant kept', () => {
  const cases: [string, string][] = [
    ['node:current-slim', '`node:<version>-slim`'],
    ['node:lts-alpine', '`node:<version>-alpine`'],
    ['python:slim', '`python:<version>-slim`'],
    ['node:latest', '`node:<version>`'],
    ['node', '`node:<version>`'],
  ];
  for (const [image, example] of cases) {
    const [f] = runRule(rule, `FROM ${image}\n`);
    assert.ok(f.message.includes(`e.g. ${example}`), `${image}: ${f.message}`);
    assert.doesNotMatch(f.message, /<version>-(current|lts|latest)/);
  }
});
