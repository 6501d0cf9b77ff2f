// The server for every client, not only VS Code (issue 16 §1): it watches the files beside a
// Dockerfile itself (dynamic registration) and re-reads them on save; its workspace edits match
// what the client advertises; init settings are the base that workspace/configuration overrides.
// A real server over stdio with clients of other shapes; Neovim itself drives it in test/lsp/neovim.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionRequest,
  DidChangeWatchedFilesNotification,
  DidSaveTextDocumentNotification,
  FileChangeType,
  type CodeAction,
  type TextDocumentEdit,
  type CreateFile,
  type DidChangeWatchedFilesRegistrationOptions,
} from 'vscode-languageserver-protocol/node';
import { startServer, fileUri, type TestClient } from '../support/lspClient';
import { tempWorkspace } from '../support/ruleTest';

const DOCKERFILE =
  'FROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nUSER node\nCMD ["node", "server.js"]\n';
const settings = { diagnostics: { debounceMs: 0 }, sizes: { registryLookups: false } };

async function openDockerfile(client: TestClient, dir: string): Promise<{ uri: string }> {
  const uri = fileUri(path.join(dir, 'Dockerfile'));
  const first = client.nextDiagnostics(uri, 1);
  client.open(uri, DOCKERFILE);
  await first;
  return { uri };
}

const codesOf = (p: { diagnostics: { code?: unknown }[] }) => p.diagnostics.map((d) => String(d.code));

test('the server registers watchers for the files beside Dockerfiles and re-analyses the Dockerfiles a change concerns', async () => {
  const dir = tempWorkspace({
    'package.json': '{"name":"x"}',
    'package-lock.json': '{}',
    'node_modules/x/index.js': '',
  });
  const other = tempWorkspace({ 'package.json': '{"name":"y"}', 'node_modules/y/index.js': '' });
  const client = await startServer({ rootDir: dir, settings });
  try {
    const { uri } = await openDockerfile(client, dir);
    const otherUri = fileUri(path.join(other, 'Dockerfile'));
    const otherOpened = client.nextDiagnostics(otherUri, 1);
    client.open(otherUri, DOCKERFILE);
    assert.ok(codesOf(await otherOpened).includes('missing-dockerignore'));
    const registration = client.registrations.find((r) => r.method === DidChangeWatchedFilesNotification.method);
    assert.ok(registration, `registered: ${JSON.stringify(client.registrations)}`);
    const globs = (registration.registerOptions as DidChangeWatchedFilesRegistrationOptions).watchers.map(
      (w) => w.globPattern,
    );
    for (const name of [
      '.dockerignore',
      'package.json',
      'package-lock.json',
      'next.config.js',
      'go.mod',
      'requirements.txt',
      'pyproject.toml',
      '.layerwise.json',
    ])
      assert.ok(globs.includes(`**/${name}`), `${name} watched: ${globs.join(' ')}`);

    writeFileSync(path.join(dir, '.dockerignore'), 'node_modules\n.git\n.env*\n');
    const refreshed = client.nextDiagnostics(uri, 1);
    let otherRefreshed = false;
    client.nextDiagnostics(otherUri, 1, 3_000).then(
      () => {
        otherRefreshed = true;
      },
      () => undefined,
    );
    client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: fileUri(path.join(dir, '.dockerignore')), type: FileChangeType.Created }],
    });
    assert.ok(
      !codesOf(await refreshed).includes('missing-dockerignore'),
      'the finding left with the new .dockerignore',
    );
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(otherRefreshed, false, 'a Dockerfile in another folder is not re-analysed');
  } finally {
    await client.stop();
  }
});

test('a save re-reads the files beside the Dockerfile (clients without watchers: Neovim 0.7)', async () => {
  const dir = tempWorkspace({
    'package.json': '{"name":"x"}',
    'package-lock.json': '{}',
    'node_modules/x/index.js': '',
  });
  const client = await startServer({
    rootDir: dir,
    settings,
    workspaceCapabilities: {
      configuration: true,
      workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
    },
  });
  try {
    assert.equal(
      client.registrations.filter((r) => r.method === DidChangeWatchedFilesNotification.method).length,
      0,
      'no watchers asked of a client that cannot register them',
    );
    assert.deepEqual(
      (client.initializeResult.capabilities.textDocumentSync as { save?: unknown }).save,
      { includeText: false },
      'didSave is asked for',
    );
    const { uri } = await openDockerfile(client, dir);
    writeFileSync(path.join(dir, '.dockerignore'), 'node_modules\n.git\n.env*\n');
    const saved = client.nextDiagnostics(uri, 1);
    client.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
    assert.ok(!codesOf(await saved).includes('missing-dockerignore'));
  } finally {
    await client.stop();
  }
});

async function fixAll(client: TestClient, uri: string): Promise<CodeAction> {
  const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 8, character: 0 } },
    context: { diagnostics: [], only: ['source.fixAll.layerwise'] },
  })) as CodeAction[];
  assert.equal(actions.length, 1, JSON.stringify(actions));
  return actions[0];
}

test('workspace edits follow the client: create only while the file is missing, documentChanges only when advertised', async () => {
  const dir = tempWorkspace({
    'package.json': '{"name":"x"}',
    'package-lock.json': '{}',
    'node_modules/x/index.js': '',
  });
  const ignoreUri = fileUri(path.join(dir, '.dockerignore'));
  const variants: [string, Record<string, unknown>, (a: CodeAction) => void][] = [
    [
      'documentChanges + create',
      { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
      (a) => {
        const changes = a.edit!.documentChanges!;
        assert.deepEqual(changes[0], { kind: 'create', uri: ignoreUri }, 'a plain create: no ignoreIfExists');
        const text = changes.find(
          (c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === ignoreUri,
        );
        assert.match((text!.edits[0] as { newText: string }).newText, /node_modules/);
      },
    ],
    [
      'documentChanges without create',
      { documentChanges: true },
      (a) => {
        const changes = a.edit!.documentChanges!;
        assert.ok(!changes.some((c) => 'kind' in c), 'no resource operation for a client without them');
        assert.ok(changes.some((c) => 'textDocument' in c && c.textDocument.uri === ignoreUri));
      },
    ],
    [
      'changes only',
      {},
      (a) => {
        assert.equal(a.edit!.documentChanges, undefined);
        assert.match(a.edit!.changes![ignoreUri][0].newText, /node_modules/);
      },
    ],
  ];
  for (const [label, workspaceEdit, check] of variants) {
    const client = await startServer({
      rootDir: dir,
      settings,
      workspaceCapabilities: { configuration: true, workspaceEdit },
    });
    try {
      const { uri } = await openDockerfile(client, dir);
      check(await fixAll(client, uri));
    } finally {
      await client.stop();
    }
  }
  // The file appeared after the analysis (another fixAll, the user): the create is no longer offered.
  const client = await startServer({ rootDir: dir, settings });
  try {
    const { uri } = await openDockerfile(client, dir);
    writeFileSync(path.join(dir, '.dockerignore'), '');
    const action = await fixAll(client, uri);
    assert.ok(
      !(action.edit!.documentChanges ?? []).some((c): c is CreateFile => 'kind' in c && c.kind === 'create'),
      JSON.stringify(action.edit),
    );
  } finally {
    rmSync(path.join(dir, '.dockerignore'), { force: true });
    await client.stop();
  }
});

test('settings: initializationOptions are the base, workspace/configuration overrides key by key, null keeps the base', async () => {
  const dir = tempWorkspace({});
  const text = 'FROM node\nUSER root\n';
  const cases: [string, (section: string | undefined) => unknown, (codes: string[]) => void][] = [
    [
      'null answer keeps the init settings',
      () => null,
      (codes) => {
        assert.ok(!codes.includes('unpinned-base-image'), 'init options turned it off');
        assert.ok(!codes.includes('root-user'));
      },
    ],
    [
      'an answer overriding one rule keeps the other',
      (s) => (s === 'layerwise' ? { rules: { 'root-user': 'warning' } } : null),
      (codes) => {
        assert.ok(!codes.includes('unpinned-base-image'), 'the init rule setting survives');
        assert.ok(codes.includes('root-user'), 'the answer overrides its own key');
      },
    ],
  ];
  for (const [label, configuration, check] of cases) {
    const client = await startServer({
      rootDir: dir,
      configuration,
      initializationOptions: {
        settings: { layerwise: { ...settings, rules: { 'unpinned-base-image': 'off', 'root-user': 'off' } } },
      },
      workspaceCapabilities: { configuration: true, workspaceEdit: { documentChanges: true } },
    });
    try {
      const uri = fileUri(path.join(dir, `Dockerfile.${label.length}`));
      const published = client.nextDiagnostics(uri, 1);
      client.open(uri, text);
      check(codesOf(await published));
    } finally {
      await client.stop();
    }
  }
});
