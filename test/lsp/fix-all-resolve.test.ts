// source.fixAll.layerwise for a client that resolves code actions (VS Code, Neovim), through the built
// server over stdio. Asked for every kind of action (the light bulb, on each cursor move and edit), the
// server offers fixAll without its edit, and codeAction/resolve fills it in: the same edit as asking for
// the kind directly (on save), which still gets it at once.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  CodeActionRequest,
  CodeActionResolveRequest,
  type CodeAction,
  type Diagnostic,
} from 'vscode-languageserver-protocol/node';
import { startServer, fileUri, type TestClient } from '../support/lspClient';
import { tempWorkspace } from '../support/ruleTest';

const FIX_ALL = 'source.fixAll.layerwise';
let client: TestClient;
let dir: string;

before(async () => {
  dir = tempWorkspace({ 'requirements.txt': 'flask\n' });
  client = await startServer({ rootDir: dir, codeActionResolve: true });
});
after(async () => {
  await client?.stop();
});

async function open(name: string, text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
  const uri = fileUri(path.join(dir, name));
  return { uri, diagnostics: (await client.openAndWait(uri, text)).diagnostics };
}

const actionsAt = async (uri: string, line: number, only?: string[]) =>
  (await client.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    context: { diagnostics: [], ...(only ? { only } : {}) },
  })) as CodeAction[];

test('the server says it resolves code actions', () => {
  const provider = client.initializeResult.capabilities.codeActionProvider;
  assert.ok(typeof provider === 'object' && provider.resolveProvider === true);
});

test('every kind asked for: fixAll comes without its edit, and resolving it gives the edit asked for by kind', async () => {
  const text =
    'FROM python:3.12-slim\nRUN apk add curl\nRUN pip install -r requirements.txt\nADD app.py /srv/\nCMD ["python","/srv/app.py"]\n';
  const { uri } = await open('Dockerfile.lazy', text);
  const all = await actionsAt(uri, 1);
  const offered = all.find((a) => a.kind === FIX_ALL);
  assert.ok(offered, `fixAll offered: ${JSON.stringify(all.map((a) => a.title))}`);
  assert.equal(offered.edit, undefined, 'no edit made before it is picked');
  assert.notEqual(offered.data, undefined, 'it carries what resolving it needs');
  // The quick fixes of the line keep their edits.
  const quickFixes = all.filter((a) => a.kind === 'quickfix');
  assert.ok(quickFixes.length > 0 && quickFixes.every((a) => a.edit !== undefined), JSON.stringify(quickFixes));

  const resolved = (await client.connection.sendRequest(CodeActionResolveRequest.type, offered)) as CodeAction;
  const byKind = (await actionsAt(uri, 1, [FIX_ALL])).find((a) => a.kind === FIX_ALL);
  assert.ok(byKind?.edit, 'asked for by kind, the edit comes at once');
  assert.deepEqual(resolved.edit, byKind.edit);
  assert.equal(resolved.title, byKind.title);
  const edits = JSON.stringify(resolved.edit);
  assert.match(edits, /--no-cache/, 'the safe fixes are in it');
});

test('no safe fix: fixAll is offered neither way', async () => {
  const { uri, diagnostics } = await open('Dockerfile.nothing-safe', 'FROM node:20\nCMD ["node","a.js"]\n');
  assert.ok(diagnostics.length > 0, 'there are findings');
  assert.equal(
    (await actionsAt(uri, 0)).find((a) => a.kind === FIX_ALL),
    undefined,
  );
  assert.equal(
    (await actionsAt(uri, 0, [FIX_ALL])).find((a) => a.kind === FIX_ALL),
    undefined,
  );
});

test('resolving another action, or a fixAll of a closed document, hands it back as it was', async () => {
  const { uri } = await open('Dockerfile.closed', 'FROM python:3.12-slim\nRUN apk add curl\n');
  const offered = (await actionsAt(uri, 1)).find((a) => a.kind === FIX_ALL);
  assert.ok(offered);
  client.close(uri);
  const stale = (await client.connection.sendRequest(CodeActionResolveRequest.type, offered)) as CodeAction;
  assert.deepEqual(stale, offered);
  const other: CodeAction = { title: 'something else', kind: 'refactor', data: { not: 'ours' } };
  assert.deepEqual(await client.connection.sendRequest(CodeActionResolveRequest.type, other), other);
});
