// With an image built from the Dockerfile on the (private) daemon, labelled as the extension's own builds
// are, hovering a RUN shows that layer's actual size. test-all.sh builds the image first
// (test/e2e/panel-images.sh) and sets LAYERWISE_TEST_DOCKER=1.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { openFixture, waitFor } from './support';
import { activateLayerwise } from './layerwise';

function hoverMarkdown(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? []).flatMap((hover) => hover.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

if (process.env.LAYERWISE_TEST_DOCKER === '1' && process.env.LAYERWISE_TEST_TRUST !== 'untrusted') {
  describe('Layer sizes from the last build (private Docker daemon)', () => {
    before(activateLayerwise);

    it('hover on the RUN that wrote 20 MB shows about 20 MB; the RUN that deleted it shows almost nothing', async () => {
      const editor = await openFixture('panel-app', 'Dockerfile');
      const uri = editor.document.uri;
      const hoverAt = (line: number) =>
        vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          uri,
          new vscode.Position(line, 1),
        );
      const written = hoverMarkdown(
        await waitFor(
          'a layer-size hover on line 3',
          () => hoverAt(2),
          (h) => /Layer size in the last build/.test(hoverMarkdown(h)),
        ),
      );
      console.log(`      hover: ${written.split('\n')[0]}`);
      assert.match(written, /Layer size in the last build: \*{0,2}(19|20|21)(\.\d+)? MB/);
      assert.match(written, /layerwise-e2e\/panel-app/);
      const deleted = hoverMarkdown(await hoverAt(3));
      assert.match(
        deleted,
        /Layer size in the last build: \*{0,2}\d+(\.\d+)? (B|kB)\b/,
        `deleting layer: ${deleted.split('\n')[0]}`,
      );
    });
  });
}
