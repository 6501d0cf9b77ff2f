// The split and fixAll as a real LSP client sees them (dist/server.js over stdio).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodeActionRequest, type CodeAction, type TextDocumentEdit } from 'vscode-languageserver-protocol/node';
import { startServer, fileUri, type TestClient } from '../support/lspClient';
import { splitDockerfile } from '../../server/src/actions/split/index';
import { fileSystemView, readWorkspaceFacts } from '../../server/src/core/workspace';
import { applyTextEdits } from '../../server/src/core/edits';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'actions', 'split', 'ts-api');
let client: TestClient;
let dir: string;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-split-lsp-'));
  fs.cpSync(FIXTURE, dir, { recursive: true, filter: (src) => !/expected\./.test(src) });
  client = await startServer({ rootDir: dir });
});
after(async () => {
  await client?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function documentEdit(action: CodeAction, uri: string): TextDocumentEdit {
  const edit = action.edit?.documentChanges?.find(
    (c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === uri,
  );
  assert.ok(edit, `no edit to ${uri} in "${action.title}"`);
  return edit;
}

async function actionsAt(
  uri: string,
  line: number,
  only?: string[],
  diagnostics: CodeAction['diagnostics'] = [],
): Promise<CodeAction[]> {
  const range = { start: { line, character: 0 }, end: { line, character: 0 } };
  const result = await client.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range,
    context: { diagnostics: diagnostics ?? [], only },
  });
  return (result ?? []) as CodeAction[];
}

test('refactor.rewrite on any line offers one split per runner, each replacing the file with the pass output', async () => {
  const file = path.join(dir, 'Dockerfile');
  const uri = fileUri(file);
  const text = fs.readFileSync(file, 'utf8');
  const diagnostics = client.nextDiagnostics(uri);
  client.open(uri, text);
  await diagnostics;
  for (const line of [1, 5, 8]) {
    const actions = (await actionsAt(uri, line, ['refactor.rewrite'])).filter((a) => a.title.startsWith('Split into'));
    // The distroless title carries the predicted image size in on-disk terms (a floor here: no node_modules in the fixture).
    assert.match(actions[0]?.title ?? '', /, ≥ [\d.]+ [kMG]B on disk \+ dependencies/);
    // Every runner's title carries a predicted on-disk size, alpine too (the catalogue has its on-disk figure).
    for (const a of actions) assert.match(a.title, /, [≈≥] [\d.]+ [kMG]B( ± [\d.]+ [kMG]B)? on disk/, a.title);
    assert.deepEqual(
      actions.map((a) => a.title.replace(/, [≈≥].*|\s\(.*\)$/, '')),
      [
        'Split into deps/build/runner stages — runner distroless',
        'Split into deps/build/runner stages — runner slim',
        'Split into deps/build/runner stages — runner alpine',
      ],
    );
    assert.ok(actions.every((a) => a.kind === 'refactor.rewrite'));
    const expected = splitDockerfile(text, readWorkspaceFacts(fileSystemView(dir)), { runner: 'distroless' });
    assert.ok(!('refused' in expected));
    const edit = documentEdit(actions[0], uri);
    assert.equal(
      applyTextEdits(
        text,
        edit.edits.map((e) => ({ range: e.range, newText: 'newText' in e ? e.newText : '' })),
      ),
      expected.text,
    );
  }
  client.close(uri);
});

test('the split is a quick fix on single-stage-build / fat-base-image diagnostics, and absent on multi-stage files', async () => {
  const file = path.join(dir, 'Dockerfile');
  const uri = fileUri(file);
  const published = client.nextDiagnostics(uri, 5);
  client.open(uri, fs.readFileSync(file, 'utf8'), 5);
  const diags = (await published).diagnostics.filter(
    (d) => d.code === 'single-stage-build' || d.code === 'fat-base-image',
  );
  assert.ok(diags.length > 0, 'the fixture is a single-stage build on a fat base');
  const quick = (await actionsAt(uri, diags[0].range.start.line, ['quickfix'], [diags[0]])).filter((a) =>
    a.title.startsWith('Split into'),
  );
  assert.equal(quick.length, 3);
  assert.ok(quick.every((a) => a.kind === 'quickfix' && a.diagnostics?.length));
  client.close(uri);

  const multi = path.join(dir, 'Dockerfile.multi');
  fs.writeFileSync(
    multi,
    'FROM node:20 AS build\nRUN npm ci\nFROM node:20-slim AS runner\nCOPY --from=build /app /app\nCMD ["node","/app/x.js"]\n',
  );
  const multiUri = fileUri(multi);
  client.open(multiUri, fs.readFileSync(multi, 'utf8'));
  const none = (await actionsAt(multiUri, 0)).filter((a) => a.title.startsWith('Split into'));
  assert.deepEqual(none, []);
  client.close(multiUri);
});

test('a multi-stage file whose final stage ships the builder is offered "replace the runner", one per runner', async () => {
  const file = path.join(dir, 'Dockerfile.fat');
  const text =
    'FROM node:20 AS development\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\nCMD ["node", "dist/index.js"]\n\nFROM development AS production\nENV NODE_ENV=production\n';
  fs.writeFileSync(file, text);
  const uri = fileUri(file);
  client.open(uri, text);
  const actions = (await actionsAt(uri, 8, ['refactor.rewrite'])).filter((a) =>
    a.title.startsWith('Replace the runner'),
  );
  assert.deepEqual(
    actions.map((a) => / — runner (\w+)/.exec(a.title)?.[1]),
    ['distroless', 'slim', 'alpine'],
  );
  const edited = applyTextEdits(
    text,
    documentEdit(actions[0], uri).edits.map((e) => ({ range: e.range, newText: 'newText' in e ? e.newText : '' })),
  );
  assert.match(edited, /^FROM gcr\.io\/distroless\/nodejs20-debian12:nonroot AS runner$/m);
  assert.match(edited, /^ENV NODE_ENV=production$/m);
  client.close(uri);
});

test('source.fixAll.layerwise applies every safe fix; on its own result it offers nothing', async () => {
  const file = path.join(dir, 'Dockerfile.fixall');
  fs.writeFileSync(
    file,
    'FROM python:3.12-slim\nADD requirements.txt /app/\nRUN pip install -r /app/requirements.txt\nCMD ["python", "/app/main.py"]\n',
  );
  const uri = fileUri(file);
  const text = fs.readFileSync(file, 'utf8');
  client.open(uri, text, 1);
  const first = await actionsAt(uri, 0, ['source.fixAll.layerwise']);
  assert.equal(first.length, 1, JSON.stringify(first.map((a) => a.title)));
  const fixed = applyTextEdits(
    text,
    documentEdit(first[0], uri).edits.map((e) => ({ range: e.range, newText: 'newText' in e ? e.newText : '' })),
  );
  assert.notEqual(fixed, text);
  assert.match(fixed, /COPY requirements\.txt/);
  assert.match(fixed, /--no-cache-dir/);
  const changed = client.nextDiagnostics(uri, 2);
  client.change(uri, 2, fixed);
  await changed;
  const second = await actionsAt(uri, 0, ['source.fixAll.layerwise']);
  const secondEdits = second
    .flatMap((a) => a.edit?.documentChanges ?? [])
    .filter((c) => 'textDocument' in c && c.textDocument.uri === uri);
  assert.deepEqual(secondEdits, [], 'fixAll on its own result changes nothing in the Dockerfile');
  client.close(uri);
});
