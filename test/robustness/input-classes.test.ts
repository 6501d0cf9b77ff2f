// Regressions for the input classes incremental-edit fuzzing found (issue 16 §2), each with its
// minimal input: quadratic analysis, a stack overflow, dockerfile-language-service errors passed
// through, invalid LSP answers, and a didChange past the end desynchronising the server's copy.
// Speed is measured by `npm run bench` (section 1c); here only growth is asserted, generously.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  HoverRequest,
  SemanticTokensRequest,
  CompletionRequest,
  CodeActionRequest,
  InlayHintRequest,
  DocumentSymbolRequest,
  DidChangeTextDocumentNotification,
  type SemanticTokens,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lintText } from '../../server/src/lint/lintFile';
import { forgetParses } from '../../server/src/core/astMemo';
import { semanticTokensOf, validateText, service } from '../../server/src/lsp/languageService';
import { cpuMs } from '../../bench/stats';
import { SERVER_JS } from '../support/lspClient';
import { ADVERSARIAL_CLASSES } from './adversarial';
import { useHostileServer, assertRangeInside, assertValidTokens, assertCompletionEdits } from './serverHarness';

const server = useHostileServer();
let docs = 0;

async function open(
  text: string,
): Promise<{ uri: string; diagnostics: { range: never; source?: string; message: string }[] }> {
  const uri = server.uri(`Dockerfile.class${++docs}`);
  const published = server.client.nextDiagnostics(uri, 1, 30_000);
  server.client.open(uri, text);
  const { diagnostics } = await server.bounded(published, `diagnostics of ${uri}`, 30_000);
  return { uri, diagnostics: diagnostics as never };
}

const send = <R>(type: { method: string }, params: unknown, label: string) =>
  server.bounded(server.client.connection.sendRequest(type as never, params as never) as Promise<R>, label);

/** The server's whole per-version work on a text, in process: Layerwise's analysis, the validator, semantic tokens. */
function serverWork(text: string): void {
  lintText(text);
  validateText(text);
  semanticTokensOf(text);
}

/**
 * The least CPU of three rounds: the unit phase runs test files side by side, and other work (or a
 * collection of another test's garbage) only ever adds time to a round; a quadratic class is slow in all three.
 */
function cpuOf(text: string, work: (text: string) => unknown = serverWork): number {
  work(text);
  let least = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round++) {
    // Timed as a new version: without the tree (and its instructions' scans) the round before left in the memo.
    forgetParses();
    const t0 = cpuMs();
    work(text);
    least = Math.min(least, cpuMs() - t0);
  }
  return least;
}

test('each input class costs about linearly more as it grows (4× the bytes: under 8× the time)', () => {
  // 40 and 160 kB: at 20 and 80 kB the per-instruction constant hid quadratic terms that took 25-30 s at 1 MB.
  for (const c of ADVERSARIAL_CLASSES) {
    const small = cpuOf(c.ofSize(40_000));
    const large = cpuOf(c.ofSize(160_000));
    assert.ok(
      large < small * 8 + 60,
      `${c.name}: 40 kB ${small.toFixed(0)} ms, 160 kB ${large.toFixed(0)} ms (was: ${c.was})`,
    );
  }
});

test('the other requests a client makes per version (links, symbols, folding) grow about linearly too', () => {
  // Document links looked each FROM's image up in the list of all stage names: 1 MB of independent
  // stages took 6.7 s per request.
  const requests: [string, (text: string) => unknown][] = [
    ['links', (text) => service.computeLinks(text)],
    ['symbols', (text) => service.computeSymbols({ uri: 'file:///w/Dockerfile' }, text)],
    ['folding', (text) => service.computeFoldingRanges(text)],
  ];
  for (const c of ADVERSARIAL_CLASSES)
    for (const [name, request] of requests) {
      const small = cpuOf(c.ofSize(40_000), request);
      const large = cpuOf(c.ofSize(160_000), request);
      assert.ok(
        large < small * 8 + 30,
        `${name} on ${c.name}: 40 kB ${small.toFixed(0)} ms, 160 kB ${large.toFixed(0)} ms`,
      );
    }
});

test('more findings than a call takes arguments (168,000 in 1 MB of unnamed stages): every one is published', async () => {
  const unnamed = ADVERSARIAL_CLASSES.find((c) => c.name === 'unnamed stages')!;
  const text = unnamed.ofSize(1_000_000);
  const expected = lintText(text).findings.length;
  forgetParses();
  // Spread into one push as arguments, this many overflowed the stack: the server published none.
  assert.ok(expected > 150_000, `${expected} findings`);
  const { diagnostics } = await open(text);
  assert.equal(diagnostics.filter((d) => d.source === 'layerwise').length, expected);
  server.assertHealthy();
});

test('quick fixes over the whole of 100 kB of stages reading stage 0 by number: one action per fix, an answer linear in size', async () => {
  const byNumber = ADVERSARIAL_CLASSES.find((c) => c.name === 'stages each reading stage 0 by number')!;
  const text = byNumber.ofSize(100_000);
  const { uri, diagnostics } = await open(text);
  const lines = text.split('\n').length;
  const actions = await send<
    { title: string; diagnostics?: unknown[]; edit?: { documentChanges?: { edits: unknown[] }[] } }[]
  >(
    CodeActionRequest.type,
    {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } },
      context: { diagnostics: [], only: ['quickfix'] },
    },
    'quick fixes over the whole file',
  );
  const editsIn = (a: (typeof actions)[number]) =>
    (a.edit?.documentChanges ?? []).reduce((n, change) => n + change.edits.length, 0);
  const edits = actions.reduce((n, a) => n + editsIn(a), 0);
  // Every finding shares stage 0's renaming fix: it was one action per finding, each with every reference.
  const renaming = actions.filter((a) => editsIn(a) > 100);
  assert.equal(renaming.length, 1, renaming.map((a) => a.title).join(', '));
  assert.ok((renaming[0].diagnostics?.length ?? 0) > 1_000, 'the one action answers every finding it fixes');
  assert.ok(edits < 4 * diagnostics.length, `${edits} edits in the answer for ${diagnostics.length} findings`);
  server.assertHealthy();
});

test('a 6 000-stage FROM chain: the CLI lints it and the server answers hover, inlay hints and code actions', async () => {
  const chain = ADVERSARIAL_CLASSES.find((c) => c.name.includes('chain'))!;
  const text = `FROM debian AS s0\n${Array.from({ length: 6_000 }, (_, i) => `FROM s${i} AS s${i + 1}\n`).join('')}`;
  assert.ok(chain.ofSize(text.length).split('\n').length >= 6_000);
  const file = path.join(server.dir, 'Dockerfile.chain');
  writeFileSync(file, text);
  const cli = spawnSync(
    process.execPath,
    [path.join(path.dirname(SERVER_JS), 'cli.js'), 'lint', '--format', 'json', file],
    { encoding: 'utf8' },
  );
  assert.notEqual(cli.status, 2, `the CLI failed: ${cli.stderr}`);
  assert.ok(Array.isArray(JSON.parse(cli.stdout)), cli.stdout.slice(0, 200));
  const { uri } = await open(text);
  const last = { line: 6_000, character: 5 };
  assert.ok(await send(HoverRequest.type, { textDocument: { uri }, position: last }, 'hover'));
  assert.ok(
    Array.isArray(
      await send(
        InlayHintRequest.type,
        { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: last } },
        'inlay hints',
      ),
    ),
  );
  assert.ok(
    Array.isArray(
      await send(
        CodeActionRequest.type,
        { textDocument: { uri }, range: { start: last, end: last }, context: { diagnostics: [] } },
        'code actions',
      ),
    ),
  );
  server.assertHealthy();
});

test('dockerfile-language-service errors stay inside the server: hover and validation on ` RUN $x`, odd heredoc quotes', async () => {
  const indented = await open(' RUN $x');
  assert.ok(
    indented.diagnostics.some((d) => d.source === 'dockerfile-utils'),
    `the validator's diagnostics are kept: ${JSON.stringify(indented.diagnostics)}`,
  );
  const hover = await send<{ contents: { value: string } } | null>(
    HoverRequest.type,
    { textDocument: { uri: indented.uri }, position: { line: 0, character: 6 } },
    'hover at 0:6',
  );
  assert.ok(hover === null || typeof hover.contents.value === 'string');
  for (const text of ["FROM a\nRUN <<'EOF''\n", 'FROM a\nCOPY <<"EOF"" /x\n']) {
    const { uri, diagnostics } = await open(text);
    assert.ok(
      diagnostics.some((d) => (d as { code?: string }).code === 'unpinned-base-image'),
      `${JSON.stringify(text)}: Layerwise's findings are published`,
    );
    assertValidTokens(
      (await send<SemanticTokens>(SemanticTokensRequest.type, { textDocument: { uri } }, 'tokens')).data,
      text,
      JSON.stringify(text),
    );
  }
  assert.deepEqual(
    server.warnings.filter((w) => /Maximum call stack|TypeError/.test(w)),
    [],
    'no service failure was even caught',
  );
  server.assertHealthy();
});

test('answers are valid LSP: token deltas, token lengths, diagnostics inside the text, single-line completion edits', async () => {
  for (const text of ['FROM a\nHEALTHCHECK N --=\n', 'FROM a\nENV =x\n']) {
    const { uri } = await open(text);
    assertValidTokens(
      (await send<SemanticTokens>(SemanticTokensRequest.type, { textDocument: { uri } }, 'tokens')).data,
      text,
      JSON.stringify(text),
    );
  }
  const continued = 'FROM node:20\nRUN npm ci \\\n';
  const { diagnostics } = await open(continued);
  assert.ok(
    diagnostics.some((d) => /continuation/i.test(d.message)),
    'the validator still reports the empty continuation line',
  );
  for (const d of diagnostics) assertRangeInside(d.range, continued, `diagnostic "${d.message}"`);
  const dollar = 'FROM a\nRUN echo $\\\n';
  const { uri } = await open(dollar);
  const position = { line: 2, character: 0 };
  const completion = await send<unknown>(
    CompletionRequest.type,
    { textDocument: { uri }, position },
    'completion at 2:0',
  );
  assert.ok(service.computeCompletionItems(dollar, position) !== undefined);
  assertCompletionEdits(completion, position, dollar, 'completion after `$\\`');
  server.assertHealthy();
});

test('a didChange whose range starts past the end is clamped: later edits and diagnostics follow one consistent text', async () => {
  const text = 'FROM node:20\nWORKDIR /app\n';
  const { uri } = await open(text);
  const { connection } = server.client;
  let mirror = TextDocument.create(uri, 'dockerfile', 1, text);
  const edit = (
    version: number,
    range: { start: { line: number; character: number }; end: { line: number; character: number } },
    newText: string,
  ) => {
    connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range, text: newText }],
    });
  };
  edit(2, { start: { line: 40, character: 3 }, end: { line: 41, character: 0 } }, 'USER node\n');
  // What a consistent copy holds: the text appended at the end.
  mirror = TextDocument.update(
    mirror,
    [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'USER node\n' }],
    2,
  );
  for (let v = 3; v <= 6; v++) {
    const range = { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } };
    edit(v, range, `RUN echo ${v}\n`);
    mirror = TextDocument.update(mirror, [{ range, text: `RUN echo ${v}\n` }], v);
  }
  const published = server.client.nextDiagnostics(uri, 7);
  const range = { start: { line: 0, character: 5 }, end: { line: 0, character: 12 } };
  edit(7, range, 'node');
  mirror = TextDocument.update(mirror, [{ range, text: 'node' }], 7);
  const { diagnostics } = await server.bounded(published, 'diagnostics after the clamped edit');
  const expected = mirror.getText();
  assert.equal(expected, 'FROM node\nRUN echo 6\nRUN echo 5\nRUN echo 4\nRUN echo 3\nWORKDIR /app\nUSER node\n');
  for (const d of diagnostics) assertRangeInside(d.range, expected, 'diagnostic');
  assert.ok(
    diagnostics.some((d) => d.code === 'unpinned-base-image'),
    'the edit at line 0 landed on `node:20`',
  );
  assert.ok(!diagnostics.some((d) => d.code === 'root-user'), 'USER node is in the analysed text');
  const symbols = await send<{ name: string }[]>(DocumentSymbolRequest.type, { textDocument: { uri } }, 'symbols');
  assert.deepEqual(
    symbols.map((s) => s.name),
    service.computeSymbols({ uri }, expected).map((s) => s.name),
    "the server holds exactly the editor's text",
  );
  assert.ok(
    server.warnings.some((w) => /outside the document/.test(w)),
    'the clamp is reported as a warning',
  );
  server.assertHealthy();
});
