// Code actions in a real VS Code: the quick fix and the suppression action listed for a finding, and
// applying them through vscode.workspace.applyEdit removes the finding.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { openFixture } from './support';
import { activateLayerwise, ruleOf, rulesIn, waitForLayerwise } from './layerwise';

async function actionsAt(
  uri: vscode.Uri,
  range: vscode.Range,
  kind?: vscode.CodeActionKind,
): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    kind?.value,
  );
  return actions.filter((a): a is vscode.CodeAction => 'edit' in a || 'kind' in a);
}

if (process.env.LAYERWISE_TEST_TRUST !== 'untrusted') {
  describe('Layerwise code actions', () => {
    before(activateLayerwise);
    afterEach(() => vscode.commands.executeCommand('workbench.action.files.revert'));

    it('lists the root-user quick fix and the suppression action; the fix removes the finding', async () => {
      const editor = await openFixture('naive-node', 'Dockerfile');
      const uri = editor.document.uri;
      const diagnostics = await waitForLayerwise(uri, 'root-user', (d) => rulesIn(d).includes('root-user'));
      const rootUser = diagnostics.find((d) => ruleOf(d) === 'root-user')!;
      const actions = await actionsAt(uri, rootUser.range, vscode.CodeActionKind.QuickFix);
      const titles = actions.map((a) => a.title);
      const fix = actions.find((a) => /USER/.test(a.title) && a.kind?.value === 'quickfix');
      assert.ok(fix?.edit, `no USER quick fix among: ${titles.join(' | ')}`);
      assert.ok(
        titles.some((t) => /ignore root-user/i.test(t)),
        `no suppression action among: ${titles.join(' | ')}`,
      );

      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.match(editor.document.getText(), /^USER \w+$/m);
      await waitForLayerwise(uri, 'root-user gone after the fix', (d) => !rulesIn(d).includes('root-user'));
    });

    it('the suppression action writes a layerwise-ignore comment that silences the rule', async () => {
      const editor = await openFixture('naive-node', 'Dockerfile');
      const uri = editor.document.uri;
      const diagnostics = await waitForLayerwise(uri, 'root-user', (d) => rulesIn(d).includes('root-user'));
      const rootUser = diagnostics.find((d) => ruleOf(d) === 'root-user')!;
      const suppress = (await actionsAt(uri, rootUser.range, vscode.CodeActionKind.QuickFix)).find((a) =>
        /ignore root-user/i.test(a.title),
      );
      assert.ok(suppress?.edit);
      assert.ok(await vscode.workspace.applyEdit(suppress.edit));
      assert.match(editor.document.getText(), /^# layerwise-ignore root-user$/m);
      await waitForLayerwise(uri, 'root-user suppressed', (d) => !rulesIn(d).includes('root-user'));
    });
  });
}
