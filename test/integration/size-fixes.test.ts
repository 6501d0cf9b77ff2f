// The size rules' workspace edit in a real VS Code: missing-dockerignore's quick fix creates
// .dockerignore beside the Dockerfile, and the finding goes away once the server sees the new file.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { fixtureUri, openFixture } from './support';
import { activateLayerwise, ruleOf, rulesIn, waitForLayerwise } from './layerwise';

if (process.env.LAYERWISE_TEST_TRUST !== 'untrusted') {
  describe('Layerwise size-rule fixes', () => {
    before(activateLayerwise);

    it('missing-dockerignore: "Create .dockerignore" writes the file and the finding disappears', async () => {
      const editor = await openFixture('dockerignore-fix', 'Dockerfile');
      const uri = editor.document.uri;
      const diagnostics = await waitForLayerwise(uri, 'missing-dockerignore', (d) =>
        rulesIn(d).includes('missing-dockerignore'),
      );
      const finding = diagnostics.find((d) => ruleOf(d) === 'missing-dockerignore')!;
      assert.strictEqual(editor.document.getText(finding.range), '.');
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        finding.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      const create = actions.find((a) => a.title.startsWith('Create .dockerignore'));
      assert.ok(create?.edit, `no create action among: ${actions.map((a) => a.title).join(' | ')}`);
      const ignoreFile = fixtureUri('dockerignore-fix', '.dockerignore');
      try {
        assert.ok(await vscode.workspace.applyEdit(create.edit));
        // The edit leaves the new file open and dirty in VS Code: save it so the server's watcher sees it on disk.
        const created = vscode.workspace.textDocuments.find((d) => d.uri.toString() === ignoreFile.toString());
        if (created?.isDirty) await created.save();
        const text = Buffer.from(await vscode.workspace.fs.readFile(ignoreFile)).toString('utf8');
        assert.strictEqual(text, 'node_modules\n.git\n.env*\n');
        await waitForLayerwise(uri, 'missing-dockerignore gone', (d) => !rulesIn(d).includes('missing-dockerignore'));
      } finally {
        await vscode.workspace.fs.delete(ignoreFile).then(undefined, () => undefined);
      }
    });
  });
}
