// The built language server over stdio, driven by a real LSP client.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  HoverRequest,
  CompletionRequest,
  DocumentFormattingRequest,
  CodeActionRequest,
  SemanticTokensRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  type Diagnostic,
} from 'vscode-languageserver-protocol/node';
import { startServer, fileUri, type TestClient } from '../support/lspClient';
import { tempWorkspace } from '../support/ruleTest';

let client: TestClient;
let dir: string;

before(async () => {
  dir = tempWorkspace({
    'package.json': '{"name":"x","scripts":{"build":"tsc","start":"node dist/index.js"}}',
    'package-lock.json': '{}',
  });
  client = await startServer({ rootDir: dir });
});
after(async () => {
  await client?.stop();
});

test('initialize announces hover, code actions, completion, formatting and semantic tokens', () => {
  const caps = client.initializeResult.capabilities;
  assert.equal(caps.hoverProvider, true);
  assert.ok(caps.codeActionProvider);
  assert.ok(caps.completionProvider);
  assert.equal(caps.documentFormattingProvider, true);
  assert.ok(caps.semanticTokensProvider);
  assert.equal(client.initializeResult.serverInfo?.name, 'layerwise');
});

test("didOpen publishes Layerwise diagnostics with source, code and docs link, next to the validator's", async () => {
  const uri = fileUri(path.join(dir, 'Dockerfile'));
  const waiting = client.openAndWait(uri, 'FROM node\nCMD ["node", "x.js"]\nEXPOSE notaport\n');
  const { diagnostics } = await waiting;
  const lw = diagnostics.filter((d: Diagnostic) => d.source === 'layerwise');
  const unpinned = lw.find((d) => d.code === 'unpinned-base-image');
  assert.ok(unpinned, JSON.stringify(diagnostics));
  assert.deepEqual(unpinned.range, { start: { line: 0, character: 5 }, end: { line: 0, character: 9 } });
  assert.match(unpinned.codeDescription?.href ?? '', /docs\/rules\/unpinned-base-image\.md$/);
  assert.ok(
    diagnostics.some((d) => d.source === 'dockerfile-utils'),
    'the service validator still reports syntax problems',
  );
});

test('didChange re-publishes for the new version (debounced), dropping fixed findings', async () => {
  const uri = fileUri(path.join(dir, 'Dockerfile.change'));
  const first = client.openAndWait(uri, 'FROM node\n');
  assert.ok((await first).diagnostics.some((d) => d.code === 'unpinned-base-image'));
  const second = client.nextDiagnostics(uri, 3);
  client.change(uri, 2, 'FROM node:2');
  client.change(uri, 3, 'FROM node:20-slim\nUSER node\n');
  const p = await second;
  assert.equal(p.version, 3);
  assert.deepEqual(
    p.diagnostics.filter((d) => d.source === 'layerwise'),
    [],
  );
});

test("hover on an instruction keyword shows the service's instruction docs", async () => {
  const uri = fileUri(path.join(dir, 'Dockerfile.hover'));
  const waiting = client.openAndWait(uri, 'FROM node:20\nWORKDIR /app\n');
  await waiting;
  assert.match(await client.hover(uri, 1, 2), /working directory/i);
});

test('completion, formatting, semantic tokens, symbols, folding come from dockerfile-language-service', async () => {
  const uri = fileUri(path.join(dir, 'Dockerfile.service'));
  const waiting = client.openAndWait(uri, 'FROM node:20 AS build\n   RUN echo a \\\n  b\nWOR');
  await waiting;
  const completion = await client.connection.sendRequest(CompletionRequest.type, {
    textDocument: { uri },
    position: { line: 3, character: 3 },
  });
  const items = Array.isArray(completion) ? completion : (completion?.items ?? []);
  assert.ok(
    items.some((i) => i.label.startsWith('WORKDIR')),
    'keyword completion',
  );
  const edits = await client.connection.sendRequest(DocumentFormattingRequest.type, {
    textDocument: { uri },
    options: { tabSize: 4, insertSpaces: true },
  });
  assert.ok(edits && edits.length > 0, 'formatting removes the leading spaces');
  const tokens = await client.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } });
  assert.ok(tokens && tokens.data.length > 0);
  const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
  assert.ok(symbols && symbols.length > 0);
  const folding = await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } });
  assert.ok(Array.isArray(folding));
});

test('code actions: a quick fix for a fixable finding, and an ignore-comment action', async () => {
  const uri = fileUri(path.join(dir, 'Dockerfile.actions'));
  const waiting = client.openAndWait(uri, 'FROM node:20-slim\nCMD ["node", "x.js"]\n');
  const { diagnostics } = await waiting;
  const rootUser = diagnostics.find((d) => d.code === 'root-user');
  assert.ok(rootUser);
  const actions = await client.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: rootUser.range,
    context: { diagnostics: [rootUser] },
  });
  const titles = (actions ?? []).map((a) => a.title);
  assert.ok(titles.includes('Add `USER node`'), titles.join(' | '));
  assert.ok(titles.includes('Ignore root-user for this instruction'));
});

test('settings change severities and turn rules off', async () => {
  const uri = fileUri(path.join(dir, 'Dockerfile.settings'));
  const first = client.openAndWait(uri, 'FROM node\n');
  const before = (await first).diagnostics.find((d) => d.code === 'unpinned-base-image');
  assert.equal(before?.severity, 2);
  const again = client.nextDiagnostics(uri, 1, 10_000);
  client.changeSettings({ rules: { 'unpinned-base-image': 'error', 'root-user': 'off' } });
  const after1 = await again;
  assert.equal(after1.diagnostics.find((d) => d.code === 'unpinned-base-image')?.severity, 1);
  assert.equal(
    after1.diagnostics.find((d) => d.code === 'root-user'),
    undefined,
  );
  client.changeSettings({});
});

test('garbage and requests for closed documents do not crash the server', async () => {
  const uri = fileUri(path.join(dir, 'Dockerfile.garbage'));
  const waiting = client.openAndWait(uri, `\u0000\u0001\ufffd<<EOF\nFROM \\\n\\\n${'x'.repeat(100_000)}`);
  await waiting;
  client.close(uri);
  const hover = await client.connection.sendRequest(HoverRequest.type, {
    textDocument: { uri },
    position: { line: 0, character: 0 },
  });
  assert.equal(hover, null);
  assert.equal(client.process.exitCode, null, 'server still running');
});
