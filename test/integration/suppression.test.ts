// Suppression comments silence exactly the rules they name, where they say.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { openFixture, sleep } from './support';
import { activateLayerwise, registeredRules, rulesIn, layerwiseDiagnostics, waitForLayerwise } from './layerwise';

if (process.env.LAYERWISE_TEST_TRUST !== 'untrusted') {
  describe('Layerwise suppression comments', () => {
    before(activateLayerwise);

    it('silences rules named by layerwise-ignore and layerwise-ignore-file; removing the comments brings them back', async () => {
      const editor = await openFixture('suppressed', 'Dockerfile');
      const uri = editor.document.uri;
      const silenced = ['root-user', 'unpinned-base-image'].filter((rule) => registeredRules().has(rule));
      assert.ok(silenced.length > 0, 'neither root-user nor unpinned-base-image is registered');
      await sleep(1500); // let the server analyse the file at least once
      assert.deepStrictEqual(
        rulesIn(layerwiseDiagnostics(uri)).filter((rule) => silenced.includes(rule)),
        [],
      );

      const commentLines = editor.document
        .getText()
        .split('\n')
        .map((line, index) => (line.startsWith('# layerwise-ignore') ? index : -1))
        .filter((index) => index >= 0);
      assert.strictEqual(commentLines.length, 2);
      await editor.edit((edit) => {
        for (const line of commentLines) edit.delete(editor.document.lineAt(line).rangeIncludingLineBreak);
      });
      const back = await waitForLayerwise(uri, `${silenced.join(', ')} reported without the comments`, (d) =>
        silenced.every((rule) => rulesIn(d).includes(rule)),
      );
      assert.ok(back.length >= silenced.length);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    });
    it('honours hadolint pragmas for the rules they map to (DL3002 → root-user, DL3019 → package-manager-cache)', async () => {
      const editor = await openFixture('suppressed-hadolint', 'Dockerfile');
      const uri = editor.document.uri;
      const silenced = ['root-user', 'package-manager-cache'];
      for (const rule of silenced) assert.ok(registeredRules().has(rule), `${rule} not registered`);
      await sleep(1500);
      assert.deepStrictEqual(
        rulesIn(layerwiseDiagnostics(uri)).filter((rule) => silenced.includes(rule)),
        [],
      );
      await editor.edit((edit) => {
        for (const line of [2, 0]) edit.delete(editor.document.lineAt(line).rangeIncludingLineBreak);
      });
      await waitForLayerwise(uri, 'both rules back without the pragmas', (d) =>
        silenced.every((rule) => rulesIn(d).includes(rule)),
      );
      await vscode.commands.executeCommand('workbench.action.files.revert');
    });
  });
}
