// The unpinned-base-image fix decides a tag from what the image declares; the tag keeps the variant words so
// it is a shape the official images publish. Inputs are the environments official images really declare.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pinnedReference } from '../../../server/src/actions/pinBaseImage';

const node = { env: ['PATH=/usr/local/bin:/usr/bin', 'NODE_VERSION=20.20.2', 'YARN_VERSION=1.22.22'], labels: {} };

test('a moving word is replaced by the declared version and the variant is kept', () => {
  assert.equal(pinnedReference('node:current-slim', node)?.reference, 'node:20.20.2-slim');
  assert.equal(pinnedReference('node:lts-alpine3.20', node)?.reference, 'node:20.20.2-alpine3.20');
  assert.equal(pinnedReference('node:latest', node)?.reference, 'node:20.20.2');
  assert.equal(pinnedReference('node:alpine', node)?.reference, 'node:20.20.2-alpine');
});

test('no tag: the version is added; the registry and namespace as written are kept', () => {
  assert.equal(pinnedReference('node', node)?.reference, 'node:20.20.2');
  assert.equal(pinnedReference('docker.io/library/node', node)?.reference, 'docker.io/library/node:20.20.2');
  assert.equal(
    pinnedReference('python:slim', { env: ['PYTHON_VERSION=3.13.1'], labels: {} })?.reference,
    'python:3.13.1-slim',
  );
});

test('says where the version came from: the environment variable, else the OCI version label', () => {
  assert.match(pinnedReference('node:lts', node)?.from ?? '', /NODE_VERSION/);
  const labelled = pinnedReference('ghcr.io/acme/tool:latest', {
    env: [],
    labels: { 'org.opencontainers.image.version': '2.4.0' },
  });
  assert.equal(labelled?.reference, 'ghcr.io/acme/tool:2.4.0');
  assert.match(labelled?.from ?? '', /org\.opencontainers\.image\.version/);
});

test('nothing when the image declares no plain version, or the reference is not a moving tag', () => {
  assert.equal(
    pinnedReference('eclipse-temurin:latest', { env: ['JAVA_VERSION=jdk-21.0.2+13'], labels: {} }),
    undefined,
  );
  assert.equal(pinnedReference('node:lts', { env: [], labels: {} }), undefined);
  assert.equal(pinnedReference('node:20-slim', node), undefined);
  assert.equal(pinnedReference(`node@sha256:${'a'.repeat(64)}`, node), undefined);
  assert.equal(pinnedReference('node:${TAG}', node), undefined);
});
