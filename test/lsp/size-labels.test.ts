// Every size the editor shows says what it is (issue 15 §4), over the real server on stdio: the
// hover labels download (compressed) and on-disk figures, exact ones without ≈, alternatives with
// their own source and date and the line change off an end-of-life line; the inlay hint names the
// kind and its tooltip the source and date; a registry failure reads as a sentence.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as net from 'node:net';
import { InlayHintRequest, type InlayHint } from 'vscode-languageserver-protocol';
import { startServer, fileUri, type TestClient } from '../support/lspClient';

let client: TestClient;
let dir: string;
let cacheHome: string;
let refusedPort = 0;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-size-labels-'));
  cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-size-labels-cache-'));
  // A port nothing listens on: the registry named in the test Dockerfile refuses the connection.
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  refusedPort = (probe.address() as net.AddressInfo).port;
  await new Promise((r) => probe.close(r));
  client = await startServer({
    rootDir: dir,
    settings: { sizes: { registryLookups: false, inlayHints: true } },
    env: {
      ...process.env,
      DOCKER_HOST: `unix://${path.join(dir, 'no-docker.sock')}`,
      LAYERWISE_CACHE_DIR: cacheHome,
      // Registry look-ups (when turned on) go through a proxy that refuses: the registry cannot be reached.
      HTTPS_PROXY: `http://127.0.0.1:${refusedPort}`,
      HTTP_PROXY: `http://127.0.0.1:${refusedPort}`,
      NO_PROXY: '',
    },
  });
});

after(async () => {
  await client?.stop();
  for (const d of [dir, cacheHome]) fs.rmSync(d, { recursive: true, force: true });
});

test('hover: an exact download figure without ≈, alternatives with their own source and date, the basis of the savings', async () => {
  const md = await client.openAndHover('Dockerfile.exact', 'FROM node:22\n', 0, 7);
  assert.match(md, /- Download \(compressed\): \*\*408 MB\*\* — \[docker-library\/repo-info@3179cb4\]/);
  assert.doesNotMatch(md, /Download \(compressed\): \*\*≈/);
  assert.match(
    md,
    /\| `node:22-slim` \| 80 MB \| 80% \| \[docker-library\/repo-info@3179cb4\]\([^)]+\), 2026-09-19 \|/,
  );
  assert.match(
    md,
    /_Savings compare catalogue download \(compressed\) sizes for linux\/amd64: each alternative's with `node:22` 408 MB/,
  );
});

test('hover on an end-of-life line says so and offers the supported LTS line with the version change', async () => {
  const md = await client.openAndHover('Dockerfile.eol', 'FROM node:20-slim\n', 0, 7);
  assert.match(md, /- End of life: node 20 reached end of life on 2026-04-30/);
  assert.match(md, /\| `node:24-alpine` \(20 → 24\) \| 58 MB \|/);
  // node 20 is not in the catalogue: the figure shown is node 24's, marked ≈ and named.
  assert.match(md, /Download \(compressed\): \*\*≈ 80 MB\*\* — .*figures for node:24-slim/);
});

test('hover: an on-disk-only figure is labelled on disk, with its source', async () => {
  const md = await client.openAndHover('Dockerfile.disk', 'FROM gcr.io/distroless/static-debian12\n', 0, 10);
  assert.match(md, /- On disk: \*\*≈ 2.1 MB\*\* — \[GoogleContainerTools\/distroless@878fdaf\]/);
  assert.doesNotMatch(md, /Download/);
});

test('inlay hints name the kind, ≈ only when not exact, and the tooltip gives kind, source and date', async () => {
  const uri = fileUri(path.join(dir, 'Dockerfile.hints'));
  client.open(uri, 'FROM golang:1.25-alpine AS build\nRUN true\nFROM gcr.io/distroless/static-debian12\n');
  const hints = (await client.connection.sendRequest(InlayHintRequest.type, {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } },
  })) as InlayHint[];
  assert.deepEqual(
    hints.map((h) => [h.position.line, h.label]),
    [
      [0, '64 MB download'],
      [2, '≈ 2.1 MB on disk'],
    ],
  );
  assert.equal(hints[0].tooltip, 'download (compressed), docker-library/repo-info@2af3b47, 2026-08-13');
  assert.match(String(hints[1].tooltip), /^on disk, GoogleContainerTools\/distroless@878fdaf, 2026 \(README: /);
});

test('a registry that cannot be reached reads as a sentence, not as a URL and an error code', async () => {
  client.changeSettings({ sizes: { registryLookups: true, inlayHints: true } });
  await new Promise((r) => setTimeout(r, 200));
  try {
    const md = await client.openAndHover('Dockerfile.down', 'FROM node:22-slim\n', 0, 7);
    assert.match(md, /_registry unreachable: looked up only from the catalogue_/);
    assert.match(md, /Download \(compressed\): \*\*79.9 MB\*\*|Download \(compressed\): \*\*80 MB\*\*/);
    assert.doesNotMatch(md, /ECONNREFUSED|ENOTFOUND|https?:\/\/127/);
  } finally {
    client.changeSettings({ sizes: { registryLookups: false, inlayHints: true } });
  }
});
