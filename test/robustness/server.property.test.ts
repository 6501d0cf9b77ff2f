// Hostile Dockerfiles through every handler of the real server over stdio: diagnostics, hover,
// completion, highlights, signature help, definition, semantic tokens, symbols, folding, links,
// inlay hints, formatting, code actions on every line (quick fixes, the service's fixes, the split
// and any other registered refactor), fixAll. Each call is bounded; the server must stay alive
// and log no error; every code action's result must re-parse; fixAll must be idempotent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  HoverRequest, CompletionRequest, DocumentFormattingRequest, CodeActionRequest, type CodeAction, type Command, type Diagnostic,
  SemanticTokensRequest, DocumentSymbolRequest, FoldingRangeRequest, DocumentLinkRequest, InlayHintRequest, DocumentHighlightRequest,
  SignatureHelpRequest, DefinitionRequest,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDockerfile } from '../../server/src/core/parse';
import { analyze } from '../../server/src/core/analyze';
import { FIX_ALL_KIND } from '../../server/src/lsp/codeActions';
import { DEEP, realDockerfiles, trapInputs, mutatedDockerfile, truncationOffsets } from './inputs';
import { startHostileServer, applyWorkspaceEdit, samplePositions, REQUEST_TIMEOUT_MS, type HostileServer } from './serverHarness';

let server: HostileServer;
let docCount = 0;
const counts = { documents: 0, requests: 0, actionsApplied: 0, splitsApplied: 0, fixAllChecked: 0 };

before(async () => { server = await startHostileServer(); });
after(async () => {
  console.log(`robustness/server: ${counts.documents} documents, ${counts.requests} requests, ${counts.actionsApplied} code action results re-parsed (${counts.splitsApplied} splits), ${counts.fixAllChecked} fixAll idempotency checks`);
  await server?.client.stop();
});

function request<R>(method: { method: string } & object, params: unknown, label: string): Promise<R> {
  counts.requests++;
  return server.bounded(server.client.connection.sendRequest(method as never, params as never) as Promise<R>, label);
}

const isAction = (a: CodeAction | Command): a is CodeAction => typeof (a as CodeAction).command !== 'string';

/** Runs one text through every handler; returns nothing, throws on the first broken promise. */
async function exercise(text: string, label: string): Promise<void> {
  counts.documents++;
  const uri = server.uri(`Dockerfile.${++docCount}`);
  const first = server.client.nextDiagnostics(uri, 1, REQUEST_TIMEOUT_MS);
  server.client.open(uri, text);
  const { diagnostics } = await first;
  const lineCount = text.split(/\r\n|\r|\n/).length;
  for (const d of diagnostics) assert.ok(d.range.end.line <= lineCount, `${label}: diagnostic past the end: ${JSON.stringify(d)}`);

  // Each service request re-parses the text (~0.5 s for 1 MB): few positions on huge texts unless deep.
  const heavy = text.length > 50_000 && !DEEP;
  for (const position of samplePositions(text, heavy ? 1 : DEEP ? 60 : 12)) await request(HoverRequest.type, { textDocument: { uri }, position }, `${label} hover ${JSON.stringify(position)}`);
  for (const position of samplePositions(text, heavy ? 1 : 4)) {
    for (const type of [CompletionRequest.type, DocumentHighlightRequest.type, SignatureHelpRequest.type, DefinitionRequest.type]) {
      await request(type, { textDocument: { uri }, position }, `${label} ${type.method}`);
    }
  }
  const whole = { start: { line: 0, character: 0 }, end: { line: lineCount, character: 0 } };
  for (const type of [SemanticTokensRequest.type, DocumentSymbolRequest.type, FoldingRangeRequest.type, DocumentLinkRequest.type]) await request(type, { textDocument: { uri } }, `${label} ${type.method}`);
  await request(InlayHintRequest.type, { textDocument: { uri }, range: whole }, `${label} inlay hints`);
  const formatting = await request<{ range: never; newText: string }[] | null>(DocumentFormattingRequest.type, { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } }, `${label} formatting`);
  parseDockerfile(TextDocument.applyEdits(TextDocument.create(uri, 'dockerfile', 1, text), formatting ?? []));

  const lines = DEEP ? Array.from({ length: lineCount }, (_, i) => i) : truncationOffsets(lineCount - 1, heavy ? 5 : 30, false);
  for (const line of lines) {
    const range = { start: { line, character: 0 }, end: { line, character: 10_000 } };
    const onLine = diagnostics.filter((d: Diagnostic) => d.range.start.line <= line && line <= d.range.end.line);
    const actions = await request<(CodeAction | Command)[] | null>(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: onLine } }, `${label} code actions line ${line}`);
    for (const action of (actions ?? []).filter(isAction)) {
      const result = applyWorkspaceEdit(text, uri, action.edit);
      assert.doesNotThrow(() => analyze({ text: result }), `${label}: "${action.title}" output does not re-parse`);
      counts.actionsApplied++;
      if (/^Split into /.test(action.title)) {
        counts.splitsApplied++;
        assert.ok(parseDockerfile(result).stages.length >= 2, `${label}: "${action.title}" gave fewer than 2 stages`);
      }
    }
  }
  await checkFixAllIdempotent(uri, text, label);
  server.client.close(uri);
}

async function fixAll(uri: string, text: string, label: string): Promise<string> {
  const whole = { start: { line: 0, character: 0 }, end: { line: text.split(/\r\n|\r|\n/).length, character: 0 } };
  const actions = await request<(CodeAction | Command)[] | null>(CodeActionRequest.type, { textDocument: { uri }, range: whole, context: { diagnostics: [], only: [FIX_ALL_KIND] } }, `${label} fixAll`);
  const action = (actions ?? []).filter(isAction).find((a) => a.kind === FIX_ALL_KIND);
  return applyWorkspaceEdit(text, uri, action?.edit);
}

/** fixAll once, send the result as the next version, fixAll again: nothing more may change. */
async function checkFixAllIdempotent(uri: string, text: string, label: string): Promise<void> {
  const once = await fixAll(uri, text, label);
  if (once === text) return;
  counts.fixAllChecked++;
  const published = server.client.nextDiagnostics(uri, 2, REQUEST_TIMEOUT_MS);
  server.client.change(uri, 2, once);
  await published;
  assert.equal(await fixAll(uri, once, label), once, `${label}: fixAll is not idempotent`);
}

test('traps: NUL, BOM, CR/CRLF, escape=`, open heredocs, 10 000-line continuation, ARG chains, huge lines', async () => {
  for (const { name, text } of trapInputs()) await exercise(text, name);
  server.assertHealthy();
});

test('real Dockerfiles, whole and truncated at byte offsets', async () => {
  const real = realDockerfiles();
  assert.ok(real.length >= 3);
  for (const { name, text } of real) {
    for (const at of truncationOffsets(text.length, DEEP ? 25 : 3, false)) await exercise(text.slice(0, at), `${name} cut at ${at}`);
  }
  server.assertHealthy();
});

test('fast-check mutations of real and trap files', async () => {
  const seeds = [...realDockerfiles(), ...trapInputs().filter((t) => t.text.length < 50_000)];
  await fc.assert(fc.asyncProperty(mutatedDockerfile(seeds), (text) => exercise(text, 'mutated')), { numRuns: DEEP ? 1_000 : 80 });
  server.assertHealthy();
  assert.ok(counts.splitsApplied > 0, 'the split action was offered and applied somewhere');
});
