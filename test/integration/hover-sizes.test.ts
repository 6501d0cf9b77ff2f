// Hover on a FROM image reference shows its size and lighter alternatives (sizes from the bundled
// catalogue: registry look-ups are off in the fixture workspace settings).
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { openFixture, waitFor } from './support';
import { activateLayerwise } from './layerwise';

const SIZE = /\d+(\.\d+)?\s?(MB|GB|kB)/;

function hoverMarkdown(hovers: vscode.Hover[]): string {
  return hovers.flatMap((hover) => hover.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

if (process.env.LAYERWISE_TEST_TRUST !== 'untrusted') {
  describe('Layerwise size hover', () => {
    before(activateLayerwise);

    it('shows the size of node:20 and a lighter alternative with its size, above the instruction docs', async () => {
      const editor = await openFixture('naive-node', 'Dockerfile');
      const onImage = new vscode.Position(1, 7); // FROM node:20
      const hovers = await waitFor(
        'a size hover on node:20',
        () =>
          vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, onImage),
        (h) => SIZE.test(hoverMarkdown(h ?? [])),
      );
      const text = hoverMarkdown(hovers);
      console.log(`      hover: ${text.slice(0, 600).replace(/\n/g, ' ⏎ ')}`);
      assert.match(text, SIZE);
      assert.match(text, /slim|alpine|distroless/i, 'names a lighter alternative');
    });
  });
}
