// A careless client: requests for documents it never opened or already closed, versions out of
// order, edits past the end, odd URIs, and every request cancelled. The server must answer or
// refuse each one in bounded time, log no error, and keep serving.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CancellationTokenSource,
  HoverRequest,
  CompletionRequest,
  DocumentFormattingRequest,
  CodeActionRequest,
  SemanticTokensRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  DocumentLinkRequest,
  RenameRequest,
  PrepareRenameRequest,
  SignatureHelpRequest,
  DocumentHighlightRequest,
  DefinitionRequest,
  InlayHintRequest,
  ExecuteCommandRequest,
  DidChangeTextDocumentNotification,
  DocumentRangeFormattingRequest,
  DocumentOnTypeFormattingRequest,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { useHostileServer } from './serverHarness';

let requestsSent = 0;
const server = useHostileServer(() => `robustness/protocol: ${requestsSent} requests from a careless client`);

const TEXT =
  'FROM node:20 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nFROM node:20-slim\nCOPY --from=build /app /app\nCMD ["node", "/app"]\n';
const position = { line: 1, character: 2 };
const range = { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } };

/** Every document request the server announces, for `uri`. */
function everyRequest(uri: string): [{ method: string }, unknown][] {
  const textDocument = { uri };
  return [
    [HoverRequest.type, { textDocument, position }],
    [CompletionRequest.type, { textDocument, position: { line: 0, character: 10 } }],
    [DocumentFormattingRequest.type, { textDocument, options: { tabSize: 2, insertSpaces: true } }],
    [DocumentRangeFormattingRequest.type, { textDocument, range, options: { tabSize: 2, insertSpaces: true } }],
    [
      DocumentOnTypeFormattingRequest.type,
      { textDocument, position, ch: '\\', options: { tabSize: 2, insertSpaces: true } },
    ],
    [CodeActionRequest.type, { textDocument, range, context: { diagnostics: [] } }],
    [SemanticTokensRequest.type, { textDocument }],
    [DocumentSymbolRequest.type, { textDocument }],
    [FoldingRangeRequest.type, { textDocument }],
    [DocumentLinkRequest.type, { textDocument }],
    [PrepareRenameRequest.type, { textDocument, position: { line: 0, character: 18 } }],
    [RenameRequest.type, { textDocument, position: { line: 0, character: 18 }, newName: 'b' }],
    [SignatureHelpRequest.type, { textDocument, position }],
    [DocumentHighlightRequest.type, { textDocument, position }],
    [DefinitionRequest.type, { textDocument, position: { line: 5, character: 14 } }],
    [InlayHintRequest.type, { textDocument, range }],
  ];
}

/** Sends a request; an answer or a JSON-RPC error both count as "handled", a hang does not. */
async function handled(
  connection: ProtocolConnection,
  type: { method: string },
  params: unknown,
  label: string,
): Promise<'answer' | 'error'> {
  requestsSent++;
  try {
    await server.bounded(connection.sendRequest(type as never, params as never), `${label} ${type.method}`);
    return 'answer';
  } catch (e) {
    if (/no answer within/.test((e as Error).message)) throw e;
    return 'error';
  }
}

test('requests for never-opened, closed and oddly named documents are answered', async () => {
  const { connection } = server.client;
  const closed = server.uri('Dockerfile.closed');
  const opened = server.client.nextDiagnostics(closed, 1);
  server.client.open(closed, TEXT);
  await opened;
  server.client.close(closed);
  server.client.close(closed); // twice
  const uris = [
    server.uri('Dockerfile.never'),
    closed,
    'untitled:Untitled-1',
    'file://%zz/bad',
    'http://example.invalid/Dockerfile',
    '',
  ];
  for (const uri of uris) {
    for (const [type, params] of everyRequest(uri))
      assert.equal(await handled(connection, type, params, uri), 'answer', `${type.method} on ${uri}`);
  }
  await handled(
    connection,
    ExecuteCommandRequest.type,
    { command: 'layerwise.nonexistent', arguments: [closed] },
    'command',
  );
  for (const [type, params] of everyRequest(closed)) await handled(connection, type, params, 'again');
  server.assertHealthy();
});

test('versions out of order, edits for closed documents and edits past the end', async () => {
  const { connection } = server.client;
  const uri = server.uri('Dockerfile.versions');
  const opened = server.client.nextDiagnostics(uri, 5);
  server.client.open(uri, TEXT, 5);
  await opened;
  server.client.change(uri, 3, 'FROM old\n'); // older than the open version
  server.client.change(uri, 3, 'FROM same-version-again\n');
  connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 4 },
    contentChanges: [
      { range: { start: { line: 999, character: 999 }, end: { line: 1000, character: 0 } }, text: 'USER node\n' },
    ],
  });
  connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 6 },
    contentChanges: [{ range: { start: { line: 3, character: 50 }, end: { line: 1, character: 0 } }, text: 'x' }], // reversed range
  });
  connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: server.uri('Dockerfile.never-opened'), version: 2 },
    contentChanges: [{ text: 'FROM x\n' }],
  });
  const latest = server.client.nextDiagnostics(uri, 10);
  server.client.change(uri, 10, 'FROM node\n');
  const published = await server.bounded(latest, 'diagnostics after the disorder');
  assert.equal(published.version, 10);
  assert.ok(
    published.diagnostics.some((d) => d.code === 'unpinned-base-image'),
    'analysis still follows the latest text',
  );
  for (const [type, params] of everyRequest(uri)) await handled(connection, type, params, 'after disorder');
  server.assertHealthy();
});

test('a client that cancels every request: each settles, the server keeps serving', async () => {
  const { connection } = server.client;
  const uri = server.uri('Dockerfile.cancel');
  const opened = server.client.nextDiagnostics(uri, 1);
  server.client.open(uri, TEXT.repeat(50));
  await opened;
  const settled: Promise<unknown>[] = [];
  for (let round = 0; round < 20; round++) {
    for (const [type, params] of everyRequest(uri)) {
      const source = new CancellationTokenSource();
      requestsSent++;
      settled.push(
        connection.sendRequest(type as never, params as never, source.token).then(
          () => 'answer',
          () => 'cancelled',
        ),
      );
      source.cancel();
    }
    server.client.change(uri, round + 2, TEXT.repeat(50 - round)); // and edits racing the cancellations
  }
  const outcomes = await server.bounded(Promise.all(settled), 'cancelled requests settle');
  assert.equal(outcomes.length, 20 * everyRequest(uri).length);
  const after = server.client.nextDiagnostics(uri, 100);
  server.client.change(uri, 100, 'FROM node:20\nUSER node\n');
  assert.equal((await server.bounded(after, 'diagnostics after cancellations')).version, 100);
  const hover = await server.bounded(
    connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 1 } }),
    'hover after cancellations',
  );
  assert.ok(hover, 'hover still answers');
  server.assertHealthy();
});
