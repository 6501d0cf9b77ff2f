// The stand-ins the server's bundle gets for crypto and https (scripts/build.mjs; issue 16 §3) load the
// real module on the first call and answer as it does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, createHmac, randomBytes } from '../../server/src/lazyCrypto';
import { get } from '../../server/src/lazyHttps';

test('lazyCrypto: the same hashes, HMACs and random bytes as node:crypto', async () => {
  assert.equal(
    createHash('sha256').update('layerwise').digest('hex'),
    crypto.createHash('sha256').update('layerwise').digest('hex'),
  );
  assert.equal(
    createHmac('sha1', 'key').update('host').digest('base64'),
    crypto.createHmac('sha1', 'key').update('host').digest('base64'),
  );
  assert.equal(randomBytes(16).length, 16);
  const fromCallback = await new Promise<Buffer>((resolve, reject) =>
    randomBytes(8, (e, b) => (e ? reject(e) : resolve(b))),
  );
  assert.equal(fromCallback.length, 8);
});

test('lazyHttps: get goes through the real https (a TLS handshake against a plain HTTP server on loopback fails)', async () => {
  const server = http.createServer((_, res) => res.end('plain'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
      const request = get(`https://127.0.0.1:${port}/`, () => resolve(new Error('answered over TLS')));
      request.on('error', resolve);
    });
    assert.match(String(error.code ?? error.message), /EPROTO|ERR_SSL|ECONNRESET/);
  } finally {
    server.close();
  }
});
