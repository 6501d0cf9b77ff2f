// What dockerfile-language-service gives must still be there beside Layerwise's own features.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { openFixture, waitFor } from './support';
import { activateLayerwise } from './layerwise';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((hover) => hover.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

if (process.env.LAYERWISE_TEST_TRUST !== 'untrusted') {
  describe('dockerfile-language-service features through Layerwise', () => {
    before(activateLayerwise);

    it('hover on the FROM keyword shows the instruction docs', async () => {
      const editor = await openFixture('naive-node', 'Dockerfile');
      const hovers = await waitFor(
        'a hover on FROM',
        () =>
          vscode.commands.executeCommand<vscode.Hover[]>(
            'vscode.executeHoverProvider',
            editor.document.uri,
            new vscode.Position(1, 1),
          ),
        (h) => (h?.length ?? 0) > 0,
      );
      assert.match(hoverText(hovers), /`FROM` must be the first instruction/);
    });

    it('completes instructions on an empty line', async () => {
      const editor = await openFixture('naive-node', 'Dockerfile');
      await editor.edit((edit) => edit.insert(new vscode.Position(2, 0), '\n'));
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        editor.document.uri,
        new vscode.Position(2, 0),
      );
      // labels are snippets such as "RUN command": compare the instruction word
      const labels = list.items.map(
        (item) => (typeof item.label === 'string' ? item.label : item.label.label).split(' ')[0],
      );
      for (const instruction of ['RUN', 'COPY', 'WORKDIR', 'HEALTHCHECK']) {
        assert.ok(labels.includes(instruction), `${instruction} missing from ${labels.slice(0, 20).join(', ')}`);
      }
      await vscode.commands.executeCommand('workbench.action.files.revert');
    });

    it('provides document symbols for the stages', async () => {
      const editor = await openFixture('multistage-good', 'Dockerfile');
      const symbols = await waitFor(
        'document symbols',
        () =>
          vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
            'vscode.executeDocumentSymbolProvider',
            editor.document.uri,
          ),
        (s) => (s?.length ?? 0) > 0,
      );
      const names = symbols.map((symbol) => symbol.name).join(' ');
      assert.match(names, /FROM/);
    });
    it('provides semantic tokens for the whole file', async () => {
      const editor = await openFixture('multistage-good', 'Dockerfile');
      const legend = await vscode.commands.executeCommand<vscode.SemanticTokensLegend>(
        'vscode.provideDocumentSemanticTokensLegend',
        editor.document.uri,
      );
      assert.ok(legend?.tokenTypes.includes('keyword'), `legend: ${JSON.stringify(legend?.tokenTypes)}`);
      const tokens = await waitFor(
        'semantic tokens',
        () =>
          vscode.commands.executeCommand<vscode.SemanticTokens>(
            'vscode.provideDocumentSemanticTokens',
            editor.document.uri,
          ),
        (t) => (t?.data.length ?? 0) > 0,
      );
      assert.ok(tokens.data.length / 5 >= editor.document.lineCount / 2, `only ${tokens.data.length / 5} tokens`);
    });

    it('formats: an indented instruction is moved back to the margin', async () => {
      const editor = await openFixture('naive-node', 'Dockerfile');
      await editor.edit((edit) => edit.insert(new vscode.Position(2, 0), '    '));
      const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>(
        'vscode.executeFormatDocumentProvider',
        editor.document.uri,
        { insertSpaces: true, tabSize: 4 },
      );
      assert.ok(
        edits?.some((e) => e.range.start.line === 2 && e.newText === ''),
        `edits: ${JSON.stringify(edits)}`,
      );
      await vscode.commands.executeCommand('workbench.action.files.revert');
    });
  });
}
