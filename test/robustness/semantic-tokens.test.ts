// Regressions found by the robustness suites in dockerfile-language-service's semantic tokens,
// guarded in lsp/languageService.ts: an endless recursion (moby's trailing-backslash test file)
// answered as a JSON-RPC error on every keystroke, and a 1 000-line continuation blocked the
// whole server for ~24 s; and the quadratic token append sped up in lsp/semanticTokensSpeedup.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SemanticTokensRequest,
  HoverRequest,
  CompletionRequest,
  DocumentHighlightRequest,
} from 'vscode-languageserver-protocol/node';
import { useHostileServer } from './serverHarness';
import {
  service,
  longestContinuation,
  MAX_TOKENIZED_CONTINUATION,
  MAX_TOKENIZED_VARIABLE_WEIGHT,
  variableWeight,
} from '../../server/src/lsp/languageService';
import { setSemanticTokensSpeedup } from '../../server/src/lsp/semanticTokensSpeedup';
import { realDockerfiles, trapInputs } from './inputs';

const server = useHostileServer();

async function tokens(name: string, text: string, ms = 5_000) {
  const uri = server.uri(name);
  const opened = server.client.nextDiagnostics(uri, 1);
  server.client.open(uri, text);
  await opened;
  return server.bounded(
    server.client.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } }),
    `semantic tokens of ${name}`,
    ms,
  );
}

test('a continuation line holding only a backslash: tokens answer instead of an error', async () => {
  const result = await tokens(
    'Dockerfile.backslash',
    'FROM hello-world\nENV E hello\\\n\\\nworld\nENV F hello\\\n \\\nworld\n',
  );
  assert.ok(result, 'an answer, not a JSON-RPC error');
  server.assertHealthy();
});

test('a 1 000-line continuation answers at once and the server stays responsive', async () => {
  const text = `FROM debian\nRUN apt-get update \\\n${Array.from({ length: 1_000 }, (_, i) => `  && echo ${i} \\\n`).join('')}  && true\n`;
  await tokens('Dockerfile.long', text, 3_000);
  await hoverAnswers('Dockerfile.long', { line: 0, character: 1 });
});

/** The server still answers: a hover on a keyword of the file, within 3 s. */
async function hoverAnswers(name: string, position: { line: number; character: number }): Promise<void> {
  const request = { textDocument: { uri: server.uri(name) }, position };
  assert.ok(
    await server.bounded(server.client.connection.sendRequest(HoverRequest.type, request), 'hover after tokens', 3_000),
  );
}

test('3,000 variables in one RUN: tokens answer at once (grammar colouring) and the server stays responsive', async () => {
  const text = `FROM debian\nRUN echo${Array.from({ length: 3_000 }, (_, i) => ` $V${i}`).join('')}\n`;
  assert.ok(variableWeight(text) > MAX_TOKENIZED_VARIABLE_WEIGHT);
  // over three lines of one instruction it weighs the same; three RUNs of 1,000 each are tokenized
  const split = text.replace(' $V1000 ', ' \\\n  $V1000 ').replace(' $V2000 ', ' \\\n  $V2000 ');
  assert.equal(variableWeight(split), variableWeight(text));
  const three = text.replace(' $V1000 ', '\nRUN echo $V1000 ').replace(' $V2000 ', '\nRUN echo $V2000 ');
  assert.ok(variableWeight(three) <= MAX_TOKENIZED_VARIABLE_WEIGHT);
  const result = await tokens('Dockerfile.variables', text, 3_000);
  assert.deepEqual(result, { data: [] });
  await hoverAnswers('Dockerfile.variables', { line: 1, character: 1 });
  server.assertHealthy();
});

test('ordinary files still get semantic tokens', async () => {
  const result = await tokens(
    'Dockerfile.ordinary',
    'FROM node:20 AS build\nRUN npm ci \\\n  && npm run build\nFROM node:20-slim\nCOPY --from=build /app /app\n',
  );
  assert.ok(result && result.data.length > 20, JSON.stringify(result));
});

test("the linear token append (lsp/semanticTokensSpeedup.ts) returns exactly the service's tokens", () => {
  let compared = 0;
  for (const { name, text } of [
    ...realDockerfiles(),
    ...trapInputs().filter((t) => t.text.length < 30_000 && longestContinuation(t.text) <= MAX_TOKENIZED_CONTINUATION),
  ]) {
    setSemanticTokensSpeedup(false);
    const plain = outcome(() => service.computeSemanticTokens(text));
    setSemanticTokensSpeedup(true);
    assert.deepEqual(
      outcome(() => service.computeSemanticTokens(text)),
      plain,
      name,
    );
    compared++;
  }
  console.log(`robustness/semantic-tokens: ${compared} files compared`);
});

function outcome(compute: () => unknown): unknown {
  try {
    return compute();
  } catch (e) {
    return `threw ${(e as Error).message}`;
  }
}

test('other service crashes on cut or odd text answer empty, not with an error (completion after a lone $, highlights on `COPY --from`)', async () => {
  const { connection } = server.client;
  const cases: [string, () => Promise<unknown>][] = [];
  const completionUri = server.uri('Dockerfile.dollar');
  const highlightUri = server.uri('Dockerfile.cut-from');
  for (const [uri, text] of [
    [completionUri, ' \t$\n\n   \r\n\t'],
    [highlightUri, 'FROM a AS build\nCOPY --from'],
  ]) {
    const opened = server.client.nextDiagnostics(uri, 1);
    server.client.open(uri, text);
    await opened;
  }
  cases.push([
    'completion',
    () =>
      connection.sendRequest(CompletionRequest.type, {
        textDocument: { uri: completionUri },
        position: { line: 0, character: 3 },
      }),
  ]);
  cases.push([
    'highlight',
    () =>
      connection.sendRequest(DocumentHighlightRequest.type, {
        textDocument: { uri: highlightUri },
        position: { line: 0, character: 15 },
      }),
  ]);
  for (const [name, send] of cases) {
    const answer = await server.bounded(send(), name);
    assert.ok(
      Array.isArray(answer)
        ? answer.length === 0
        : answer === null || (answer as { items?: unknown[] }).items?.length === 0,
      `${name}: ${JSON.stringify(answer)}`,
    );
  }
  server.assertHealthy(); // the crash is logged as a warning, not an error
});
