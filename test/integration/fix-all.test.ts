// `source.fixAll.layerwise` through editor.codeActionsOnSave: saving applies every safe fix, leaves
// unsafe ones alone, and a second pass has nothing left to do.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { openFixture } from './support';
import { activateLayerwise, registeredRules, rulesIn, waitForLayerwise } from './layerwise';

const FIX_ALL = vscode.CodeActionKind.SourceFixAll.append('layerwise');

if (process.env.LAYERWISE_TEST_TRUST !== 'untrusted') {
  describe('Layerwise fix-all on save', () => {
    const editorSettings = () => vscode.workspace.getConfiguration('editor');
    before(async () => {
      await activateLayerwise();
      await editorSettings().update(
        'codeActionsOnSave',
        { [FIX_ALL.value]: 'explicit' },
        vscode.ConfigurationTarget.Global,
      );
    });
    after(() => editorSettings().update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Global));

    it('saving applies the safe apt-lists fix, keeps the unsafe recommends finding, and is idempotent', async () => {
      for (const rule of ['apt-lists-not-removed', 'apt-recommends'])
        assert.ok(registeredRules().has(rule), `${rule} not registered`);
      const editor = await openFixture('fix-all', 'Dockerfile');
      const uri = editor.document.uri;
      await waitForLayerwise(
        uri,
        'both apt findings',
        (d) => rulesIn(d).includes('apt-lists-not-removed') && rulesIn(d).includes('apt-recommends'),
      );

      await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '# edited\n')); // saving needs a dirty document
      assert.ok(await editor.document.save(), 'save failed');
      const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      assert.match(onDisk, /rm -rf \/var\/lib\/apt\/lists\/\*/, `safe fix not applied on save:\n${onDisk}`);
      assert.doesNotMatch(onDisk, /--no-install-recommends/, 'an unsafe fix was applied on save');
      const after = await waitForLayerwise(
        uri,
        'apt-lists-not-removed fixed',
        (d) => !rulesIn(d).includes('apt-lists-not-removed'),
      );
      assert.ok(rulesIn(after).includes('apt-recommends'));

      const second = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        new vscode.Range(0, 0, editor.document.lineCount, 0),
        FIX_ALL.value,
      );
      const edits = second.flatMap((action) => action.edit?.entries().flatMap(([, e]) => e) ?? []);
      assert.deepStrictEqual(edits, [], 'a second fix-all pass must change nothing');
    });
  });
}
