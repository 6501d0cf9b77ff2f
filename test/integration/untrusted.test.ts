// Run by test-all.sh with Workspace Trust on and the folder untrusted (run.mjs --trust): Layerwise
// works in its declared limited mode — it still lints, read-only.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { openFixture } from './support';
import { EXTENSION_ID, activateLayerwise, rulesIn, waitForLayerwise } from './layerwise';

if (process.env.LAYERWISE_TEST_TRUST === 'untrusted') {
  describe('Layerwise in an untrusted workspace', () => {
    it('declares limited support for untrusted workspaces', () => {
      const capabilities = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON?.capabilities;
      assert.strictEqual(capabilities?.untrustedWorkspaces?.supported, 'limited');
    });

    it('still lints: diagnostics appear although the folder is not trusted', async () => {
      assert.strictEqual(vscode.workspace.isTrusted, false);
      await activateLayerwise();
      const editor = await openFixture('naive-node', 'Dockerfile');
      const diagnostics = await waitForLayerwise(editor.document.uri, 'Layerwise diagnostics', (d) => d.length > 0);
      assert.ok(rulesIn(diagnostics).includes('root-user'), `got ${rulesIn(diagnostics).join(', ')}`);
    });
  });
}
