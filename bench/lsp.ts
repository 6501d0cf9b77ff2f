// 2–4. The real server over stdio (dist/server.js --stdio, driven by test/support/lspClient):
// keystroke → diagnostics with incremental didChange, cold start, and memory (RSS from /proc).
import { readFileSync } from 'node:fs';
import { DidChangeTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { startServer, fileUri, type TestClient } from '../test/support/lspClient';
import { generateDockerfile } from './generate';
import { median, percentile, ms, mib } from './stats';
import { table, verdict } from './report';

const SETTINGS = (debounceMs: number) => ({ diagnostics: { debounceMs }, sizes: { registryLookups: false } });

/** Resident set size of a process, from /proc/<pid>/status (Linux). */
export function rssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : NaN;
}

/** Types one character at the end of `line` (or deletes it again on odd versions) as an incremental change. */
function keystroke(client: TestClient, uri: string, version: number, line: number, lineLength: number): void {
  const typing = version % 2 === 0;
  const at = { line, character: lineLength };
  const range = typing ? { start: at, end: at } : { start: at, end: { line, character: lineLength + 1 } };
  client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text: typing ? 'x' : '' }] });
}

async function keystrokeLatencies(client: TestClient, uri: string, text: string, count: number): Promise<number[]> {
  const lines = text.split('\n');
  const line = Math.floor(lines.length / 2);
  const samples: number[] = [];
  const opened = client.nextDiagnostics(uri, 1, 30_000);
  client.open(uri, text);
  await opened;
  for (let version = 2; version < count + 2; version++) {
    const published = client.nextDiagnostics(uri, version, 30_000);
    const t0 = performance.now();
    keystroke(client, uri, version, line, lines[line].length);
    await published;
    samples.push(performance.now() - t0);
  }
  return samples;
}

export async function benchKeystrokes(): Promise<{ markdown: string; p95: number }> {
  const text = generateDockerfile(1_000);
  const client = await startServer({ settings: SETTINGS(0) });
  try {
    const immediate = await keystrokeLatencies(client, fileUri('/bench/keystroke/Dockerfile'), text, 200);
    client.changeSettings(SETTINGS(150));
    const debounced = await keystrokeLatencies(client, fileUri('/bench/keystroke-debounced/Dockerfile'), text, 20);
    const p95 = percentile(immediate, 95);
    const markdown = [
      table(['setting', 'keystrokes', 'p50', 'p95', 'max'], [
        ['`layerwise.diagnostics.debounceMs: 0` (processing only)', immediate.length, ms(median(immediate)), ms(p95), ms(Math.max(...immediate))],
        ['default `debounceMs: 150`', debounced.length, ms(median(debounced)), ms(percentile(debounced, 95)), ms(Math.max(...debounced))],
      ]),
      '',
      `1 000-line generated Dockerfile, one character typed or deleted per incremental \`didChange\`, timed from sending it to \`publishDiagnostics\` for that version (Layerwise findings + the built-in syntax validation). Target p95 < 30 ms beyond the debounce — ${verdict(p95 < 30)} (p95 ${ms(p95)}). With the default debounce the user sees diagnostics 150 ms + processing after the last keystroke.`,
    ].join('\n');
    return { markdown, p95 };
  } finally {
    await client.stop();
  }
}

export async function benchColdStart(runs = 8): Promise<{ markdown: string; firstDiagnostics: number }> {
  const initialized: number[] = [];
  const diagnosed: number[] = [];
  const text = readFileSync(require.resolve('../examples/naive-node/Dockerfile'), 'utf8');
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const client = await startServer({ settings: SETTINGS(0) });
    initialized.push(performance.now() - t0);
    const uri = fileUri(`/bench/cold/${i}/Dockerfile`);
    const published = client.nextDiagnostics(uri, 1, 30_000);
    client.open(uri, text);
    await published;
    diagnosed.push(performance.now() - t0);
    await client.stop();
  }
  const firstDiagnostics = median(diagnosed);
  const markdown = [
    table(['milestone', 'median', 'min', 'max'], [
      ['spawn → `initialize` answered', ms(median(initialized)), ms(Math.min(...initialized)), ms(Math.max(...initialized))],
      ['spawn → first diagnostics (examples/naive-node/Dockerfile)', ms(firstDiagnostics), ms(Math.min(...diagnosed)), ms(Math.max(...diagnosed))],
    ]),
    '',
    `${runs} fresh \`node dist/server.js --stdio\` processes (the development bundle). Target < 300 ms to first diagnostics — ${verdict(firstDiagnostics < 300)}.`,
  ].join('\n');
  return { markdown, firstDiagnostics };
}

export async function benchMemory(seedTexts: string[]): Promise<{ markdown: string; growth: number }> {
  const client = await startServer({ settings: SETTINGS(0) });
  const pid = client.process.pid!;
  try {
    const startRss = rssBytes(pid);
    const texts = Array.from({ length: 100 }, (_, i) => seedTexts.length ? seedTexts[i % seedTexts.length] + `\n# copy ${i}\n` : generateDockerfile(50 + i * 5));
    for (let i = 0; i < texts.length; i++) {
      const uri = fileUri(`/bench/memory/${i}/Dockerfile`);
      const published = client.nextDiagnostics(uri, 1, 30_000);
      client.open(uri, texts[i]);
      await published;
    }
    const afterOpen = rssBytes(pid);
    const uri = fileUri('/bench/memory/0/Dockerfile');
    const line = Math.floor(texts[0].split('\n').length / 2);
    const lineLength = texts[0].split('\n')[line].length;
    const checkpoints: [number, number][] = [];
    for (let version = 2; version <= 10_001; version++) {
      keystroke(client, uri, version, line, lineLength);
      // Wait for the analysis every 10 edits, as a fast typist's pauses would let it run.
      if (version % 10 === 1) await client.nextDiagnostics(uri, version, 30_000);
      if ((version - 1) % 2_500 === 0) checkpoints.push([version - 1, rssBytes(pid)]);
    }
    const growth = checkpoints[checkpoints.length - 1][1] - checkpoints[0][1];
    const bound = 32 * 1024 * 1024;
    const markdown = [
      table(['moment', 'server RSS'], [
        ['after `initialize`', mib(startRss)],
        ['after opening 100 Dockerfiles', mib(afterOpen)],
        ...checkpoints.map(([n, rss]) => [`after ${n.toLocaleString('en')} edits`, mib(rss)]),
      ]),
      '',
      `Growth from 2 500 to 10 000 edits: ${mib(growth)} — bound 32 MiB ${verdict(growth < bound)}. (Edits are incremental one-character changes to one open document; diagnostics awaited every 10 edits.)`,
    ].join('\n');
    return { markdown, growth };
  } finally {
    await client.stop();
  }
}
