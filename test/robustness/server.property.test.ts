// Hostile Dockerfiles through every handler of the real server over stdio: diagnostics, hover,
// completion, highlights, signature help, definition, semantic tokens, symbols, folding, links,
// inlay hints, formatting, code actions on every line (quick fixes, the service's fixes, the split
// and any other registered refactor), fixAll. Each call is bounded; the server must stay alive
// and log no error; every code action's result must re-parse; fixAll must be idempotent.
// Incremental-edit fuzzing: random edits at random positions sent as incremental didChange (some
// with a range past the end), every answer checked for validity against the editor's text, and the
// server's copy checked to equal it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  HoverRequest,
  CompletionRequest,
  DocumentFormattingRequest,
  CodeActionRequest,
  type CodeAction,
  type Command,
  type Diagnostic,
  SemanticTokensRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  DocumentLinkRequest,
  InlayHintRequest,
  DocumentHighlightRequest,
  SignatureHelpRequest,
  DefinitionRequest,
  DidChangeTextDocumentNotification,
  type SemanticTokens,
  type Hover,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDockerfile } from '../../server/src/core/parse';
import { analyzeAll } from '../../server/src/lint/lintFile';
import { FIX_ALL_KIND } from '../../server/src/lsp/codeActions';
import { DEEP, realDockerfiles, trapInputs, mutatedDockerfile, truncationOffsets } from './inputs';
import {
  useHostileServer,
  applyWorkspaceEdit,
  samplePositions,
  REQUEST_TIMEOUT_MS,
  assertRangeInside,
  assertValidTokens,
  assertCompletionEdits,
} from './serverHarness';
import { ADVERSARIAL_CLASSES } from './adversarial';
import { service } from '../../server/src/lsp/languageService';
import { clampRange, clampRanges, documentLines } from '../../server/src/lsp/validAnswers';

let docCount = 0;
const counts = {
  documents: 0,
  requests: 0,
  actionsApplied: 0,
  splitsApplied: 0,
  fixAllChecked: 0,
  editedDocuments: 0,
  incrementalEdits: 0,
  pastTheEnd: 0,
  answersChecked: 0,
};

const server = useHostileServer(() =>
  [
    `robustness/server: ${counts.documents} documents, ${counts.requests} requests, ${counts.actionsApplied} code action results re-parsed (${counts.splitsApplied} splits), ${counts.fixAllChecked} fixAll idempotency checks`,
    `robustness/incremental: ${counts.editedDocuments} documents, ${counts.incrementalEdits} incremental edits (${counts.pastTheEnd} with a range past the end), ${counts.answersChecked} answers checked for validity and consistency`,
  ].join('\n'),
);

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
  for (const d of diagnostics)
    assert.ok(d.range.end.line <= lineCount, `${label}: diagnostic past the end: ${JSON.stringify(d)}`);

  // Each service request re-parses the text (~0.5 s for 1 MB): few positions on huge texts unless deep.
  const heavy = text.length > 50_000 && !DEEP;
  for (const position of samplePositions(text, heavy ? 1 : DEEP ? 60 : 12))
    await request(HoverRequest.type, { textDocument: { uri }, position }, `${label} hover ${JSON.stringify(position)}`);
  for (const position of samplePositions(text, heavy ? 1 : 4)) {
    for (const type of [
      CompletionRequest.type,
      DocumentHighlightRequest.type,
      SignatureHelpRequest.type,
      DefinitionRequest.type,
    ]) {
      await request(type, { textDocument: { uri }, position }, `${label} ${type.method}`);
    }
  }
  const whole = { start: { line: 0, character: 0 }, end: { line: lineCount, character: 0 } };
  for (const type of [
    SemanticTokensRequest.type,
    DocumentSymbolRequest.type,
    FoldingRangeRequest.type,
    DocumentLinkRequest.type,
  ])
    await request(type, { textDocument: { uri } }, `${label} ${type.method}`);
  await request(InlayHintRequest.type, { textDocument: { uri }, range: whole }, `${label} inlay hints`);
  const formatting = await request<{ range: never; newText: string }[] | null>(
    DocumentFormattingRequest.type,
    { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } },
    `${label} formatting`,
  );
  parseDockerfile(TextDocument.applyEdits(TextDocument.create(uri, 'dockerfile', 1, text), formatting ?? []));

  const lines = DEEP
    ? Array.from({ length: lineCount }, (_, i) => i)
    : truncationOffsets(lineCount - 1, heavy ? 5 : 30, false);
  for (const line of lines) {
    const range = { start: { line, character: 0 }, end: { line, character: 10_000 } };
    const onLine = diagnostics.filter((d: Diagnostic) => d.range.start.line <= line && line <= d.range.end.line);
    const actions = await request<(CodeAction | Command)[] | null>(
      CodeActionRequest.type,
      { textDocument: { uri }, range, context: { diagnostics: onLine } },
      `${label} code actions line ${line}`,
    );
    for (const action of (actions ?? []).filter(isAction)) {
      const result = applyWorkspaceEdit(text, uri, action.edit);
      assert.doesNotThrow(() => analyzeAll({ text: result }), `${label}: "${action.title}" output does not re-parse`);
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
  const actions = await request<(CodeAction | Command)[] | null>(
    CodeActionRequest.type,
    { textDocument: { uri }, range: whole, context: { diagnostics: [], only: [FIX_ALL_KIND] } },
    `${label} fixAll`,
  );
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
    for (const at of truncationOffsets(text.length, DEEP ? 25 : 3, false))
      await exercise(text.slice(0, at), `${name} cut at ${at}`);
  }
  server.assertHealthy();
});

test('fast-check mutations of real and trap files', async () => {
  const seeds = [...realDockerfiles(), ...trapInputs().filter((t) => t.text.length < 50_000)];
  await fc.assert(
    fc.asyncProperty(mutatedDockerfile(seeds), (text) => exercise(text, 'mutated')),
    { numRuns: DEEP ? 1_000 : 80 },
  );
  server.assertHealthy();
  assert.ok(counts.splitsApplied > 0, 'the split action was offered and applied somewhere');
});

/** One random edit: a span of the current text replaced by noise, or (rarely) a range past the end. */
const editArbitrary = fc.record({
  at: fc.nat(),
  length: fc.oneof(fc.constant(0), fc.nat(8), fc.nat(120)),
  text: fc.string({
    unit: fc.constantFrom(
      '\\',
      '\n',
      '\r\n',
      ' ',
      '$',
      '=',
      '"',
      "'",
      '<<EOF',
      'EOF',
      '--',
      'FROM a AS b',
      'RUN ',
      'ENV k=v',
      'LABEL a=b c=d',
      'HEALTHCHECK ',
      '# ',
      'x',
      '`',
      '{',
      '}',
      'é',
      '😀',
    ),
    maxLength: 6,
  }),
  pastEnd: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
});

test("incremental edits at random positions: every answer valid, the server's copy equal to the editor's", async () => {
  const seeds = [
    ...realDockerfiles().filter((r) => r.text.length < 20_000),
    ...trapInputs().filter((t) => t.text.length < 5_000),
    ...ADVERSARIAL_CLASSES.map((c) => ({ name: c.name, text: c.ofSize(1_500) })),
  ];
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...seeds),
      fc.array(editArbitrary, { minLength: 1, maxLength: 12 }),
      fc.nat(),
      async (seed, edits, pick) => {
        counts.editedDocuments++;
        const uri = server.uri(`Dockerfile.edited.${++docCount}`);
        const opened = server.client.nextDiagnostics(uri, 1, REQUEST_TIMEOUT_MS);
        server.client.open(uri, seed.text);
        await server.bounded(opened, 'open');
        let mirror = TextDocument.create(uri, 'dockerfile', 1, seed.text);
        let version = 1;
        for (const e of edits) {
          const text = mirror.getText();
          const start = text.length ? e.at % (text.length + 1) : 0;
          let range = {
            start: mirror.positionAt(start),
            end: mirror.positionAt(Math.min(text.length, start + e.length)),
          };
          if (e.pastEnd) {
            counts.pastTheEnd++;
            range = {
              start: { line: mirror.lineCount + (e.at % 5), character: e.length },
              end: { line: mirror.lineCount + 6, character: 0 },
            };
          }
          version++;
          counts.incrementalEdits++;
          server.client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
            textDocument: { uri, version },
            contentChanges: [{ range, text: e.text }],
          });
          // The editor's text: a consistent copy applies an edit past the end at the end (lsp/documentSync.ts).
          const applied = TextDocument.applyEdits(mirror, [
            { range: clampRange(range, documentLines(text)), newText: e.text },
          ]);
          mirror = TextDocument.create(uri, 'dockerfile', version, applied);
        }
        const text = mirror.getText();
        const label = `${seed.name} after ${edits.length} edits`;
        const published = await server.bounded(
          server.client.nextDiagnostics(uri, version, REQUEST_TIMEOUT_MS),
          `${label}: diagnostics`,
        );
        assert.equal(published.version, version);
        for (const d of published.diagnostics) assertRangeInside(d.range, text, `${label}: diagnostic ${d.code}`);
        const tokens = await request<SemanticTokens>(
          SemanticTokensRequest.type,
          { textDocument: { uri } },
          `${label} tokens`,
        );
        assertValidTokens(tokens.data, text, `${label}: tokens`);
        const position = mirror.positionAt(text.length ? pick % (text.length + 1) : 0);
        assertCompletionEdits(
          await request<unknown>(CompletionRequest.type, { textDocument: { uri }, position }, `${label} completion`),
          position,
          text,
          `${label}: completion at ${JSON.stringify(position)}`,
        );
        const hover = await request<Hover | null>(
          HoverRequest.type,
          { textDocument: { uri }, position },
          `${label} hover`,
        );
        if (hover?.range) assertRangeInside(hover.range, text, `${label}: hover`);
        const symbols = await request<unknown[]>(
          DocumentSymbolRequest.type,
          { textDocument: { uri } },
          `${label} symbols`,
        );
        assert.deepEqual(
          symbols,
          expectedSymbols(uri, text),
          `${label}: the server's copy differs from the editor's text`,
        );
        counts.answersChecked += published.diagnostics.length + 4;
        server.client.close(uri);
      },
    ),
    { numRuns: DEEP ? 600 : 60 },
  );
  server.assertHealthy();
  assert.ok(counts.pastTheEnd > 0, 'some edits had a range past the end');
});

/** Document symbols of `text` computed in this process, as the server answers them. */
function expectedSymbols(uri: string, text: string): unknown {
  try {
    return JSON.parse(JSON.stringify(clampRanges(service.computeSymbols({ uri }, text), documentLines(text))));
  } catch {
    return [];
  }
}
