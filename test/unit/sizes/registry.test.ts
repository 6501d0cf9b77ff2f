import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultRegistryBaseUrl, pickPlatform } from '../../../server/src/sizes/registry';
import { rateLimitResetMs, retryAfterMs } from '../../../server/src/sizes/registryHttp';
import { hubApiUrl, hubTagUrl } from '../../../server/src/sizes/hub';

const index = {
  manifests: [
    { digest: 'sha256:att', platform: { os: 'unknown', architecture: 'unknown' } },
    {
      digest: 'sha256:att2',
      platform: { os: 'linux', architecture: 'amd64' },
      annotations: { 'vnd.docker.reference.type': 'attestation-manifest' },
    },
    { digest: 'sha256:amd', platform: { os: 'linux', architecture: 'amd64' } },
    { digest: 'sha256:v7', platform: { os: 'linux', architecture: 'arm', variant: 'v7' } },
    { digest: 'sha256:v6', platform: { os: 'linux', architecture: 'arm', variant: 'v6' } },
    { digest: 'sha256:arm64', platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
    { digest: 'sha256:win', platform: { os: 'windows', architecture: 'amd64' } },
  ],
};

test('picks the platform entry, never an attestation (unknown/unknown or annotated)', () => {
  assert.equal(pickPlatform(index, 'linux/amd64'), 'sha256:amd');
  assert.equal(pickPlatform(index, 'linux/arm64'), 'sha256:arm64', 'arm64 without a variant means v8');
  assert.equal(pickPlatform(index, 'linux/arm/v6'), 'sha256:v6');
  assert.equal(pickPlatform(index, 'linux/arm/v5'), undefined);
  assert.equal(pickPlatform(index, 'windows/amd64'), 'sha256:win');
  assert.equal(pickPlatform(index, 'linux/s390x'), undefined);
});

test('an arm64 entry without a variant still matches linux/arm64', () => {
  assert.equal(
    pickPlatform(
      { manifests: [{ digest: 'sha256:a', platform: { os: 'linux', architecture: 'arm64' } }] },
      'linux/arm64',
    ),
    'sha256:a',
  );
});

test('default base URLs: Docker Hub API host, plain HTTP only on loopback', () => {
  assert.equal(defaultRegistryBaseUrl('docker.io'), 'https://registry-1.docker.io');
  assert.equal(defaultRegistryBaseUrl('ghcr.io'), 'https://ghcr.io');
  assert.equal(defaultRegistryBaseUrl('registry.example.com:5000'), 'https://registry.example.com:5000');
  assert.equal(defaultRegistryBaseUrl('127.0.0.1:5000'), 'http://127.0.0.1:5000');
  assert.equal(defaultRegistryBaseUrl('localhost:5000'), 'http://localhost:5000');
});

test('Retry-After: seconds or an HTTP date; unreadable is undefined', () => {
  const now = Date.parse('2026-12-03T08:00:00Z');
  assert.equal(retryAfterMs('120', now), 120_000);
  assert.equal(retryAfterMs('Thu, 03 Dec 2026 08:00:30 GMT', now), 30_000);
  assert.equal(retryAfterMs('Thu, 03 Dec 2026 07:00:00 GMT', now), 0, 'a date in the past: no wait');
  assert.equal(retryAfterMs('soon', now), undefined);
  assert.equal(retryAfterMs(null, now), undefined);
});

test("Hub's tags API URL: namespace and repository from the Docker Hub repository path", () => {
  assert.equal(
    hubTagUrl('https://hub.docker.com', 'library/node', '20-slim'),
    'https://hub.docker.com/v2/namespaces/library/repositories/node/tags/20-slim',
  );
  assert.equal(
    hubTagUrl('https://hub.docker.com', 'grafana/grafana', '11.0'),
    'https://hub.docker.com/v2/namespaces/grafana/repositories/grafana/tags/11.0',
  );
  assert.equal(hubApiUrl(undefined, {}), 'https://hub.docker.com');
  assert.equal(hubApiUrl(undefined, { LAYERWISE_HUB_API_URL: 'http://127.0.0.1:9/' }), 'http://127.0.0.1:9');
});

test('X-RateLimit-Reset (Docker Hub, Unix seconds) when a 429 has no Retry-After', () => {
  const now = Date.parse('2026-12-03T08:00:00Z');
  assert.equal(rateLimitResetMs(String(now / 1000 + 90), now), 90_000);
  assert.equal(rateLimitResetMs(null, now), undefined);
  assert.equal(rateLimitResetMs('x', now), undefined);
});
