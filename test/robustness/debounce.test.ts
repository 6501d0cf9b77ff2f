// Regression: didOpen schedules an immediate run and TextDocuments' onDidChangeContent (fired on
// open too) a debounced one; the scheduler set its timers after an asynchronous settings fetch, so
// the second overwrote the first without clearing it. The orphaned timer then published the next
// keystroke's diagnostics before the debounce (and analysed it twice). One publish per version,
// never before the debounce, the first one at once.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { PublishDiagnosticsNotification } from 'vscode-languageserver-protocol/node';
import { startServer, fileUri, type TestClient } from '../support/lspClient';

const DEBOUNCE = 600;
let client: TestClient;
const publishes: { version: number | undefined; at: number }[] = [];
before(async () => {
  client = await startServer({
    settings: { diagnostics: { debounceMs: DEBOUNCE }, sizes: { registryLookups: false } },
  });
  client.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    publishes.push({ version: p.version, at: performance.now() });
  });
});
after(async () => {
  await client?.stop();
});

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('open publishes at once; each keystroke once, never before the debounce; a burst publishes its last version only', async () => {
  const uri = fileUri('/robustness/debounce/Dockerfile');
  const opened = performance.now();
  client.open(uri, 'FROM node\n');
  await wait(DEBOUNCE + 600);
  const first = publishes.filter((p) => p.version === 1);
  assert.equal(first.length, 1, JSON.stringify(publishes));
  assert.ok(first[0].at - opened < DEBOUNCE, `first diagnostics after ${(first[0].at - opened).toFixed(0)} ms`);

  const sent = performance.now();
  client.change(uri, 2, 'FROM node:2\n');
  await wait(DEBOUNCE + 600);
  const second = publishes.filter((p) => p.version === 2);
  assert.equal(second.length, 1, JSON.stringify(publishes));
  assert.ok(
    second[0].at - sent >= DEBOUNCE - 5,
    `published ${(second[0].at - sent).toFixed(0)} ms after the keystroke`,
  );

  const burst = performance.now();
  client.change(uri, 3, 'FROM node:20\n');
  client.change(uri, 4, 'FROM node:20-slim\n');
  await wait(DEBOUNCE + 600);
  assert.deepEqual(
    publishes.filter((p) => (p.version ?? 0) >= 3).map((p) => p.version),
    [4],
  );
  assert.ok(publishes[publishes.length - 1].at - burst >= DEBOUNCE - 5);
});
