// Sizes through the real language server over stdio: hovers on FROM / COPY --from, inlay hints,
// figures from the private daemon and a loopback registry, and the registry-lookups setting
// stopping dockerfile-language-service's Docker Hub tag completion; the Compare command's split named
// with the same figures as the server's split action.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Dockerode from 'dockerode';
import {
  CodeActionRequest,
  CompletionRequest,
  InlayHintRequest,
  type CodeAction,
  type InlayHint,
} from 'vscode-languageserver-protocol/node';
import { startServer, fileUri, ROOT, type TestClient } from '../support/lspClient';
import {
  buildLabelledImage,
  DOCKER_HOST,
  DOCKER_SOCKET,
  dockerCli,
  ensureBaseImages,
  ensureDockerDaemon,
  startRegistry,
  type LocalRegistry,
} from '../support/docker-env';
import { prepareSplitContext } from '../../client/src/commands/splitContext';
import { listImages } from '../../server/src/docker/images';
import { listedImageSize } from '../../server/src/sizes/reference';

const SETUP_TIMEOUT = 10 * 60_000;
const LOCAL_TAG = 'layerwise-test/sizes-lsp-local:1';
const PROBE = path.join(ROOT, 'test', 'support', 'httpsProbe.cjs');

describe('size hovers and inlay hints over LSP', () => {
  let client: TestClient;
  let dir: string;
  let cacheHome: string;
  let registry: LocalRegistry;
  let registryBytes = 0;

  before(
    async () => {
      assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'server.js')), 'run `npm run build` first');
      await ensureDockerDaemon();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-sizes-lsp-'));
      cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-sizes-cache-'));
      fs.writeFileSync(path.join(dir, 'blob.bin'), randomBytes(200_000));
      fs.writeFileSync(path.join(dir, 'Dockerfile.img'), 'FROM scratch\nCOPY blob.bin /blob.bin\n');
      await dockerCli(['build', '--network', 'none', '-f', path.join(dir, 'Dockerfile.img'), '-t', LOCAL_TAG, dir]);
      registry = await startRegistry();
      const pushed = `${registry.host}/lsp/app:1`;
      await dockerCli(['tag', LOCAL_TAG, pushed]);
      await dockerCli(['push', pushed]);
      const manifest = (await (
        await fetch(`${registry.url}/v2/lsp/app/manifests/1`, {
          headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' },
        })
      ).json()) as { layers: { size: number }[] };
      registryBytes = manifest.layers.reduce((a, l) => a + l.size, 0);
      await dockerCli(['rmi', pushed]);
      client = await startServer({
        rootDir: dir,
        settings: { sizes: { registryLookups: false, inlayHints: true } },
        env: { ...process.env, DOCKER_HOST, LAYERWISE_CACHE_DIR: cacheHome },
      });
    },
    { timeout: SETUP_TIMEOUT },
  );

  after(async () => {
    await client?.stop();
    await registry?.stop();
    await dockerCli(['rmi', LOCAL_TAG]).catch(() => undefined);
    for (const d of [dir, cacheHome]) if (d) fs.rmSync(d, { recursive: true, force: true });
  });

  it('hover on FROM shows the catalogue figure with source and date, the alternatives table, and that it is not local', async () => {
    const md = await client.openAndHover('Dockerfile.node', 'FROM node:22\nCMD ["node"]\n', 0, 7);
    assert.match(md, /Download \(compressed\): \*\*408 MB\*\* — \[docker-library\/repo-info@3179cb4\]/);
    assert.match(md, /2026-09-19/);
    assert.match(md, /Local image: not present in the Docker daemon/);
    assert.match(md, /\| `node:22-slim` \| 80 MB \| 80% \|/);
    const keyword = await client.hover(fileUri(path.join(dir, 'Dockerfile.node')), 0, 2);
    assert.ok(keyword.length > 20, "the service's instruction docs still answer on the keyword");
    assert.doesNotMatch(keyword, /Download:/);
  });

  it('ARG-substituted references resolve, and FROM <stage> shows the stage base', async () => {
    const text = 'ARG NODE_VERSION=22\nFROM node:${NODE_VERSION}-slim AS build\nRUN true\nFROM build\n';
    const arg = await client.openAndHover('Dockerfile.arg', text, 1, 8);
    assert.match(arg, /\*\*node:22-slim\*\*/);
    assert.match(arg, /80 MB/);
    const stage = await client.openAndHover('Dockerfile.arg', text, 3, 6);
    assert.match(stage, /Stage `build` is based on this image/);
    assert.match(stage, /\*\*node:22-slim\*\*/);
  });

  it("FROM --platform picks that platform's figures", async () => {
    const md = await client.openAndHover('Dockerfile.platform', 'FROM --platform=linux/arm64 node:24\n', 0, 30);
    assert.match(md, /\*\*node:24\*\* \(linux\/arm64\)/);
    assert.match(md, /Download \(compressed\): \*\*400 MB\*\*/);
  });

  it("the layerwise.sizes.platform setting selects the figures' platform", async () => {
    client.changeSettings({ sizes: { registryLookups: false, inlayHints: true, platform: 'linux/arm64' } });
    await new Promise((r) => setTimeout(r, 200));
    try {
      const md = await client.openAndHover('Dockerfile.setting-platform', 'FROM golang:1.25-alpine\n', 0, 8);
      assert.match(md, /\*\*golang:1.25-alpine\*\* \(linux\/arm64\)/);
      assert.match(md, /Download \(compressed\): \*\*62 MB\*\*/);
    } finally {
      client.changeSettings({ sizes: { registryLookups: false, inlayHints: true } });
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  it('hover on COPY --from=image shows that image', async () => {
    const md = await client.openAndHover(
      'Dockerfile.copy',
      'FROM alpine:3.24\nCOPY --from=nginx:1.31-alpine /etc/nginx /etc/nginx\n',
      1,
      15,
    );
    assert.match(md, /\*\*nginx:1.31-alpine\*\*/);
    assert.match(md, /26 MB/);
  });

  it('hover on COPY from the context shows the bytes sent, honouring .dockerignore', async () => {
    const ctx = path.join(dir, 'ctx');
    fs.mkdirSync(path.join(ctx, 'node_modules', 'x'), { recursive: true });
    fs.writeFileSync(path.join(ctx, 'node_modules', 'x', 'big.js'), Buffer.alloc(900_000));
    fs.writeFileSync(path.join(ctx, 'app.js'), Buffer.alloc(12_000));
    fs.writeFileSync(path.join(ctx, 'package.json'), Buffer.alloc(1_000));
    const uri = fileUri(path.join(ctx, 'Dockerfile'));
    const text = 'FROM node:22-slim\nCOPY package.json ./\nCOPY . .\n';
    client.open(uri, text);
    const at = (line: number, character: number) => client.hover(uri, line, character);
    assert.match(await at(1, 7), /COPY sends 1.0 kB from the build context\*\* \(1 files, no `.dockerignore`\)/);
    const all = await at(2, 5);
    assert.match(all, /COPY sends 9\d\d kB/);
    assert.match(all, /Largest: `node_modules\/` 900 kB/);
    fs.writeFileSync(path.join(ctx, '.dockerignore'), 'node_modules\n');
    const ignored = await client.openAndHover('ctx/Dockerfile.b', text, 2, 5);
    assert.match(ignored, /COPY sends 13 kB from the build context\*\* \(3 files, honouring `.dockerignore`\)/);
  });

  it('a local-only image shows its exact size from the private daemon', async () => {
    const expected = Number((await dockerCli(['image', 'inspect', '--format', '{{.Size}}', LOCAL_TAG])).stdout.trim());
    const md = await client.openAndHover('Dockerfile.local', `FROM ${LOCAL_TAG}\n`, 0, 8);
    assert.match(md, /On disk: \*\*200 kB\*\* — local Docker daemon/);
    assert.match(md, /Local image: yes, 200 kB on disk/);
    assert.equal(expected, 200_000);
  });

  it("hover on RUN/COPY shows that layer's size in the newest image built from this Dockerfile", async () => {
    fs.writeFileSync(path.join(dir, 'a.bin'), randomBytes(300_000));
    const text = 'FROM scratch\nCOPY a.bin /a.bin\nCOPY blob.bin /blob.bin\n';
    fs.writeFileSync(path.join(dir, 'Dockerfile.layers'), text);
    const tag = 'layerwise-test/sizes-lsp-layers:1';
    await buildLabelledImage(dir, 'Dockerfile.layers', tag);
    try {
      const first = await client.openAndHover('Dockerfile.layers', text, 1, 2);
      assert.match(
        first,
        /Layer size in the last build: 300 kB\*\* — `layerwise-test\/sizes-lsp-layers:1`, built \d+ min ago/,
      );
      const second = await client.openAndHover('Dockerfile.layers', text, 2, 2);
      assert.match(second, /Layer size in the last build: 200 kB/);
      const other = await client.openAndHover('Dockerfile.unbuilt', text, 1, 2);
      assert.doesNotMatch(other, /Layer size in the last build/, "no image carries this file's label");
    } finally {
      await dockerCli(['rmi', tag]).catch(() => undefined);
    }
  });

  it('inlay hints put ≈ size after each FROM, and the setting turns them off', async () => {
    const uri = fileUri(path.join(dir, 'Dockerfile.hints'));
    client.open(
      uri,
      'FROM golang:1.25-alpine AS build\nRUN true\nFROM scratch\nFROM gcr.io/distroless/static-debian12\n',
    );
    const range = { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } };
    const hints = (await client.connection.sendRequest(InlayHintRequest.type, {
      textDocument: { uri },
      range,
    })) as InlayHint[];
    assert.deepEqual(
      hints.map((h) => h.position.line),
      [0, 3],
    );
    assert.equal(hints[0].label, '64 MB download');
    // distroless static: the catalogue has its on-disk size only; the private daemon's stand-in may size it instead.
    assert.match(String(hints[1].label), /^≈? ?[\d.]+ MB on disk$/);
    assert.equal(hints[0].position.character, 'FROM golang:1.25-alpine AS build'.length);
    client.changeSettings({ sizes: { registryLookups: false, inlayHints: false } });
    await new Promise((r) => setTimeout(r, 200));
    const none = (await client.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range })) as
      | InlayHint[]
      | null;
    assert.deepEqual(none ?? [], []);
    client.changeSettings({ sizes: { registryLookups: false, inlayHints: true } });
  });

  it('with registry look-ups on, the hover shows the registry figure (= its manifest layer sum)', async () => {
    client.changeSettings({ sizes: { registryLookups: true, inlayHints: true } });
    await new Promise((r) => setTimeout(r, 200));
    const md = await client.openAndHover('Dockerfile.registry', `FROM ${registry.host}/lsp/app:1\n`, 0, 8);
    assert.match(
      md,
      new RegExp(
        `Download \\(compressed\\): \\*\\*${Math.round(registryBytes / 1000)} kB\\*\\* — registry ${registry.url.replace(/[.]/g, '\\.')}`,
      ),
    );
    assert.match(md, /Local image: not present/);
    client.changeSettings({ sizes: { registryLookups: false, inlayHints: true } });
  });
});

describe('registry look-ups setting and Docker Hub tag completion', () => {
  async function completionRequests(registryLookups: boolean): Promise<{ hosts: string[]; flagItems: number }> {
    const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-probe-')), 'https.log');
    fs.writeFileSync(log, '');
    const client = await startServer({
      settings: { sizes: { registryLookups, inlayHints: false } },
      env: {
        ...process.env,
        NODE_OPTIONS: `--require ${PROBE}`,
        LW_HTTPS_PROBE_LOG: log,
        DOCKER_HOST: 'unix:///nonexistent/docker.sock',
      },
    });
    try {
      const uri = 'untitled:Dockerfile-completion';
      client.open(uri, 'FROM node:2\nFROM --\n');
      await client.connection.sendRequest(CompletionRequest.type, {
        textDocument: { uri },
        position: { line: 0, character: 11 },
      });
      // The flag completion on a FROM line must keep working whatever the setting.
      const flags = await client.connection.sendRequest(CompletionRequest.type, {
        textDocument: { uri },
        position: { line: 1, character: 7 },
      });
      const items = Array.isArray(flags) ? flags : (flags?.items ?? []);
      await new Promise((r) => setTimeout(r, 300));
      return { hosts: fs.readFileSync(log, 'utf8').split('\n').filter(Boolean), flagItems: items.length };
    } finally {
      await client.stop();
      fs.rmSync(path.dirname(log), { recursive: true, force: true });
    }
  }

  it('on: completing a FROM tag makes the service ask Docker Hub (the probe sees it)', async () => {
    const { hosts, flagItems } = await completionRequests(true);
    assert.ok(hosts.includes('auth.docker.io'), `hosts seen: ${hosts.join(', ')}`);
    assert.ok(flagItems > 0);
  });

  it('off: no https request leaves the server, flag completion on FROM still works', async () => {
    const { hosts, flagItems } = await completionRequests(false);
    assert.deepEqual(hosts, []);
    assert.ok(flagItems > 0, 'FROM --platform completion is not blocked');
  });
});

describe('Compare with split sizes its split as the editor does', () => {
  it("the comparison's split title (sized from the daemon's image list) is the server's split action title", async () => {
    await ensureDockerDaemon();
    await ensureBaseImages();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-compare-title-'));
    fs.cpSync(path.join(ROOT, 'test', 'fixtures', 'workspaces', 'panel-split'), dir, { recursive: true });
    const cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-compare-cache-'));
    const client = await startServer({
      rootDir: dir,
      settings: { sizes: { registryLookups: false } },
      env: { ...process.env, DOCKER_HOST, LAYERWISE_CACHE_DIR: cacheHome },
    });
    try {
      const file = path.join(dir, 'Dockerfile');
      const text = fs.readFileSync(file, 'utf8');
      const uri = fileUri(file);
      await client.openAndWait(uri, text);
      const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } },
        context: { diagnostics: [], only: ['refactor.rewrite'] },
      })) as CodeAction[];
      const serverTitle = actions.find((a) => /runner distroless/.test(a.title))?.title;
      assert.ok(serverTitle, `no distroless split offered: ${actions.map((a) => a.title).join(' | ')}`);

      const images = await listImages(new Dockerode({ socketPath: DOCKER_SOCKET }));
      const compared = await prepareSplitContext(dir, 'Dockerfile', text, {
        runner: 'distroless',
        baseSizes: (image) => listedImageSize(images, image),
      });
      const fromCatalogue = await prepareSplitContext(dir, 'Dockerfile', text, { runner: 'distroless' });
      assert.ok(!('refused' in compared) && !('refused' in fromCatalogue), 'the fixture splits');
      for (const copy of [compared, fromCatalogue]) fs.rmSync(copy.dir, { recursive: true, force: true });
      assert.equal(compared.split.title, serverTitle);
      // The stand-in runner base on the daemon is not the catalogue's size: sized from the catalogue
      // alone (as the comparison was), the two titles disagree.
      assert.notEqual(fromCatalogue.split.title, serverTitle);
    } finally {
      await client.stop();
      for (const d of [dir, cacheHome]) fs.rmSync(d, { recursive: true, force: true });
    }
  });
});
