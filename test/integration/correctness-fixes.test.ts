// The correctness rules in a real VS Code: findings appear on the offending word, their quick fixes
// apply through vscode.workspace.applyEdit, and the findings go away.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { openFixture } from './support';
import { activateLayerwise, layerwiseDiagnostics, ruleOf, rulesIn, waitForLayerwise } from './layerwise';

async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    vscode.CodeActionKind.QuickFix.value,
  );
  return actions.filter((a): a is vscode.CodeAction => 'edit' in a && a.edit !== undefined);
}

if (process.env.LAYERWISE_TEST_TRUST !== 'untrusted') {
  describe('Layerwise correctness quick fixes', () => {
    before(activateLayerwise);
    afterEach(() => vscode.commands.executeCommand('workbench.action.files.revert'));

    it('distroless-node-cmd and unnamed-stage: on the exact words, fixed by their quick fixes', async () => {
      const editor = await openFixture('distroless-node', 'Dockerfile');
      const uri = editor.document.uri;
      const diagnostics = await waitForLayerwise(
        uri,
        'both findings',
        (d) => rulesIn(d).includes('distroless-node-cmd') && rulesIn(d).includes('unnamed-stage'),
      );
      const cmd = diagnostics.find((d) => ruleOf(d) === 'distroless-node-cmd')!;
      assert.equal(editor.document.getText(cmd.range), '"node"');
      assert.equal(cmd.severity, vscode.DiagnosticSeverity.Error);

      const drop = (await quickFixes(uri, cmd.range)).find((a) => /Drop "node"/.test(a.title));
      assert.ok(drop?.edit && drop.isPreferred, 'preferred drop-node fix');
      assert.ok(await vscode.workspace.applyEdit(drop.edit));
      assert.match(editor.document.getText(), /^CMD \["server\.js"\]$/m);

      const numeric =
        layerwiseDiagnostics(uri).find(
          (d) => ruleOf(d) === 'unnamed-stage' && editor.document.getText(d.range) === '0',
        ) ?? diagnostics.find((d) => ruleOf(d) === 'unnamed-stage')!;
      const name = (await quickFixes(uri, numeric.range)).find((a) => /Name stage 0/.test(a.title));
      assert.ok(name?.edit, 'name-stage fix');
      assert.ok(await vscode.workspace.applyEdit(name.edit));
      assert.match(editor.document.getText(), /^FROM node:20 AS build$/m);
      assert.match(editor.document.getText(), /^COPY --from=build \/app \/app$/m);
      await waitForLayerwise(
        uri,
        'both fixed',
        (d) => !rulesIn(d).includes('distroless-node-cmd') && !rulesIn(d).includes('unnamed-stage'),
      );
    });
  });
}
