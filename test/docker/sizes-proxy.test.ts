// Registry look-ups through a proxy, all real parts on loopback: Debian's docker-registry, a TLS
// front for it (node https server, self-signed certificate made by openssl) so the CONNECT path
// carries real TLS, and a small forwarding proxy written here (CONNECT tunnels and absolute-URI
// requests, really forwarded) that records what went through it. The last test drives the real
// language server over stdio with VS Code's `http` settings section.
import { after, before, beforeEach, afterEach, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startRegistry, type LocalRegistry } from '../support/docker-env';
import { pushImage } from '../support/registryImages';
import { selfSignedCertificate, startTlsRelay } from '../support/tls';
import { lookupRegistrySize } from '../../server/src/sizes/registry';
import { proxyFromSettings } from '../../server/src/sizes/proxy';
import { ConfigurationRequest } from 'vscode-languageserver-protocol/node';
import { startServer, ROOT } from '../support/lspClient';

const SETUP_TIMEOUT = 10 * 60_000;
const PROXY_VARS = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'];

interface ProxyLog {
  /** `CONNECT host:port` or `GET http://…` per request that went through. */
  requests: string[];
  /** Proxy-Authorization headers received. */
  auth: (string | undefined)[];
}

/**
 * A real forwarding proxy on 127.0.0.1: CONNECT tunnels and absolute-URI requests. With
 * `requireAuth` ("user:password") it answers 407 to requests without those credentials, as
 * corporate proxies do.
 */
async function startProxy(
  options: { requireAuth?: string } = {},
): Promise<{ url: string; port: number; log: ProxyLog; stop: () => Promise<void> }> {
  const log: ProxyLog = { requests: [], auth: [] };
  const sockets = new Set<net.Socket>();
  const refused = (req: http.IncomingMessage) =>
    options.requireAuth !== undefined &&
    req.headers['proxy-authorization'] !== `Basic ${Buffer.from(options.requireAuth).toString('base64')}`;
  const server = http.createServer((req, res) => {
    log.requests.push(`${req.method} ${req.url}`);
    log.auth.push(req.headers['proxy-authorization']);
    if (refused(req)) {
      res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="corp"' }).end();
      return;
    }
    const target = new URL(req.url!);
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port || 80,
        path: `${target.pathname}${target.search}`,
        method: req.method,
        headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    log.requests.push(`CONNECT ${req.url}`);
    log.auth.push(req.headers['proxy-authorization']);
    if (refused(req)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\n\r\n');
      return;
    }
    const [host, port] = req.url!.split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [upstream, client]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        upstream.destroy();
        client.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port with nothing listening (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('registry look-ups through a proxy', () => {
  let registry: LocalRegistry;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let tlsFront: https.Server;
  let tlsUrl: string;
  let certDir: string;
  let bytes = 0;
  const ref = () => `${registry.host}/proxy/app:1`;
  const saved: Record<string, string | undefined> = {};

  before(
    async () => {
      registry = await startRegistry();
      bytes = (await pushImage(registry, 'proxy/app', '1', [12_345, 54_321])).layerBytes;
      proxy = await startProxy();
      certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-proxy-tls-'));
      const cert = { subject: '/CN=127.0.0.1', altName: 'IP:127.0.0.1', key: 'key.pem', cert: 'cert.pem' };
      selfSignedCertificate(certDir, { ...cert, days: 1 });
      // TLS in front of the registry: forwards each request to it unchanged.
      const target = new URL(registry.url);
      const front = await startTlsRelay(
        { key: fs.readFileSync(path.join(certDir, 'key.pem')), cert: fs.readFileSync(path.join(certDir, 'cert.pem')) },
        { host: target.hostname, port: target.port, headers: { host: target.host } },
      );
      tlsFront = front.server;
      tlsUrl = `https://127.0.0.1:${front.port}`;
    },
    { timeout: SETUP_TIMEOUT },
  );

  after(async () => {
    await proxy?.stop();
    tlsFront?.closeAllConnections();
    await new Promise((resolve) => (tlsFront ? tlsFront.close(resolve) : resolve(undefined)));
    await registry?.stop();
    if (certDir) fs.rmSync(certDir, { recursive: true, force: true });
  });

  beforeEach(() => {
    for (const name of PROXY_VARS) {
      saved[name] = process.env[name];
      delete process.env[name];
    }
    proxy.log.requests.length = 0;
    proxy.log.auth.length = 0;
  });

  afterEach(() => {
    for (const name of PROXY_VARS) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  /** The look-up's requests through the proxy: HEAD of the tag, then GET of the manifest by its digest. */
  function assertHeadThenGet(requests: string[]): void {
    assert.equal(requests.length, 2, JSON.stringify(requests));
    assert.equal(requests[0], `HEAD ${registry.url}/v2/proxy/app/manifests/1`);
    assert.match(requests[1], new RegExp(`^GET ${registry.url}/v2/proxy/app/manifests/sha256:[0-9a-f]{64}$`));
  }

  async function sizeOf(result: Awaited<ReturnType<typeof lookupRegistrySize>>): Promise<number> {
    assert.ok(result.ok, result.ok ? '' : `${result.reason}: ${result.message}`);
    return result.size.compressedBytes;
  }

  it('without a proxy the registry is asked directly', async () => {
    assert.equal(await sizeOf(await lookupRegistrySize(ref())), bytes);
    assert.deepEqual(proxy.log.requests, []);
  });

  it('HTTP_PROXY: a plain-http registry is asked through the proxy (absolute URI), same size; credentials go in Proxy-Authorization', async () => {
    process.env.HTTP_PROXY = `http://alice:s%40cret@127.0.0.1:${proxy.port}`;
    assert.equal(await sizeOf(await lookupRegistrySize(ref())), bytes);
    // HEAD first (the tag's digest; no pull counted), then the manifest by that digest: both through the proxy, HEAD kept.
    assertHeadThenGet(proxy.log.requests);
    const basic = `Basic ${Buffer.from('alice:s@cret').toString('base64')}`;
    assert.deepEqual(proxy.log.auth, [basic, basic]);
  });

  it('lower-case http_proxy is read too', async () => {
    process.env.http_proxy = proxy.url;
    assert.equal(await sizeOf(await lookupRegistrySize(ref())), bytes);
    assertHeadThenGet(proxy.log.requests);
    assert.deepEqual(proxy.log.auth, [undefined, undefined]);
  });

  it('HTTPS_PROXY: an https registry is reached through a CONNECT tunnel with TLS inside, same size', async () => {
    // The TLS front's certificate is self-signed, so verification is off as with http.proxyStrictSSL: false.
    const result = await lookupRegistrySize('tls.example/proxy/app:1', {
      registryBaseUrl: () => tlsUrl,
      proxy: proxyFromSettings({ proxyStrictSSL: false }, { HTTPS_PROXY: proxy.url }),
    });
    assert.equal(await sizeOf(result), bytes);
    // One tunnel per request: the HEAD, then the manifest GET.
    const tunnel = `CONNECT ${tlsUrl.replace('https://', '')}`;
    assert.deepEqual(proxy.log.requests, [tunnel, tunnel]);
  });

  it('through the tunnel the registry certificate is verified by default (a self-signed one is refused, clearly)', async () => {
    process.env.HTTPS_PROXY = proxy.url;
    const result = await lookupRegistrySize('tls.example/proxy/app:1', { registryBaseUrl: () => tlsUrl });
    assert.equal(result.ok ? 'ok' : result.reason, 'unreachable');
    assert.match(result.ok ? '' : result.message, /SELF_SIGNED|certificate/i);
    assert.equal(proxy.log.requests.length, 1, 'the tunnel was used');
  });

  it('VS Code http.proxy serves both schemes and wins over the environment', async () => {
    const refused = await closedPort();
    const config = proxyFromSettings({ proxy: proxy.url }, { HTTP_PROXY: `http://127.0.0.1:${refused}` });
    assert.equal(await sizeOf(await lookupRegistrySize(ref(), { proxy: config })), bytes);
    assertHeadThenGet(proxy.log.requests);
  });

  for (const noProxy of ['127.0.0.1', '*', 'localhost,127.0.0.1', '.0.0.1']) {
    it(`NO_PROXY=${noProxy} bypasses the proxy`, async () => {
      process.env.HTTP_PROXY = proxy.url;
      process.env.NO_PROXY = noProxy;
      assert.equal(await sizeOf(await lookupRegistrySize(ref())), bytes);
      assert.deepEqual(proxy.log.requests, []);
    });
  }

  it('NO_PROXY naming another host or another port of this host still uses the proxy', async () => {
    process.env.HTTP_PROXY = proxy.url;
    process.env.no_proxy = `registry.example.com,127.0.0.1:${Number(new URL(registry.url).port) + 1}`;
    assert.equal(await sizeOf(await lookupRegistrySize(ref())), bytes);
    assertHeadThenGet(proxy.log.requests);
  });

  it('a proxy that refuses connections: "unreachable" naming the proxy (no credentials), quickly, for both schemes', async () => {
    const port = await closedPort();
    process.env.HTTP_PROXY = `http://bob:hunter2@127.0.0.1:${port}`;
    process.env.HTTPS_PROXY = `http://bob:hunter2@127.0.0.1:${port}`;
    const started = Date.now();
    const plain = await lookupRegistrySize(ref());
    const secure = await lookupRegistrySize('tls.example/proxy/app:1', { registryBaseUrl: () => tlsUrl });
    assert.ok(Date.now() - started < 3000, 'within the 3 s budget');
    for (const result of [plain, secure]) {
      assert.equal(result.ok ? 'ok' : result.reason, 'unreachable');
      const message = result.ok ? '' : result.message;
      assert.match(message, new RegExp(`proxy http://127\\.0\\.0\\.1:${port}: ECONNREFUSED`));
      assert.doesNotMatch(message, /hunter2/);
    }
  });

  it('a proxy that wants credentials (407): a clear "put them in the proxy URL" without them, the size with them, both schemes', async () => {
    const guarded = await startProxy({ requireAuth: 'bob:hunter2' });
    try {
      // the TLS front's certificate is self-signed: verification off, as with http.proxyStrictSSL: false
      const lookups = (url: string) => {
        const config = proxyFromSettings({ proxyStrictSSL: false }, { HTTP_PROXY: url, HTTPS_PROXY: url });
        return Promise.all([
          lookupRegistrySize(ref(), { proxy: config }),
          lookupRegistrySize('tls.example/proxy/app:1', { registryBaseUrl: () => tlsUrl, proxy: config }),
        ]);
      };
      for (const result of await lookups(guarded.url)) {
        assert.equal(result.ok ? 'ok' : result.reason, 'unreachable');
        assert.match(
          result.ok ? '' : result.message,
          /proxy asks for credentials \(HTTP 407\): put them in the proxy URL/,
        );
      }
      for (const result of await lookups(guarded.url.replace('http://', 'http://bob:hunter2@')))
        assert.equal(await sizeOf(result), bytes);
      assert.ok(
        guarded.log.requests.some((r) => r.startsWith('CONNECT ')) &&
          guarded.log.requests.some((r) => r.startsWith('GET http://')),
        JSON.stringify(guarded.log.requests),
      );
    } finally {
      await guarded.stop();
    }
  });

  it('a proxy that accepts but never answers times out at the budget, no unhandled rejection', async () => {
    const held: net.Socket[] = [];
    const silent = net.createServer((s) => held.push(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    let unhandled = 0;
    const onRejection = () => unhandled++;
    process.on('unhandledRejection', onRejection);
    try {
      process.env.HTTP_PROXY = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
      const started = Date.now();
      const result = await lookupRegistrySize(ref(), { timeoutMs: 600 });
      const elapsed = Date.now() - started;
      assert.equal(result.ok ? 'ok' : result.reason, 'timeout');
      assert.ok(elapsed >= 550 && elapsed < 2000, `${elapsed} ms`);
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(unhandled, 0);
    } finally {
      process.off('unhandledRejection', onRejection);
      for (const s of held) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it(
    "language server: VS Code's http.proxy (pulled as section `http`) routes the FROM hover's registry look-up; http.noProxy bypasses it",
    { timeout: 60_000 },
    async () => {
      assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'server.js')), 'run `npm run build` first');
      const bytes2 = (await pushImage(registry, 'proxy/app', '2', [23_456])).layerBytes;
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-proxy-lsp-'));
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        LAYERWISE_CACHE_DIR: path.join(dir, 'cache'),
        DOCKER_HOST: 'unix:///nonexistent/docker.sock',
      };
      for (const name of PROXY_VARS) delete env[name];
      const client = await startServer({
        rootDir: dir,
        settings: { sizes: { registryLookups: true, inlayHints: false } },
        env,
      });
      let httpSection: Record<string, unknown> = { proxy: proxy.url, proxyStrictSSL: true };
      // VS Code answers every section asked for; the shared test client only knows `layerwise`.
      client.connection.onRequest(ConfigurationRequest.type, (p) =>
        p.items.map((item) =>
          item.section === 'layerwise' ? client.settings : item.section === 'http' ? httpSection : null,
        ),
      );
      const hover = (name: string, image: string) => client.openAndHover(name, `FROM ${image}\n`, 0, 8);
      try {
        const through = await hover('Dockerfile.a', ref());
        assert.match(
          through,
          new RegExp(
            `Download \\(compressed\\): \\*\\*${Math.round(bytes / 1000)} kB\\*\\* — registry ${registry.url.replace(/[.]/g, '\\.')}`,
          ),
        );
        assertHeadThenGet(proxy.log.requests);
        httpSection = { proxy: proxy.url, noProxy: ['127.0.0.1'] };
        client.changeSettings(client.settings);
        await new Promise((r) => setTimeout(r, 200));
        const direct = await hover('Dockerfile.b', `${registry.host}/proxy/app:2`);
        assert.match(direct, new RegExp(`Download \\(compressed\\): \\*\\*${Math.round(bytes2 / 1000)} kB\\*\\*`));
        assert.equal(proxy.log.requests.length, 2, 'the second look-up bypassed the proxy');
      } finally {
        await client.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
