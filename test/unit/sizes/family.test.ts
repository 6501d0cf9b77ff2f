import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveFamily, siblingReference } from '../../../server/src/sizes/family';

const cases: [string, { family: string; line?: string; variant: string }][] = [
  ['node:20.11.1-bookworm-slim', { family: 'node', line: '20', variant: 'slim' }],
  ['node:20', { family: 'node', line: '20', variant: 'full' }],
  ['node:22-alpine3.20', { family: 'node', line: '22', variant: 'alpine' }],
  ['node:lts-iron', { family: 'node', line: '20', variant: 'full' }],
  ['node', { family: 'node', line: undefined, variant: 'full' }],
  ['python:3.12-alpine', { family: 'python', line: '3.12', variant: 'alpine' }],
  ['python:3.12.4-slim-bookworm', { family: 'python', line: '3.12', variant: 'slim' }],
  ['golang:1.22', { family: 'golang', line: '1.22', variant: 'full' }],
  ['golang:1.25-alpine', { family: 'golang', line: '1.25', variant: 'alpine' }],
  ['gcr.io/distroless/nodejs20-debian12', { family: 'node', line: '20', variant: 'distroless' }],
  ['gcr.io/distroless/static-debian12:nonroot', { family: 'distroless', line: 'debian12', variant: 'static' }],
  ['gcr.io/distroless/java21-debian12', { family: 'eclipse-temurin', line: '21', variant: 'distroless' }],
  ['eclipse-temurin:21-jdk', { family: 'eclipse-temurin', line: '21', variant: 'jdk' }],
  ['eclipse-temurin:21', { family: 'eclipse-temurin', line: '21', variant: 'jdk' }],
  ['eclipse-temurin:21-jre-alpine', { family: 'eclipse-temurin', line: '21', variant: 'jre-alpine' }],
  ['debian:12-slim', { family: 'debian', line: 'bookworm', variant: 'slim' }],
  ['debian:bookworm', { family: 'debian', line: 'bookworm', variant: 'full' }],
  ['ubuntu:jammy', { family: 'ubuntu', line: '22.04', variant: 'full' }],
  ['ubuntu:24.04', { family: 'ubuntu', line: '24.04', variant: 'full' }],
  ['alpine:3.24.2', { family: 'alpine', line: '3.24', variant: 'full' }],
  ['php:8.3-fpm-alpine', { family: 'php', line: '8.3', variant: 'fpm-alpine' }],
  ['php:8.3', { family: 'php', line: '8.3', variant: 'cli' }],
  ['mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled', { family: 'dotnet', line: '8.0', variant: 'aspnet-chiseled' }],
  ['mcr.microsoft.com/dotnet/sdk:10.0', { family: 'dotnet', line: '10.0', variant: 'sdk' }],
  ['scratch', { family: 'scratch', line: 'scratch', variant: 'empty' }],
];

for (const [ref, expected] of cases) {
  test(`resolves ${ref}`, () => {
    const family = resolveFamily(ref);
    assert.ok(family, ref);
    assert.equal(family.family, expected.family);
    assert.equal(family.line, expected.line);
    assert.equal(family.variant, expected.variant);
  });
}

test('unknown images and unresolved references have no family', () => {
  assert.equal(resolveFamily('mycompany/base:1'), undefined);
  assert.equal(resolveFamily('node:${NODE_VERSION}'), undefined);
  assert.equal(resolveFamily('quay.io/prometheus/node-exporter'), undefined);
});

test('siblingReference: the same-release policy keeps release and distro, the catalogue policy names its variant', () => {
  const parts = { name: 'node', repository: 'node', version: '20', distro: 'bookworm', variant: 'full' as const };
  assert.equal(siblingReference(parts, 'slim', { policy: 'same-release' }), 'node:20-bookworm-slim');
  assert.equal(siblingReference(parts, 'alpine', { policy: 'same-release' }), 'node:20-alpine');
  const alpine = { name: 'node', repository: 'node', version: '20', distro: 'alpine3.20', variant: 'alpine' as const };
  assert.equal(siblingReference(alpine, 'alpine', { policy: 'same-release' }), 'node:20-alpine3.20');
  assert.equal(siblingReference(alpine, 'full', { policy: 'same-release' }), 'node:20');
  assert.equal(siblingReference('node:20.11-bookworm', 'slim', { policy: 'catalogue' }), 'node:20.11-slim');
  assert.equal(
    siblingReference('eclipse-temurin:21-jdk-jammy', 'jre', { policy: 'catalogue' }),
    'eclipse-temurin:21-jre-jammy',
  );
  assert.equal(siblingReference('debian:bookworm', 'slim', { policy: 'catalogue' }), 'debian:bookworm-slim');
  assert.equal(siblingReference('node@sha256:abc', 'slim', { policy: 'catalogue' }), undefined);
});
