// The real server over stdio, set up for hostile clients: no network (registry look-ups off, a
// daemon socket that does not exist), every request bounded in time, and every error the server
// logs (window/logMessage) or prints (stderr) kept so a test can assert there was none.
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { WorkspaceEdit } from 'vscode-languageserver-protocol/node';
import { startServer, fileUri, type TestClient } from '../support/lspClient';
import { tempWorkspace } from '../support/ruleTest';

export interface HostileServer {
  client: TestClient;
  dir: string;
  /** Error-level log messages the server sent (`connection.console.error`). */
  errors: string[];
  uri(name: string): string;
  /** Rejects when `promise` takes longer than `ms`: a hang is a failure, never a wait. */
  bounded<T>(promise: Promise<T>, label: string, ms?: number): Promise<T>;
  /** Throws unless the process is alive and has neither logged nor printed an error. */
  assertHealthy(): void;
}

export const REQUEST_TIMEOUT_MS = 15_000;

export async function startHostileServer(): Promise<HostileServer> {
  const dir = tempWorkspace({ 'package.json': '{"name":"x","scripts":{"build":"tsc","start":"node dist/index.js"}}', 'package-lock.json': '{}' });
  const client = await startServer({
    rootDir: dir,
    settings: { diagnostics: { debounceMs: 0 }, sizes: { registryLookups: false } },
    env: { ...process.env, DOCKER_HOST: `unix://${path.join(dir, 'no-daemon.sock')}` },
  });
  const errors: string[] = [];
  // Replaces lspClient's silent handler: errors the server logs must fail the test.
  client.connection.onNotification('window/logMessage', (p: { type: number; message: string }) => {
    if (p.type === 1) errors.push(p.message);
  });
  return {
    client,
    dir,
    errors,
    uri: (name) => fileUri(path.join(dir, name)),
    bounded(promise, label, ms = REQUEST_TIMEOUT_MS) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${label}: no answer within ${ms} ms (server stderr: ${client.stderr().slice(-300)})`)), ms);
      });
      return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
    },
    assertHealthy() {
      if (client.process.exitCode !== null || client.process.signalCode !== null) throw new Error(`server exited (${client.process.exitCode ?? client.process.signalCode}); stderr: ${client.stderr().slice(-500)}`);
      if (errors.length) throw new Error(`server logged ${errors.length} error(s), first: ${errors[0].slice(0, 800)}`);
      if (/uncaught|unhandled|Error:/i.test(client.stderr())) throw new Error(`server stderr: ${client.stderr().slice(0, 800)}`);
    },
  };
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
