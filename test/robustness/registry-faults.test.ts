// Registry faults a real registry cannot be made to show: a 500, malformed or oddly shaped JSON,
// a 10 000-layer manifest, an endless body, a stalled body, a redirect loop, a broken token
// endpoint. A small loopback HTTP server stands in for the registry (a fake, by necessity);
// refused connections and silent sockets are real. Every look-up must resolve to a failure
// with a reason (never throw, never hang) in bounded time and memory.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import { lookupRegistrySize, type RegistryResult } from '../../server/src/sizes/registry';

const servers: { close(): void }[] = [];
let cases = 0;
after(() => {
  for (const s of servers) s.close();
  console.log(`robustness/registry: ${cases} faulty registry look-ups`);
});

/** A loopback HTTP server answering every request with `handler`; resolves to its base URL. */
async function fakeRegistry(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  server.keepAliveTimeout = 100;
  servers.push({
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

const json = (
  res: http.ServerResponse,
  body: string,
  status = 200,
  type = 'application/vnd.oci.image.manifest.v1+json',
) => {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
};

/** Looks `ref` up at `baseUrl`; fails the test if it takes longer than the budget plus slack. */
async function lookUp(baseUrl: string, ref = '127.0.0.1:1/app:1', timeoutMs = 1500): Promise<RegistryResult> {
  cases++;
  const started = Date.now();
  const result = await lookupRegistrySize(ref, { timeoutMs, registryBaseUrl: () => baseUrl });
  assert.ok(
    Date.now() - started < timeoutMs + 1500,
    `look-up took ${Date.now() - started} ms with a ${timeoutMs} ms budget`,
  );
  return result;
}

function assertFailure(result: RegistryResult, reasons: string[], message?: RegExp): void {
  assert.equal(result.ok, false, JSON.stringify(result).slice(0, 300));
  if (result.ok) return;
  assert.ok(reasons.includes(result.reason), `reason ${result.reason}: ${result.message}`);
  assert.ok(result.message.length > 0);
  if (message) assert.match(result.message, message);
}

test('a refused connection and a socket that never answers', async () => {
  const closed = net.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as net.AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  assertFailure(await lookUp(`http://127.0.0.1:${port}`), ['unreachable'], /ECONNREFUSED/);
  const silent = await fakeRegistry(() => undefined);
  assertFailure(await lookUp(silent, undefined, 400), ['timeout'], /400 ms/);
});

test('HTTP 500, 502 and a 200 whose body is not JSON', async () => {
  for (const status of [500, 502, 503])
    assertFailure(
      await lookUp(await fakeRegistry((_, res) => json(res, 'oops', status))),
      ['bad-response'],
      new RegExp(String(status)),
    );
  assertFailure(
    await lookUp(await fakeRegistry((_, res) => json(res, '{"layers": [ {"size": 1,'))),
    ['bad-response'],
    /not JSON/,
  );
  assertFailure(await lookUp(await fakeRegistry((_, res) => json(res, '\0\0\0<html>'))), ['bad-response']);
});

test('JSON of the wrong shape: null, arrays, index entries that are not objects, sizes that are strings', async () => {
  const bodies = [
    'null',
    '[]',
    '42',
    '"manifest"',
    '{}',
    '{"layers": "all"}',
    '{"layers": [null]}',
    '{"layers": [{"digest": "sha256:a", "size": "12"}]}',
    '{"manifests": null, "layers": []}',
    '{"manifests": [null, 1, "x", {"platform": null}]}',
    '{"manifests": [{"digest": "sha256:b", "platform": {"os": "linux", "architecture": "amd64"}}]}', // points to itself: the "manifest" is an index again
  ];
  for (const body of bodies) {
    const result = await lookUp(await fakeRegistry((_, res) => json(res, body)));
    if (body === '{"manifests": null, "layers": []}') {
      assert.equal(result.ok, true, 'a manifest with no layers weighs 0 bytes');
      continue;
    }
    assertFailure(result, ['bad-response', 'no-platform'], undefined);
  }
});

test('a manifest of 10 000 layers is summed exactly and quickly', async () => {
  const layers = Array.from({ length: 10_000 }, (_, i) => ({
    mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
    digest: `sha256:${i.toString(16).padStart(64, '0')}`,
    size: i + 1,
  }));
  const base = await fakeRegistry((_, res) =>
    json(res, JSON.stringify({ schemaVersion: 2, config: { digest: 'sha256:c', size: 1 }, layers })),
  );
  const result = await lookUp(base);
  assert.ok(result.ok, JSON.stringify(result));
  assert.equal(result.size.layers.length, 10_000);
  assert.equal(result.size.compressedBytes, (10_000 * 10_001) / 2);
});

test('an endless chunked body is cut off, not buffered until the memory runs out', async () => {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const base = await fakeRegistry((_, res) => {
    // Per response: the look-up's HEAD gets the same headers first (a HEAD answer carries no body).
    let sent = 0;
    res.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' }); // no Content-Length: chunked
    res.write('{"layers": [');
    const pump = () => {
      // Bounded even if the client never stops reading: at most 256 MB.
      while (sent < 256 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
      if (sent < 256 * 1024 * 1024 && !res.destroyed) res.once('drain', pump);
      else res.end();
    };
    res.on('close', () => {
      sent = Number.POSITIVE_INFINITY;
    });
    pump();
  });
  const heapBefore = process.memoryUsage().heapUsed;
  assertFailure(await lookUp(base, undefined, 5000), ['bad-response'], /too large/);
  assert.ok(process.memoryUsage().heapUsed - heapBefore < 64 * 1024 * 1024, 'did not buffer the stream');
});

test('headers then a body that stalls halfway times out at the budget', async () => {
  const base = await fakeRegistry((_, res) => {
    res.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json', 'Content-Length': '1000' });
    res.write('{"layers": [');
  });
  assertFailure(await lookUp(base, undefined, 500), ['timeout']);
});

test('a redirect loop and a broken anonymous-token endpoint', async () => {
  const loop = await fakeRegistry((req, res) => {
    res.writeHead(302, { Location: req.url });
    res.end();
  });
  assertFailure(await lookUp(loop), ['unreachable', 'bad-response']);
  let origin = '';
  origin = await fakeRegistry((req, res) => {
    if (req.url?.startsWith('/token')) return json(res, '{"token": ', 200, 'application/json');
    res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="${origin}/token",service="fake"` });
    res.end();
  });
  assertFailure(await lookUp(origin), ['unauthorized', 'bad-response']);
  const noRealm = await fakeRegistry((_, res) => {
    res.writeHead(401, { 'WWW-Authenticate': 'Bearer ,,,' });
    res.end();
  });
  assertFailure(await lookUp(noRealm), ['unauthorized']);
});
