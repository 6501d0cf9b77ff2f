// Issue 15 §2: look-ups cannot be aimed at the user's network. A Dockerfile names the registry and
// the registry names its token realm; in an untrusted workspace only public registry hosts are
// asked, and a realm is fetched only on the registry's own host or its known token service.
// The "registries" here are loopback servers that count every TCP connection and request they get:
// they stand in for services on the user's network (the thing that must not be reached), so the
// counts are the test. The language server is the real one over stdio.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { InlayHintRequest } from 'vscode-languageserver-protocol/node';
import { lookupRegistrySize } from '../../server/src/sizes/registry';
import { isPublicAddress, notPublicReason, realmRefusal } from '../../server/src/sizes/guard';
import { startServer, fileUri, ROOT } from '../support/lspClient';

interface Counting {
  url: string;
  port: number;
  host: string;
  connections: number;
  requests: string[];
  close(): Promise<void>;
}

/** An HTTP server on `address` counting connections and requests; answers with `handler` (default 404). */
async function countingServer(address = '127.0.0.1', handler?: http.RequestListener): Promise<Counting> {
  const state = { connections: 0, requests: [] as string[] };
  const server = http.createServer((req, res) => {
    state.requests.push(`${req.method} ${req.url}`);
    if (handler) return handler(req, res);
    res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
  });
  server.on('connection', () => state.connections++);
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const port = (server.address() as net.AddressInfo).port;
  return Object.assign(state, {
    url: `http://${address}:${port}`,
    port,
    host: `${address}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  }) as Counting;
}

describe('untrusted workspace: only public registry hosts', () => {
  it('addresses: loopback, private, link-local, CGNAT, mapped and NAT64 forms are not public; public ones are', () => {
    for (const a of [
      '127.0.0.1',
      '127.9.9.9',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '64:ff9b::a00:1',
      '[::1]',
      'not-an-ip',
    ])
      assert.equal(isPublicAddress(a), false, a);
    for (const a of ['8.8.8.8', '172.32.0.1', '104.16.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])
      assert.equal(isPublicAddress(a), true, a);
  });

  it('names are resolved first: one that resolves to loopback is refused', async () => {
    // /etc/hosts maps localhost to 127.0.0.1 on every machine; the name itself is not special-cased.
    assert.match((await notPublicReason('localhost')) ?? '', /localhost resolves to (127\.0\.0\.1|::1)/);
    assert.match((await notPublicReason('127.0.0.1')) ?? '', /not a public address/);
    assert.equal(await notPublicReason('8.8.8.8'), undefined);
  });

  it('lookupRegistrySize with publicOnly sends nothing to 127.0.0.1, localhost or [::1]; without it the registry is asked', async () => {
    const target = await countingServer();
    try {
      for (const ref of [`127.0.0.1:${target.port}/x:1`, `localhost:${target.port}/x:1`]) {
        const result = await lookupRegistrySize(ref, { publicOnly: true });
        assert.equal(result.ok ? 'ok' : result.reason, 'refused', ref);
        assert.match(result.ok ? '' : result.message, /untrusted workspace/);
      }
      const v6 = await lookupRegistrySize(`[::1]:${target.port}/x:1`, { publicOnly: true });
      assert.equal(v6.ok ? 'ok' : v6.reason, 'refused');
      assert.equal(target.connections, 0, 'no connection reached the private address');
      // Control: trusted, the same reference reaches the server.
      const trusted = await lookupRegistrySize(`127.0.0.1:${target.port}/x:1`);
      assert.equal(trusted.ok ? 'ok' : trusted.reason, 'not-found');
      assert.ok(target.connections >= 1 && target.requests.length >= 1);
    } finally {
      await target.close();
    }
  });

  it('a public registry that redirects to a private address: the redirect is not followed', async () => {
    // The registry is the caller's configured base URL (exempt, as a configured mirror is); what it
    // sends the look-up to is the document's choice and is checked.
    const inside = await countingServer();
    const registry = await countingServer('127.0.0.1', (_req, res) => {
      res.writeHead(307, { Location: `http://localhost:${inside.port}/v2/x/manifests/1` }).end();
    });
    try {
      const result = await lookupRegistrySize('registry.example/x:1', {
        publicOnly: true,
        registryBaseUrl: () => registry.url,
      });
      assert.equal(result.ok ? 'ok' : result.reason, 'refused');
      assert.ok(registry.requests.length >= 1, 'the configured registry was asked');
      assert.equal(inside.connections, 0);
    } finally {
      await Promise.all([inside.close(), registry.close()]);
    }
  });
});

describe('token realm: only on the registry host or its known token service', () => {
  it('the rule', () => {
    const hub = new URL('https://registry-1.docker.io');
    assert.equal(realmRefusal(new URL('https://auth.docker.io/token'), hub), undefined);
    assert.equal(realmRefusal(new URL('https://ghcr.io/token'), new URL('https://ghcr.io')), undefined);
    assert.equal(realmRefusal(new URL('http://127.0.0.1:25001/t'), new URL('http://127.0.0.1:25000')), undefined);
    assert.match(realmRefusal(new URL('https://evil.example/token'), hub) ?? '', /neither registry-1.docker.io/);
    assert.match(
      realmRefusal(new URL('http://127.0.0.1:25001/internal-admin/delete?x=1'), new URL('https://ghcr.io')) ?? '',
      /plain HTTP/,
    );
    assert.match(realmRefusal(new URL('file:///etc/passwd'), hub) ?? '', /not HTTP/);
  });

  it('a registry whose realm is on another host: the realm is never fetched (trusted workspace too)', async () => {
    // 127.0.0.2 is loopback too (Linux routes 127/8 to lo): another host name for the same machine.
    const realm = await countingServer('127.0.0.2');
    const registry = await countingServer('127.0.0.1', (_req, res) => {
      res
        .writeHead(401, {
          'WWW-Authenticate': `Bearer realm="${realm.url}/internal-admin/delete?x=1",service="registry.test"`,
        })
        .end();
    });
    try {
      const result = await lookupRegistrySize(`${registry.host}/x:1`);
      assert.equal(result.ok ? 'ok' : result.reason, 'unauthorized');
      assert.match(result.ok ? '' : result.message, /token realm http:\/\/127\.0\.0\.2:\d+ is neither 127\.0\.0\.1/);
      assert.ok(registry.requests.length >= 1);
      assert.equal(realm.connections, 0, 'the realm on another host was not fetched');
    } finally {
      await Promise.all([realm.close(), registry.close()]);
    }
  });
});

describe('language server in an untrusted workspace (initializationOptions.workspaceTrusted: false)', () => {
  let target: Counting;
  let dir: string;

  before(async () => {
    assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'server.js')), 'run `npm run build` first');
    target = await countingServer();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-untrusted-'));
  });

  after(async () => {
    await target?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('FROM 127.0.0.1:PORT/x:1: hover and inlay hints send 0 requests; once trust is granted the hover asks', async () => {
    const client = await startServer({
      rootDir: dir,
      settings: { sizes: { registryLookups: true, inlayHints: true } },
      initializationOptions: { workspaceTrusted: false },
      env: { ...process.env, LAYERWISE_CACHE_DIR: path.join(dir, 'cache'), DOCKER_HOST: 'unix:///nonexistent.sock' },
    });
    try {
      const uri = fileUri(path.join(dir, 'Dockerfile'));
      const text = `FROM ${target.host}/x:1\nRUN true\n`;
      client.open(uri, text);
      const hover = () => client.hover(uri, 0, 8);
      await client.connection.sendRequest(InlayHintRequest.type, {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } },
      });
      await hover();
      // Longer than the idle delay after which a still FROM line is looked up.
      await new Promise((r) => setTimeout(r, 2000));
      await hover();
      assert.equal(target.connections, 0, `requests: ${target.requests.join(', ')}`);
      client.connection.sendNotification('layerwise/workspaceTrusted');
      await new Promise((r) => setTimeout(r, 100));
      await hover();
      assert.ok(target.requests.length >= 1, 'trusted now: the registry is asked');
    } finally {
      await client.stop();
    }
  });
});
