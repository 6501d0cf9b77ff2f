// Registry look-ups against a real Distribution registry (Debian's docker-registry) on 127.0.0.1.
// Images are pushed through the registry's own HTTP API (blobs, manifests, an OCI index with an
// attestation entry) or by the private Docker daemon; down and slow registries are real sockets.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { dockerCli, ensureDockerDaemon, startRegistry, type LocalRegistry } from '../support/docker-env';
import { lookupRegistrySize, parseBearerChallenge } from '../../server/src/sizes/registry';
import { resolveImageSize } from '../../server/src/sizes/resolve';
import { OCI_INDEX, OCI_MANIFEST, pushImage, pushManifest } from '../support/registryImages';

const SETUP_TIMEOUT = 10 * 60_000;

/** Counts unhandled rejections while a test runs: a look-up must never leave one behind. */
function watchUnhandled(): { count: () => number; stop: () => void } {
  let n = 0;
  const onRejection = () => n++;
  process.on('unhandledRejection', onRejection);
  return { count: () => n, stop: () => process.off('unhandledRejection', onRejection) };
}

describe('registry size look-ups against a real docker-registry', () => {
  let registry: LocalRegistry;
  let cacheDir: string;
  const toLocal = () => registry.url;

  before(
    async () => {
      registry = await startRegistry();
      cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-size-cache-'));
    },
    { timeout: SETUP_TIMEOUT },
  );

  after(async () => {
    await registry?.stop();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  it('the figure equals the manifest layer sum of a single-platform image', async () => {
    const { layerBytes } = await pushImage(registry, 'single/app', '1.0', [150_000, 42_000, 7]);
    const result = await lookupRegistrySize(`${registry.host}/single/app:1.0`);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.size.compressedBytes, layerBytes);
    assert.equal(result.size.layers.length, 3);
    assert.equal(result.size.registryUrl, registry.url);
  });

  it('picks linux/amd64 or linux/arm64 from an index and never the attestation entry', async () => {
    const amd = await pushImage(registry, 'multi/app', 'amd64-only', [300_000, 20_000]);
    const arm = await pushImage(registry, 'multi/app', 'arm64-only', [120_000], {
      architecture: 'arm64',
      variant: 'v8',
      os: 'linux',
    });
    // An attestation manifest, bigger than both, listed first as unknown/unknown: picking it would show.
    const att = await pushImage(registry, 'multi/app', 'attestation', [900_000], {
      architecture: 'unknown',
      os: 'unknown',
    });
    await pushManifest(registry, 'multi/app', '2.0', OCI_INDEX, {
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [
        {
          mediaType: OCI_MANIFEST,
          ...att.descriptor,
          platform: { architecture: 'unknown', os: 'unknown' },
          annotations: {
            'vnd.docker.reference.type': 'attestation-manifest',
            'vnd.docker.reference.digest': amd.descriptor.digest,
          },
        },
        { mediaType: OCI_MANIFEST, ...amd.descriptor, platform: { architecture: 'amd64', os: 'linux' } },
        { mediaType: OCI_MANIFEST, ...arm.descriptor, platform: { architecture: 'arm64', os: 'linux', variant: 'v8' } },
      ],
    });
    const ref = `${registry.host}/multi/app:2.0`;
    const amd64 = await lookupRegistrySize(ref, { platform: 'linux/amd64' });
    assert.ok(amd64.ok, JSON.stringify(amd64));
    assert.equal(amd64.size.compressedBytes, amd.layerBytes);
    assert.equal(amd64.size.manifestDigest, amd.descriptor.digest);
    const arm64 = await lookupRegistrySize(ref, { platform: 'linux/arm64' });
    assert.ok(arm64.ok, JSON.stringify(arm64));
    assert.equal(arm64.size.compressedBytes, arm.layerBytes);
    const s390x = await lookupRegistrySize(ref, { platform: 'linux/s390x' });
    assert.equal(s390x.ok, false);
    assert.equal(!s390x.ok && s390x.reason, 'no-platform');
  });

  it('a tag that does not exist is reported as not found', async () => {
    await pushImage(registry, 'exists/app', '1', [1000]);
    const missingTag = await lookupRegistrySize(`${registry.host}/exists/app:nope`);
    assert.deepEqual(missingTag.ok ? 'ok' : missingTag.reason, 'not-found');
    const missingRepo = await lookupRegistrySize(`${registry.host}/never/pushed:1`);
    assert.deepEqual(missingRepo.ok ? 'ok' : missingRepo.reason, 'not-found');
  });

  it('Docker Hub names are asked at the overridden base URL, as library/ repositories', async () => {
    const { layerBytes } = await pushImage(registry, 'library/node', '20-slim', [55_555]);
    const result = await lookupRegistrySize('node:20-slim', {
      registryBaseUrl: (r) => (r === 'docker.io' ? toLocal() : undefined),
    });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.size.compressedBytes, layerBytes);
    assert.equal(result.size.ref, 'node:20-slim');
  });

  it('caches for a day on disk, serves the cache when the registry is gone, refetches when stale', async () => {
    const { layerBytes } = await pushImage(registry, 'cached/app', '1', [11_111, 22_222]);
    const ref = `${registry.host}/cached/app:1`;
    const t0 = Date.parse('2026-11-22T06:00:00Z');
    const first = await lookupRegistrySize(ref, { cacheDir, now: () => t0 });
    assert.ok(first.ok && !first.size.fromCache);
    // Delete the tag on the real registry: a fresh look-up would now fail.
    const head = await fetch(`${registry.url}/v2/cached/app/manifests/1`, {
      method: 'HEAD',
      headers: { Accept: OCI_MANIFEST },
    });
    const del = await fetch(`${registry.url}/v2/cached/app/manifests/${head.headers.get('docker-content-digest')}`, {
      method: 'DELETE',
    });
    assert.equal(del.status, 202);
    const cached = await lookupRegistrySize(ref, { cacheDir, now: () => t0 + 23 * 3600_000 });
    assert.ok(cached.ok, JSON.stringify(cached));
    assert.equal(cached.size.fromCache, true);
    assert.equal(cached.size.compressedBytes, layerBytes);
    const stale = await lookupRegistrySize(ref, { cacheDir, now: () => t0 + 25 * 3600_000 });
    assert.equal(stale.ok ? 'ok' : stale.reason, 'not-found');
  });

  it(
    'pushes by the real Docker daemon are measured exactly (figure = sum of the pushed blobs)',
    { timeout: SETUP_TIMEOUT },
    async () => {
      await ensureDockerDaemon();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-push-'));
      try {
        fs.writeFileSync(path.join(dir, 'payload.bin'), randomBytes(256 * 1024));
        fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY payload.bin /payload.bin\n');
        const tag = `${registry.host}/pushed/app:1`;
        await dockerCli(['build', '--network', 'none', '-t', tag, dir]);
        await dockerCli(['push', tag]);
        const result = await lookupRegistrySize(tag);
        assert.ok(result.ok, JSON.stringify(result));
        // Independent check: the registry's own Content-Length for every layer blob.
        let blobTotal = 0;
        for (const layer of result.size.layers) {
          const blob = await fetch(`${registry.url}/v2/pushed/app/blobs/${layer.digest}`, { method: 'HEAD' });
          assert.equal(blob.status, 200);
          blobTotal += Number(blob.headers.get('content-length'));
        }
        assert.equal(result.size.compressedBytes, blobTotal);
        assert.ok(result.size.compressedBytes > 200 * 1024, 'random payload does not compress');
        await dockerCli(['rmi', tag]).catch(() => undefined);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('registry down or slow', () => {
  it('a refused connection is reported quickly and resolveImageSize falls back to the catalogue', async () => {
    const port = await closedPort();
    const watch = watchUnhandled();
    try {
      const started = Date.now();
      const result = await lookupRegistrySize(`127.0.0.1:${port}/library/node:20-slim`, { timeoutMs: 3000 });
      assert.equal(result.ok ? 'ok' : result.reason, 'unreachable');
      assert.ok(Date.now() - started < 2000, 'refused is not a timeout');
      const resolved = await resolveImageSize('node:22-slim', {
        registry: { registryBaseUrl: () => `http://127.0.0.1:${port}` },
      });
      assert.equal(resolved.download?.origin, 'catalogue');
      assert.equal(resolved.download?.bytes, 79893445);
      assert.equal(resolved.notes.join('\n'), 'registry unreachable: looked up only from the catalogue');
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(watch.count(), 0);
    } finally {
      watch.stop();
    }
  });

  it('a registry that accepts but never answers times out at the configured budget, no unhandled rejection', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as net.AddressInfo).port;
    const watch = watchUnhandled();
    try {
      const started = Date.now();
      const result = await lookupRegistrySize(`127.0.0.1:${port}/slow/app:1`, { timeoutMs: 800 });
      const elapsed = Date.now() - started;
      assert.equal(result.ok ? 'ok' : result.reason, 'timeout');
      assert.ok(elapsed >= 750 && elapsed < 2500, `took ${elapsed} ms`);
      assert.ok(sockets.size >= 1, 'the client really connected');
      const resolved = await resolveImageSize('python:3.12-slim', {
        registry: { timeoutMs: 500, registryBaseUrl: () => `http://127.0.0.1:${port}` },
      });
      assert.equal(resolved.download?.origin, 'catalogue');
      assert.match(resolved.notes.join('\n'), /did not answer within 500 ms/);
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(watch.count(), 0);
    } finally {
      watch.stop();
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });
});

describe('anonymous bearer-token flow (Docker Hub style) in front of the real registry', () => {
  let registry: LocalRegistry;
  let gate: http.Server;
  let gateUrl = '';
  const seen: { path: string; authorization?: string }[] = [];

  before(
    async () => {
      registry = await startRegistry();
      await pushImage(registry, 'library/alpine', '3.24', [3_000, 4_000]);
      // A token gate like Docker Hub's: 401 + Bearer challenge without a token, a token endpoint, then proxy to the registry.
      gate = http.createServer(async (req, res) => {
        seen.push({ path: req.url ?? '', authorization: req.headers.authorization });
        if (req.url?.startsWith('/token')) {
          const url = new URL(req.url, 'http://x');
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ token: `anon-${url.searchParams.get('scope')}` }));
          return;
        }
        if (req.headers.authorization !== 'Bearer anon-repository:library/alpine:pull') {
          res.writeHead(401, {
            'WWW-Authenticate': `Bearer realm="${gateUrl}/token",service="registry.test",scope="repository:library/alpine:pull"`,
          });
          res.end();
          return;
        }
        const upstream = await fetch(`${registry.url}${req.url}`, {
          headers: { Accept: String(req.headers.accept ?? '') },
        });
        const headers: Record<string, string> = { 'Content-Type': upstream.headers.get('content-type') ?? '' };
        const digest = upstream.headers.get('docker-content-digest');
        if (digest) headers['Docker-Content-Digest'] = digest;
        res.writeHead(upstream.status, headers);
        res.end(Buffer.from(await upstream.arrayBuffer()));
      });
      await new Promise<void>((r) => gate.listen(0, '127.0.0.1', r));
      gateUrl = `http://127.0.0.1:${(gate.address() as net.AddressInfo).port}`;
    },
    { timeout: SETUP_TIMEOUT },
  );

  after(async () => {
    await new Promise((r) => gate?.close(r));
    await registry?.stop();
  });

  it('gets an anonymous token for the repository scope and sends it only to the registry', async () => {
    const result = await lookupRegistrySize('alpine:3.24', { registryBaseUrl: () => gateUrl });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.size.compressedBytes, 7_000);
    const tokenRequests = seen.filter((s) => s.path.startsWith('/token'));
    assert.equal(tokenRequests.length, 1);
    assert.match(tokenRequests[0].path, /service=registry.test/);
    assert.equal(tokenRequests[0].authorization, undefined, 'no credentials to the token service');
  });

  it('parses Bearer challenges with quoted and bare values', () => {
    assert.deepEqual(
      parseBearerChallenge(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/node:pull"',
      ),
      {
        realm: 'https://auth.docker.io/token',
        service: 'registry.docker.io',
        scope: 'repository:library/node:pull',
      },
    );
    assert.equal(parseBearerChallenge('Basic realm="x"'), undefined);
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}
