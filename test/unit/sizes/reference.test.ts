import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseImageReference } from '../../../server/src/sizes/reference';

test('official image without tag normalises to docker.io/library and latest', () => {
  const ref = parseImageReference('node')!;
  assert.equal(ref.registry, 'docker.io');
  assert.equal(ref.repository, 'library/node');
  assert.equal(ref.tag, 'latest');
  assert.equal(ref.tagImplied, true);
  assert.equal(ref.official, true);
  assert.equal(ref.familiar, 'node:latest');
});

test('library/ prefix and docker.io aliases are the same image', () => {
  for (const text of [
    'library/node:20',
    'docker.io/node:20',
    'index.docker.io/library/node:20',
    'registry-1.docker.io/library/node:20',
  ]) {
    const ref = parseImageReference(text)!;
    assert.equal(ref.registry, 'docker.io', text);
    assert.equal(ref.repository, 'library/node', text);
    assert.equal(ref.tag, '20', text);
  }
});

test('Docker Hub user images keep their namespace', () => {
  const ref = parseImageReference('bitnami/node:20')!;
  assert.equal(ref.repository, 'bitnami/node');
  assert.equal(ref.official, false);
  assert.equal(ref.familiar, 'bitnami/node:20');
});

test('registries with ports and nested paths', () => {
  const ref = parseImageReference('localhost:5000/team/app/api:1.2.3')!;
  assert.equal(ref.registry, 'localhost:5000');
  assert.equal(ref.repository, 'team/app/api');
  assert.equal(ref.tag, '1.2.3');
  const gcr = parseImageReference('gcr.io/distroless/nodejs20-debian12')!;
  assert.equal(gcr.registry, 'gcr.io');
  assert.equal(gcr.repository, 'distroless/nodejs20-debian12');
  assert.equal(gcr.tag, 'latest');
  const ip = parseImageReference('127.0.0.1:5000/node:20-slim')!;
  assert.equal(ip.registry, '127.0.0.1:5000');
  assert.equal(ip.repository, 'node');
});

test('digests, with and without tags', () => {
  const digest = `sha256:${'ab'.repeat(32)}`;
  const pinned = parseImageReference(`node:20@${digest}`)!;
  assert.equal(pinned.tag, '20');
  assert.equal(pinned.digest, digest);
  assert.equal(pinned.tagImplied, false);
  const bare = parseImageReference(`node@${digest}`)!;
  assert.equal(bare.digest, digest);
  assert.equal(bare.tagImplied, false);
});

test('rejects unresolved variables and malformed references', () => {
  for (const text of [
    'node:${NODE_VERSION}',
    '$BASE',
    '',
    'Node:20',
    'node:20 AS build',
    'node@sha256:xyz',
    'node:-bad',
  ]) {
    assert.equal(parseImageReference(text), undefined, text);
  }
});
