// Helpers shared by the integration tests (they run inside the VS Code extension host).
import * as assert from 'node:assert';
import * as vscode from 'vscode';

/** The copy of test/fixtures/workspaces that the runner opened as the workspace folder. */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the runner must open a workspace folder');
  return folder.uri;
}

export function fixtureUri(...segments: string[]): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...segments);
}

export async function openFixture(...segments: string[]): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(...segments));
  return vscode.window.showTextDocument(document);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `probe` returns a value accepted by `done`; fails with `what` and the last value seen. */
export async function waitFor<T>(
  what: string,
  probe: () => T | PromiseLike<T>,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!done(last)) {
    if (Date.now() > deadline) {
      assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`);
    }
    await sleep(200);
    last = await probe();
  }
  return last;
}
