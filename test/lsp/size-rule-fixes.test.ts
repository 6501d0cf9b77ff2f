// The size and cache rules' fixes through the built language server over stdio: quick fixes with
// workspace edits (.dockerignore), and source.fixAll.layerwise applying only safe fixes, idempotently.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionRequest,
  type CodeAction,
  type Diagnostic,
  type TextDocumentEdit,
  type CreateFile,
} from 'vscode-languageserver-protocol/node';
import { startServer, fileUri, type TestClient } from '../support/lspClient';
import { tempWorkspace, applyEdits } from '../support/ruleTest';

let client: TestClient;
let dir: string;

before(async () => {
  dir = tempWorkspace({
    'package.json': '{"dependencies":{"express":"4"},"devDependencies":{"mocha":"10"}}',
    'package-lock.json': '{}',
    'node_modules/express/index.js': '',
    'requirements.txt': 'flask\n',
  });
  client = await startServer({ rootDir: dir });
});
after(async () => {
  await client?.stop();
});

async function openAndDiagnose(name: string, text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
  const uri = fileUri(path.join(dir, name));
  const waiting = client.nextDiagnostics(uri, 1);
  client.open(uri, text);
  return { uri, diagnostics: (await waiting).diagnostics };
}

function dockerfileEdits(action: CodeAction, uri: string) {
  return (action.edit?.documentChanges ?? [])
    .filter((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === uri)
    .flatMap((c) => c.edits as { range: Diagnostic['range']; newText: string }[]);
}

test('missing-dockerignore: the quick fix creates .dockerignore through a workspace edit', async () => {
  const { uri, diagnostics } = await openAndDiagnose(
    'Dockerfile',
    'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node","a.js"]\n',
  );
  const d = diagnostics.find((x) => x.code === 'missing-dockerignore');
  assert.ok(d, JSON.stringify(diagnostics.map((x) => x.code)));
  const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: d.range,
    context: { diagnostics: [d], only: ['quickfix'] },
  })) as CodeAction[];
  const create = actions.find((a) => a.title.startsWith('Create .dockerignore'));
  assert.ok(create, actions.map((a) => a.title).join(' | '));
  const changes = create.edit?.documentChanges ?? [];
  const createOp = changes.find((c): c is CreateFile => 'kind' in c && c.kind === 'create');
  assert.equal(createOp?.uri, fileUri(path.join(dir, '.dockerignore')));
  const content = changes.find(
    (c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === createOp?.uri,
  );
  assert.equal((content?.edits[0] as { newText: string }).newText, 'node_modules\n.git\n.env*\n');
});

test('source.fixAll.layerwise applies the safe size fixes only, and a second pass changes nothing', async () => {
  const text =
    'FROM python:3.12-slim\nRUN apk add curl\nRUN pip install -r requirements.txt\nADD app.py /srv/\nRUN apt-get install -y gcc\nCMD ["python","/srv/app.py"]\n';
  const { uri } = await openAndDiagnose('Dockerfile.fixall', text);
  const fixAll = async (): Promise<CodeAction | undefined> =>
    (
      (await client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll.layerwise'] },
      })) as CodeAction[]
    ).find((a) => a.kind === 'source.fixAll.layerwise');
  const first = await fixAll();
  assert.ok(first);
  const fixed = applyEdits(text, dockerfileEdits(first, uri)).text;
  assert.equal(
    fixed,
    'FROM python:3.12-slim\nRUN apk add --no-cache curl\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY app.py /srv/\nRUN apt-get install -y gcc && rm -rf /var/lib/apt/lists/*\nCMD ["python","/srv/app.py"]\n',
    'apt-recommends (--no-install-recommends) is not safe, so fixAll leaves it',
  );
  const waiting = client.nextDiagnostics(uri, 2);
  client.change(uri, 2, fixed);
  await waiting;
  const second = await fixAll();
  const again = second ? applyEdits(fixed, dockerfileEdits(second, uri)).text : fixed;
  assert.equal(again, fixed);
});

test('no .dockerignore file was written by asking for actions', () => {
  assert.equal(fs.existsSync(path.join(dir, '.dockerignore')), false);
});
