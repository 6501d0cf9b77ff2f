// Issue 15 §1: registry look-ups cost the user nothing — counted at loopback servers.
//  - Docker Hub: Hub's tags API, one GET, never a manifest GET (Docker counts those as pulls). Hub
//    itself is unreachable from the test machine (no network), so a loopback server stands in for
//    its tags API: it answers `/v2/namespaces/{ns}/repositories/{repo}/tags/{tag}` in Hub's shape
//    (images[].size / digest / last_pushed per platform) from a table, and counts requests.
//    The look-ups reach it through LAYERWISE_HUB_API_URL (CLI, server) or the hubApiUrl option.
//  - Other registries: Debian's docker-registry (the real distribution API), behind a loopback
//    front that counts and forwards every request unchanged (and, where a test asks, plays the
//    anonymous token gate or answers 429 with Retry-After, which the real registry never does).
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startRegistry, type LocalRegistry } from '../support/docker-env';
import { OCI_INDEX, OCI_MANIFEST, pushImage, pushManifest } from '../support/registryImages';
import { fileUri, ROOT, startServer, type TestClient } from '../support/lspClient';
import {
  CodeActionRequest,
  DidSaveTextDocumentNotification,
  InlayHintRequest,
  type InlayHint,
} from 'vscode-languageserver-protocol/node';
import { listen, startHubStandIn, type Recorder } from '../support/hubStandIn';
import { lookupRegistrySize } from '../../server/src/sizes/registry';

const SETUP_TIMEOUT = 10 * 60_000;
const CLI = path.join(ROOT, 'dist', 'cli.js');
const HOUR = 3600_000;

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

const NODE_SLIM = [
  { os: 'linux', architecture: 'amd64', size: 70_683_740 },
  { os: 'linux', architecture: 'arm64', variant: 'v8', size: 70_100_000 },
];

describe('Docker Hub: sizes from the tags API, one request, then none', () => {
  let hub: Recorder;
  let cacheDir: string;
  const env = () => ({ ...process.env, LAYERWISE_HUB_API_URL: hub.url, DOCKER_HOST: 'unix:///nonexistent.sock' });

  before(async () => {
    assert.ok(fs.existsSync(CLI), 'run `npm run build` first');
    hub = await startHubStandIn({ 'library/node:20-slim': NODE_SLIM });
    cacheDir = tempDir('layerwise-hub-cache-');
  });

  after(async () => {
    await hub?.close();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  it('one GET of the tag, the per-platform size; another platform of the tag and a CLI run ask nothing', async () => {
    const amd = await lookupRegistrySize('node:20-slim', { hubApiUrl: hub.url, cacheDir });
    assert.ok(amd.ok, JSON.stringify(amd));
    assert.equal(amd.size.compressedBytes, 70_683_740);
    assert.equal(amd.size.api, 'hub-tags');
    assert.equal(amd.size.lastPushed, '2026-11-20T09:59:00.000000Z');
    assert.deepEqual(hub.requests, ['GET /v2/namespaces/library/repositories/node/tags/20-slim']);
    const arm = await lookupRegistrySize('node:20-slim', { hubApiUrl: hub.url, cacheDir, platform: 'linux/arm64' });
    assert.ok(arm.ok && arm.size.compressedBytes === 70_100_000, JSON.stringify(arm));
    // Another process (the CLI) with the same cache: nothing asked.
    const cli = await runCli(['size', 'node:20-slim', '--no-daemon', '--cache-dir', cacheDir], env());
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(
      cli.stdout,
      /download \(compressed\)\s+71 MB\s+Docker Hub tags API http:\/\/127\.0\.0\.1:\d+ \(cached\), 2026-11-20/,
    );
    assert.equal(hub.requests.length, 1, `requests: ${hub.requests.join(', ')}`);
  });

  it('a 404 is asked once and not again within the hour (same process, a CLI run), again after it', async () => {
    const t0 = Date.now();
    const before_ = hub.requests.length;
    const first = await lookupRegistrySize('node:2', { hubApiUrl: hub.url, cacheDir, now: () => t0 });
    assert.equal(first.ok ? 'ok' : first.reason, 'not-found');
    assert.equal(hub.requests.length - before_, 1);
    const again = await lookupRegistrySize('node:2', { hubApiUrl: hub.url, cacheDir, now: () => t0 + 59 * 60_000 });
    assert.equal(again.ok ? 'ok' : again.reason, 'not-found');
    const cli = await runCli(['size', 'node:2', '--no-daemon', '--cache-dir', cacheDir], env());
    assert.match(cli.stdout, /not found on Docker Hub \(remembered; asked again after an hour\)/);
    assert.equal(hub.requests.length - before_, 1, 'not asked again within the hour');
    const later = await lookupRegistrySize('node:2', { hubApiUrl: hub.url, cacheDir, now: () => t0 + HOUR + 60_000 });
    assert.equal(later.ok ? 'ok' : later.reason, 'not-found');
    assert.equal(hub.requests.length - before_, 2, 'asked again after the hour');
  });

  it('a digest reference: its tag is looked up and the digest checked; a bare digest asks nothing', async () => {
    const before_ = hub.requests.length;
    const pinned = await lookupRegistrySize(`node:20-slim@sha256:${'0'.repeat(64)}`, { hubApiUrl: hub.url });
    assert.ok(pinned.ok, JSON.stringify(pinned));
    const stale = await lookupRegistrySize(`node:20-slim@sha256:${'f'.repeat(64)}`, { hubApiUrl: hub.url });
    assert.equal(stale.ok ? 'ok' : stale.reason, 'not-found');
    assert.match(stale.ok ? '' : stale.message, /at another digest now/);
    const bare = await lookupRegistrySize(`node@sha256:${'0'.repeat(64)}`, { hubApiUrl: hub.url });
    assert.equal(bare.ok ? 'ok' : bare.reason, 'not-found');
    assert.equal(hub.requests.length - before_, 2, 'the bare digest sent nothing');
    assert.ok(
      hub.requests.every((r) => r.startsWith('GET /v2/namespaces/')),
      'only the tags API: no manifest GET',
    );
  });
});

describe('Docker Hub answering 429 with Retry-After', () => {
  it('no request before the time it names, in this process or a CLI run; asked again after it', async () => {
    let limited = true;
    const hub = await startHubStandIn(
      { 'library/node:20-slim': NODE_SLIM, 'library/node:22-slim': NODE_SLIM },
      { retryAfter: () => (limited ? '2' : undefined) },
    );
    const cacheDir = tempDir('layerwise-hub-429-');
    try {
      const started = Date.now();
      const first = await lookupRegistrySize('node:20-slim', { hubApiUrl: hub.url, cacheDir });
      assert.equal(first.ok ? 'ok' : first.reason, 'rate-limited');
      assert.equal(hub.requests.length, 1);
      limited = false;
      // Another image on the same registry, then another process: both wait.
      const other = await lookupRegistrySize('node:22-slim', { hubApiUrl: hub.url, cacheDir });
      assert.equal(other.ok ? 'ok' : other.reason, 'rate-limited');
      assert.match(other.ok ? '' : other.message, /asked to wait until .* not asked before then/);
      const cli = await runCli(['size', 'node:22-slim', '--no-daemon', '--cache-dir', cacheDir], {
        ...process.env,
        LAYERWISE_HUB_API_URL: hub.url,
      });
      assert.match(cli.stdout, /asked to wait until/);
      assert.ok(Date.now() - started < 2000, 'still inside the Retry-After window');
      assert.equal(hub.requests.length, 1, `requests: ${hub.requests.join(', ')}`);
      await new Promise((r) => setTimeout(r, Math.max(0, started + 2100 - Date.now())));
      const after_ = await lookupRegistrySize('node:22-slim', { hubApiUrl: hub.url, cacheDir });
      assert.ok(after_.ok, JSON.stringify(after_));
      assert.equal(hub.requests.length, 2);
    } finally {
      await hub.close();
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});

describe('other registries: HEAD first, GET only for a new digest (real docker-registry)', () => {
  let registry: LocalRegistry;
  let front: Recorder;
  let cacheDir: string;
  let layerBytes = 0;
  const gate = { token: false, tokens: 0, expiresIn: 300, tooMany: undefined as string | undefined };
  const ref = () => `${new URL(front.url).host}/multi/app:1`;

  before(
    async () => {
      registry = await startRegistry();
      cacheDir = tempDir('layerwise-dist-cache-');
      const amd = await pushImage(registry, 'multi/app', 'amd', [40_000, 2_000]);
      const arm = await pushImage(registry, 'multi/app', 'arm', [30_000], { architecture: 'arm64', os: 'linux' });
      layerBytes = amd.layerBytes;
      await pushManifest(registry, 'multi/app', '1', OCI_INDEX, {
        schemaVersion: 2,
        mediaType: OCI_INDEX,
        manifests: [
          { mediaType: OCI_MANIFEST, ...amd.descriptor, platform: { architecture: 'amd64', os: 'linux' } },
          { mediaType: OCI_MANIFEST, ...arm.descriptor, platform: { architecture: 'arm64', os: 'linux' } },
        ],
      });
      // The counting front: forwards method, path and Accept to the real registry, unchanged.
      front = await listen(async (req, res) => {
        if (req.url?.startsWith('/token')) {
          gate.tokens++;
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ token: `anon-${gate.tokens}`, expires_in: gate.expiresIn }));
          return;
        }
        if (gate.tooMany !== undefined) {
          res.writeHead(429, { 'Retry-After': gate.tooMany }).end();
          return;
        }
        if (gate.token && !req.headers.authorization?.startsWith('Bearer anon-')) {
          res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="${front.url}/token",service="front.test"` }).end();
          return;
        }
        const upstream = await fetch(`${registry.url}${req.url}`, {
          method: req.method,
          headers: { Accept: String(req.headers.accept ?? '') },
        });
        const headers: Record<string, string> = {};
        for (const name of ['content-type', 'content-length', 'docker-content-digest']) {
          const value = upstream.headers.get(name);
          if (value) headers[name] = value;
        }
        res.writeHead(upstream.status, headers);
        res.end(req.method === 'HEAD' ? undefined : Buffer.from(await upstream.arrayBuffer()));
      }, []);
    },
    { timeout: SETUP_TIMEOUT },
  );

  after(async () => {
    await front?.close();
    await registry?.stop();
    if (cacheDir) fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  const manifestRequests = () => front.requests.filter((r) => r.includes('/manifests/'));

  it('cold: HEAD the tag, GET the index and the manifest by digest; warm: nothing; a day later: one HEAD, no GET', async () => {
    const t0 = Date.now();
    front.requests.length = 0;
    const cold = await lookupRegistrySize(ref(), { cacheDir, now: () => t0 });
    assert.ok(cold.ok, JSON.stringify(cold));
    assert.equal(cold.size.compressedBytes, layerBytes);
    assert.equal(front.requests[0], 'HEAD /v2/multi/app/manifests/1');
    assert.deepEqual(
      front.requests.map((r) => r.replace(/sha256:[0-9a-f]{64}/, 'DIGEST')),
      ['HEAD /v2/multi/app/manifests/1', 'GET /v2/multi/app/manifests/DIGEST', 'GET /v2/multi/app/manifests/DIGEST'],
    );
    const warm = await lookupRegistrySize(ref(), { cacheDir, now: () => t0 + 60_000 });
    assert.ok(warm.ok && warm.size.fromCache);
    assert.equal(front.requests.length, 3);
    const nextDay = await lookupRegistrySize(ref(), { cacheDir, now: () => t0 + 25 * HOUR });
    assert.ok(nextDay.ok && nextDay.size.compressedBytes === layerBytes, JSON.stringify(nextDay));
    assert.deepEqual(
      front.requests.slice(3),
      ['HEAD /v2/multi/app/manifests/1'],
      'same digest: sizes from the digest cache',
    );
  });

  it('a tag moved to new content: the new digest is read (HEAD, then GETs)', async () => {
    const t0 = Date.now();
    const moved = await pushImage(registry, 'multi/app', '1', [12_345]);
    front.requests.length = 0;
    const result = await lookupRegistrySize(ref(), { cacheDir, now: () => t0 + 50 * HOUR });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.size.compressedBytes, moved.layerBytes);
    assert.deepEqual(
      front.requests.map((r) => r.replace(/sha256:[0-9a-f]{64}/, 'DIGEST')),
      ['HEAD /v2/multi/app/manifests/1', 'GET /v2/multi/app/manifests/DIGEST'],
    );
  });

  it('a 404 is asked with one HEAD and remembered for an hour', async () => {
    const t0 = Date.now();
    front.requests.length = 0;
    for (const offset of [0, 30 * 60_000, 59 * 60_000]) {
      const r = await lookupRegistrySize(`${new URL(front.url).host}/multi/app:nope`, {
        cacheDir,
        now: () => t0 + offset,
      });
      assert.equal(r.ok ? 'ok' : r.reason, 'not-found');
    }
    assert.deepEqual(front.requests, ['HEAD /v2/multi/app/manifests/nope']);
  });

  it('the anonymous token is reused until expires_in, then fetched again', async () => {
    gate.token = true;
    gate.tokens = 0;
    gate.expiresIn = 120;
    const t0 = Date.now();
    try {
      for (const tag of ['amd', 'arm']) {
        const r = await lookupRegistrySize(`${new URL(front.url).host}/multi/app:${tag}`, { now: () => t0 });
        assert.ok(r.ok, JSON.stringify(r));
      }
      assert.equal(gate.tokens, 1, 'one token for two look-ups');
      const later = await lookupRegistrySize(`${new URL(front.url).host}/multi/app:amd`, { now: () => t0 + 130_000 });
      assert.ok(later.ok, JSON.stringify(later));
      assert.equal(gate.tokens, 2, 'a new token once the first expired');
    } finally {
      gate.token = false;
    }
  });

  it('429 with Retry-After: no request to that registry before it', async () => {
    gate.tooMany = '60';
    const t0 = Date.now();
    front.requests.length = 0;
    try {
      const first = await lookupRegistrySize(`${new URL(front.url).host}/multi/app:amd`, { cacheDir, now: () => t0 });
      assert.equal(first.ok ? 'ok' : first.reason, 'rate-limited');
      gate.tooMany = undefined;
      for (const [tag, offset] of [
        ['arm', 1000],
        ['amd', 59_000],
      ] as const) {
        const r = await lookupRegistrySize(`${new URL(front.url).host}/multi/app:${tag}`, {
          cacheDir,
          now: () => t0 + offset,
        });
        assert.equal(r.ok ? 'ok' : r.reason, 'rate-limited');
      }
      assert.equal(front.requests.length, 1, `requests: ${front.requests.join(', ')}`);
      const after_ = await lookupRegistrySize(`${new URL(front.url).host}/multi/app:amd`, {
        cacheDir,
        now: () => t0 + 61_000,
      });
      assert.ok(after_.ok, JSON.stringify(after_));
      assert.ok(manifestRequests().length >= 2);
    } finally {
      gate.tooMany = undefined;
    }
  });
});

describe('the editor: no look-ups while typing; hover and save ask at once; a restart asks nothing', () => {
  let hub: Recorder;
  let dir: string;
  let client: TestClient;
  let refreshes = 0;
  const HUB_SIZE = 66_000_000; // not the catalogue's 71 MB: a hint showing 66 MB came from the stand-in
  const tagRequests = (tag: string) =>
    hub.requests.filter((r) => r === `GET /v2/namespaces/library/repositories/node/tags/${tag}`).length;

  async function start(): Promise<TestClient> {
    const c = await startServer({
      rootDir: dir,
      settings: { sizes: { registryLookups: true, inlayHints: true } },
      env: {
        ...process.env,
        LAYERWISE_HUB_API_URL: hub.url,
        LAYERWISE_CACHE_DIR: path.join(dir, 'cache'),
        DOCKER_HOST: 'unix:///nonexistent/docker.sock',
      },
      workspaceCapabilities: {
        configuration: true,
        didChangeConfiguration: { dynamicRegistration: true },
        inlayHint: { refreshSupport: true },
      },
    });
    c.connection.onRequest('workspace/inlayHint/refresh', () => {
      refreshes++;
      return null;
    });
    return c;
  }

  const hints = async (uri: string) =>
    ((await client.connection.sendRequest(InlayHintRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } },
    })) ?? []) as InlayHint[];
  const hover = (uri: string, character = 8) => client.hover(uri, 0, character);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!condition()) {
      assert.ok(Date.now() < end, `not within ${timeoutMs} ms; requests: ${hub.requests.join(', ')}`);
      await sleep(50);
    }
  }

  before(async () => {
    assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'server.js')), 'run `npm run build` first');
    const image = (size: number) => [{ os: 'linux', architecture: 'amd64', size }];
    hub = await startHubStandIn({
      'library/node:20-slim': image(HUB_SIZE),
      'library/node:22-slim': image(77_000_000),
      'library/node:24-slim': image(88_000_000),
    });
    dir = tempDir('layerwise-lookups-lsp-');
    client = await start();
  });

  after(async () => {
    await client?.stop();
    await hub?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('typing FROM node:20-slim one key at a time (inlay hints and code actions asked after each): 0 requests until the line is still, then 1', async () => {
    const uri = fileUri(path.join(dir, 'Dockerfile.typed'));
    const line = 'FROM node:20-slim';
    client.open(uri, '\nRUN true\n');
    let version = 1;
    for (let i = 1; i <= line.length; i++) {
      const text = `${line.slice(0, i)}\nRUN true\n`;
      client.change(uri, ++version, text);
      await hints(uri);
      await client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: { start: { line: 0, character: i }, end: { line: 0, character: i } },
        context: { diagnostics: [] },
      });
      await sleep(60);
    }
    assert.equal(hub.requests.length, 0, `while typing: ${hub.requests.join(', ')}`);
    const typed = await hints(uri);
    assert.equal(typed.length, 1);
    assert.doesNotMatch(
      String(typed[0].label),
      /^≈? ?66 MB/,
      "meanwhile the catalogue answers, not the stand-in's figure",
    );
    assert.match(String(typed[0].label), / download$/, 'the hint says which kind of figure it is');
    // Still for 1.5 s: the look-up goes out, then the client is asked to refresh its hints (waited
    // for, up to 8 s: the machine is shared and slow at times).
    await until(() => refreshes >= 1, 8000);
    await sleep(300);
    assert.deepEqual(hub.requests, ['GET /v2/namespaces/library/repositories/node/tags/20-slim'], 'once still: 1');
    assert.deepEqual(
      (await hints(uri)).map((h) => h.label),
      ['66 MB download'],
    );
    assert.equal(hub.requests.length, 1);
  });

  it('a bare repository name (FROM node) is never looked up: not on hover, not when still', async () => {
    const uri = fileUri(path.join(dir, 'Dockerfile.bare'));
    client.open(uri, 'FROM node\n');
    await hints(uri);
    const md = await hover(uri, 6);
    await sleep(1800);
    await hover(uri, 6);
    assert.equal(tagRequests('latest'), 0);
    assert.match(md, /not asked: `node` names no tag/);
  });

  it('open + 10 hovers: 1 request', async () => {
    const uri = fileUri(path.join(dir, 'Dockerfile.hovered'));
    client.open(uri, 'FROM node:22-slim\nRUN true\n');
    await hints(uri);
    const answers: string[] = [];
    for (let i = 0; i < 10; i++) answers.push(await hover(uri));
    assert.match(
      answers[0],
      /Download \(compressed\): \*\*77 MB\*\* — Docker Hub tags API http:\/\/127\.0\.0\.1:\d+, 2026-11-20/,
    );
    assert.ok(answers.every((a) => a === answers[0]));
    await sleep(1800); // the still-line look-up finds it known
    assert.equal(tagRequests('22-slim'), 1);
  });

  it('save asks at once, while the document is still being edited', async () => {
    const uri = fileUri(path.join(dir, 'Dockerfile.saved'));
    client.open(uri, 'FROM node:24-slim\nRUN true\n');
    client.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
    // Keep editing another line every 300 ms for 3 s: the document never stands still for 1.5 s, so
    // only the save can have sent the look-up.
    for (let version = 2; version <= 11; version++) {
      client.change(uri, version, `FROM node:24-slim\nRUN true${' '.repeat(version)}\n`);
      await sleep(300);
    }
    assert.equal(tagRequests('24-slim'), 1);
  });

  it('a restart asks nothing: the answers are on disk', async () => {
    await client.stop();
    const before_ = hub.requests.length;
    client = await start();
    const uri = fileUri(path.join(dir, 'Dockerfile.hovered'));
    client.open(uri, 'FROM node:20-slim\nFROM node:22-slim\n');
    await hints(uri);
    const md = await hover(uri);
    await sleep(1800);
    assert.deepEqual(
      (await hints(uri)).map((h) => h.label),
      ['66 MB download', '77 MB download'],
    );
    assert.match(md, /66 MB\*\* — Docker Hub tags API http:\/\/127\.0\.0\.1:\d+ \(cached\)/);
    assert.equal(hub.requests.length, before_, `after the restart: ${hub.requests.slice(before_).join(', ')}`);
  });
});
