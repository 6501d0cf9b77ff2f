// Proves the runner itself: a real VS Code, the extension under development loaded, the fixture workspace
// opened, and Workspace Trust in the mode the runner asked for. Works with any extension.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { fixtureUri, workspaceRoot } from './support';

describe('runner smoke', () => {
  it('runs inside a real VS Code extension host', () => {
    assert.match(vscode.version, /^1\.\d+\.\d+/);
    assert.strictEqual(typeof process.versions.node, 'string');
  });

  it('opened a fresh copy of the fixture workspaces', async () => {
    const root = workspaceRoot();
    const fixtures = process.env.LAYERWISE_TEST_FIXTURES;
    assert.ok(fixtures, 'LAYERWISE_TEST_FIXTURES must be set by the runner');
    assert.notStrictEqual(root.path, fixtures, 'tests must not edit the fixtures in the repository');
    const expected = fs.readdirSync(fixtures).sort();
    const seen = (await vscode.workspace.fs.readDirectory(root)).map(([name]) => name).sort();
    assert.deepStrictEqual(seen, expected);
  });

  it('loaded the extension under development', () => {
    const extensionPath = process.env.LAYERWISE_TEST_EXTENSION;
    const loaded = vscode.extensions.all.find((extension) => extension.extensionPath === extensionPath);
    assert.ok(loaded, `no extension loaded from ${extensionPath}`);
  });

  it('opens a Dockerfile with the dockerfile language and edits it in memory', async () => {
    const document = await vscode.workspace.openTextDocument(fixtureUri('naive-node', 'Dockerfile'));
    await vscode.window.showTextDocument(document);
    assert.strictEqual(document.languageId, 'dockerfile');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(0, 0), '# smoke\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.strictEqual(document.lineAt(0).text, '# smoke');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.notStrictEqual(document.lineAt(0).text, '# smoke');
  });

  if (process.env.LAYERWISE_TEST_CANARY === 'fail') {
    // test/vscode/test-all.sh sets this to prove that a failing assertion fails the whole run
    it('deliberately fails (runner self-test)', () => assert.fail('canary: this failure is expected'));
  }
  if (process.env.LAYERWISE_TEST_CANARY === 'crash') {
    // proves run.mjs fails fast, with a reason, when the extension host dies before reporting
    it('kills the extension host (runner self-test)', () => process.kill(process.pid, 'SIGKILL'));
  }

  it('has Workspace Trust in the mode the runner asked for', () => {
    const mode = process.env.LAYERWISE_TEST_TRUST;
    assert.strictEqual(vscode.workspace.isTrusted, mode !== 'untrusted', `trust mode ${mode}`);
  });
});
