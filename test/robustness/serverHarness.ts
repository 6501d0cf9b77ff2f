// The real server over stdio, set up for hostile clients: no network (registry look-ups off, a
// daemon socket that does not exist), every request bounded in time, and every error the server
// logs (window/logMessage) or prints (stderr) kept so a test can assert there was none.
import * as path from 'node:path';
import { after, before } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { WorkspaceEdit } from 'vscode-languageserver-protocol/node';
import { startServer, fileUri, type TestClient } from '../support/lspClient';
import { tempWorkspace } from '../support/ruleTest';

export interface HostileServer {
  client: TestClient;
  dir: string;
  /** Error-level log messages the server sent (`connection.console.error`). */
  errors: string[];
  /** Warning-level log messages (`connection.console.warn`: e.g. a dockerfile-language-service failure caught). */
  warnings: string[];
  uri(name: string): string;
  /** Rejects when `promise` takes longer than `ms`: a hang is a failure, never a wait. */
  bounded<T>(promise: Promise<T>, label: string, ms?: number): Promise<T>;
  /** Throws unless the process is alive and has neither logged nor printed an error. */
  assertHealthy(): void;
}

export const REQUEST_TIMEOUT_MS = 15_000;

export async function startHostileServer(): Promise<HostileServer> {
  const dir = tempWorkspace({
    'package.json': '{"name":"x","scripts":{"build":"tsc","start":"node dist/index.js"}}',
    'package-lock.json': '{}',
  });
  const client = await startServer({
    rootDir: dir,
    settings: { diagnostics: { debounceMs: 0 }, sizes: { registryLookups: false } },
    env: { ...process.env, DOCKER_HOST: `unix://${path.join(dir, 'no-daemon.sock')}` },
  });
  const errors: string[] = [];
  const warnings: string[] = [];
  // Replaces lspClient's silent handler: errors the server logs must fail the test.
  client.connection.onNotification('window/logMessage', (p: { type: number; message: string }) => {
    if (p.type === 1) errors.push(p.message);
    if (p.type === 2) warnings.push(p.message);
  });
  return {
    client,
    dir,
    errors,
    warnings,
    uri: (name) => fileUri(path.join(dir, name)),
    bounded(promise, label, ms = REQUEST_TIMEOUT_MS) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(new Error(`${label}: no answer within ${ms} ms (server stderr: ${client.stderr().slice(-300)})`)),
          ms,
        );
      });
      return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
    },
    assertHealthy() {
      if (client.process.exitCode !== null || client.process.signalCode !== null)
        throw new Error(
          `server exited (${client.process.exitCode ?? client.process.signalCode}); stderr: ${client.stderr().slice(-500)}`,
        );
      if (errors.length) throw new Error(`server logged ${errors.length} error(s), first: ${errors[0].slice(0, 800)}`);
      if (/uncaught|unhandled|Error:/i.test(client.stderr()))
        throw new Error(`server stderr: ${client.stderr().slice(0, 800)}`);
    },
  };
}

/**
 * The hostile server of a test file: started before its tests, stopped after them (`report`, when
 * given, is printed first). The object is filled in when the server has started.
 */
export function useHostileServer(report?: () => string): HostileServer {
  const server = {} as HostileServer;
  before(async () => {
    Object.assign(server, await startHostileServer());
  });
  after(async () => {
    if (report) console.log(report());
    await server.client?.stop();
  });
  return server;
}

/** Applies the edits a WorkspaceEdit makes to `uri` (other files and file creations are ignored). */
export function applyWorkspaceEdit(text: string, uri: string, edit: WorkspaceEdit | undefined): string {
  if (!edit) return text;
  const edits = [
    ...(edit.changes?.[uri] ?? []),
    ...(edit.documentChanges ?? []).flatMap((c) => ('textDocument' in c && c.textDocument.uri === uri ? c.edits : [])),
  ].map((e) => ('newText' in e ? e : { range: e.range, newText: e.snippet.value }));
  return TextDocument.applyEdits(TextDocument.create(uri, 'dockerfile', 0, text), edits);
}

/** About `count` positions spread over a text (line starts, middles and ends), plus one past the end. */
export function samplePositions(text: string, count: number): { line: number; character: number }[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: { line: number; character: number }[] = [];
  const step = Math.max(1, Math.floor(lines.length / count));
  for (let line = 0; line < lines.length && out.length < count; line += step) {
    const len = lines[line].length;
    out.push({ line, character: 0 }, { line, character: Math.floor(len / 2) }, { line, character: len });
  }
  out.push({ line: lines.length + 3, character: 5 }); // past the end: clients do send these
  return out;
}

/** Throws unless `range` lies inside `text` (0-based lines and UTF-16 characters) with start ≤ end. */
export function assertRangeInside(
  range: { start: { line: number; character: number }; end: { line: number; character: number } },
  text: string,
  label: string,
): void {
  const lines = text.split(/\r\n|\r|\n/);
  const inside = (p: { line: number; character: number }) =>
    Number.isInteger(p.line) &&
    Number.isInteger(p.character) &&
    p.line >= 0 &&
    p.line < lines.length &&
    p.character >= 0 &&
    p.character <= lines[p.line].length;
  const ordered =
    range.start.line < range.end.line ||
    (range.start.line === range.end.line && range.start.character <= range.end.character);
  if (!inside(range.start) || !inside(range.end) || !ordered)
    throw new Error(`${label}: range ${JSON.stringify(range)} is not inside the ${lines.length}-line document`);
}

/** Throws unless semantic tokens decode to non-overlapping tokens with a length, each inside its line. */
export function assertValidTokens(data: number[], text: string, label: string): void {
  const lines = text.split(/\r\n|\r|\n/);
  if (data.length % 5 !== 0) throw new Error(`${label}: ${data.length} token integers, not a multiple of 5`);
  let line = 0;
  let start = 0;
  let end = 0;
  for (let i = 0; i < data.length; i += 5) {
    const [dl, ds, length] = [data[i], data[i + 1], data[i + 2]];
    if (dl < 0 || ds < 0 || length <= 0)
      throw new Error(`${label}: token ${i / 5} has deltas ${dl},${ds} and length ${length}`);
    if (dl > 0) {
      line += dl;
      start = ds;
      end = 0;
    } else start += ds;
    if (start < end) throw new Error(`${label}: token ${i / 5} overlaps the one before`);
    end = start + length;
    if (line >= lines.length || end > lines[line].length)
      throw new Error(`${label}: token ${i / 5} (${line}:${start}+${length}) is past its line's end`);
  }
}

/** Throws unless every completion edit is on the cursor's line and contains it. */
export function assertCompletionEdits(
  answer: unknown,
  position: { line: number; character: number },
  text: string,
  label: string,
): void {
  const items = (Array.isArray(answer) ? answer : ((answer as { items?: unknown[] } | null)?.items ?? [])) as {
    textEdit?: { range?: never; insert?: never; replace?: never };
  }[];
  for (const item of items) {
    const e = item.textEdit;
    if (!e) continue;
    for (const range of [e.range, e.insert, e.replace].filter(Boolean) as unknown as {
      start: { line: number; character: number };
      end: { line: number; character: number };
    }[]) {
      assertRangeInside(range, text, label);
      if (range.start.line !== range.end.line)
        throw new Error(`${label}: completion edit spans lines: ${JSON.stringify(range)}`);
      const contains =
        range.start.line === position.line &&
        range.start.character <= position.character &&
        position.character <= range.end.character;
      if (!contains)
        throw new Error(
          `${label}: completion edit ${JSON.stringify(range)} does not contain the cursor ${JSON.stringify(position)}`,
        );
    }
  }
}
