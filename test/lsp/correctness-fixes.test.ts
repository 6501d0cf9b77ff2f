// The correctness rules' quick fixes as an editor receives them from the real server over stdio.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { CodeActionRequest, type CodeAction, type TextDocumentEdit } from 'vscode-languageserver-protocol/node';
import { startServer, fileUri, type TestClient } from '../support/lspClient';
import { tempWorkspace, applyEdits } from '../support/ruleTest';

let client: TestClient;
let dir: string;
before(async () => {
  dir = tempWorkspace({
    '.env': 'API_TOKEN=sk_live_abc\n',
    'package.json': JSON.stringify({ name: 'a', scripts: { start: 'node server.js' } }),
  });
  client = await startServer({ rootDir: dir, settings: { builtinValidation: false } });
});
after(async () => {
  await client?.stop();
});

async function actionsFor(name: string, text: string, line: number, only?: string[]) {
  const uri = fileUri(path.join(dir, name));
  const waiting = client.nextDiagnostics(uri, 1);
  client.open(uri, text);
  const { diagnostics } = await waiting;
  const range = { start: { line, character: 0 }, end: { line, character: 0 } };
  const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range,
    context: { diagnostics: diagnostics.filter((d) => d.range.start.line === line), only },
  })) as CodeAction[];
  return { uri, diagnostics, actions };
}

test('distroless-node-cmd: a preferred quick fix removing "node", and fixAll applies it', async () => {
  const text = 'FROM gcr.io/distroless/nodejs20-debian12\nCOPY . /app\nUSER nonroot\nCMD ["node", "/app/server.js"]\n';
  const { uri, diagnostics, actions } = await actionsFor('Dockerfile.distroless', text, 3);
  const d = diagnostics.find((x) => x.code === 'distroless-node-cmd');
  assert.ok(d, JSON.stringify(diagnostics));
  assert.equal(d.severity, 1);
  const fix = actions.find((a) => a.kind === 'quickfix' && /Drop "node"/.test(a.title));
  assert.ok(fix?.isPreferred, JSON.stringify(actions));
  const edit = fix.edit!.documentChanges![0] as TextDocumentEdit;
  assert.equal(edit.textDocument.uri, uri);
  assert.deepEqual(edit.edits, [
    { range: { start: { line: 3, character: 5 }, end: { line: 3, character: 13 } }, newText: '' },
  ]);
  const { actions: all } = await actionsFor('Dockerfile.distroless2', text, 0, ['source.fixAll.layerwise']);
  assert.equal(all.length, 1);
  // Whatever shape fixAll's edit takes (whole text or minimal edits), applied it yields the fixed file.
  const fixAllEdits = (all[0].edit!.documentChanges![0] as TextDocumentEdit).edits as {
    range: never;
    newText: string;
  }[];
  assert.equal(applyEdits(text, fixAllEdits).text, text.replace('["node", "/app/server.js"]', '["/app/server.js"]'));
});

test('secret-in-image: the .dockerignore fix is a workspace edit to another file', async () => {
  const { diagnostics, actions } = await actionsFor(
    'Dockerfile.secret',
    'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nUSER node\nCMD ["node", "server.js"]\n',
    2,
  );
  assert.ok(
    diagnostics.some((x) => x.code === 'secret-in-image' && /`.env`/.test(String(x.message))),
    JSON.stringify(diagnostics),
  );
  const fix = actions.find(
    (a) => /\.dockerignore/.test(a.title) && a.diagnostics?.some((x) => x.code === 'secret-in-image'),
  );
  assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
  const changes = fix.edit!.documentChanges!;
  // A plain create (the file is missing): `ignoreIfExists` made Neovim skip creating it.
  assert.deepEqual(changes[0], { kind: 'create', uri: fileUri(path.join(dir, '.dockerignore')) });
  assert.equal(((changes[1] as TextDocumentEdit).edits[0] as { newText: string }).newText, '.env\n');
});

test('npm-as-entrypoint: the fix uses the workspace package.json and is not in fixAll', async () => {
  const text = 'FROM node:20-slim\nWORKDIR /app\nCOPY server.js package.json ./\nUSER node\nCMD ["npm", "start"]\n';
  const { actions } = await actionsFor('Dockerfile.npm', text, 4);
  assert.ok(
    actions.some((a) => a.title === 'Run the app directly: CMD ["node", "server.js"]'),
    JSON.stringify(actions.map((a) => a.title)),
  );
  const { actions: all } = await actionsFor('Dockerfile.npm2', text, 0, ['source.fixAll.layerwise']);
  assert.ok(!JSON.stringify(all).includes('server.js"]'), 'unsafe fixes are not applied on save');
});

test('a misspelt rule id in # layerwise-ignore is a warning on the id, with the nearest rule', async () => {
  const text = 'FROM node:20-slim\n# layerwise-ignore npm-as-entry\nCMD ["npm", "start"]\n';
  const { diagnostics } = await actionsFor('Dockerfile.typo', text, 2);
  const hint = diagnostics.find((d) => d.code === 'suppression');
  assert.ok(hint, JSON.stringify(diagnostics));
  assert.deepEqual(hint.range, { start: { line: 1, character: 19 }, end: { line: 1, character: 31 } });
  assert.match(String(hint.message), /No Layerwise rule is called "npm-as-entry".*did you mean "npm-as-entrypoint"/);
  assert.ok(
    diagnostics.some((d) => d.code === 'npm-as-entrypoint'),
    'the finding is not silenced',
  );
});
