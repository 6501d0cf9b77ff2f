// Beside a second Docker extension with its own language server on the same documents (the runner
// loads test/fixtures/extensions/other-docker when LAYERWISE_TEST_OTHER_DOCKER=1): both work, their
// diagnostics keep distinct sources, Layerwise's findings are unchanged, and
// `layerwise.builtinValidation: false` removes the duplicate syntax checks.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { openFixture, waitFor } from './support';
import { activateLayerwise, cliLint, describeDiagnostic, describeFinding, layerwiseDiagnostics } from './layerwise';

const OTHER_ID = 'layerwise-test.other-docker';
const bySource = (uri: vscode.Uri, source: string) =>
  vscode.languages.getDiagnostics(uri).filter((d) => d.source === source);

if (process.env.LAYERWISE_TEST_OTHER_DOCKER === '1') {
  describe('Layerwise beside another Docker language server', () => {
    const layerwiseSettings = () => vscode.workspace.getConfiguration('layerwise');
    before(async () => {
      await activateLayerwise();
      const other = vscode.extensions.getExtension(OTHER_ID);
      assert.ok(other, `${OTHER_ID} is not loaded`);
      await other.activate();
    });
    after(() => layerwiseSettings().update('builtinValidation', undefined, vscode.ConfigurationTarget.Global));

    it('both servers publish; Layerwise findings equal the CLI and carry only source "layerwise"', async () => {
      const editor = await openFixture('two-servers', 'Dockerfile');
      const uri = editor.document.uri;
      // dockerfile-utils' deprecation warning comes twice: from the other server and from Layerwise's built-in validation
      await waitFor(
        'MAINTAINER warning from both servers',
        () => bySource(uri, 'dockerfile-utils').length,
        (n) => n === 2,
      );
      const expected = cliLint(uri.fsPath).map(describeFinding).sort();
      const seen = await waitFor(
        'Layerwise findings as the CLI reports them',
        () => layerwiseDiagnostics(uri).map(describeDiagnostic).sort(),
        (found) => found.join() === expected.join(),
      );
      assert.deepStrictEqual(seen, expected);
      const sources = new Set(vscode.languages.getDiagnostics(uri).map((d) => d.source));
      assert.deepStrictEqual(
        [...sources].sort(),
        expected.length ? ['dockerfile-utils', 'layerwise'] : ['dockerfile-utils'],
      );
    });

    it('hovers from both servers are shown together', async () => {
      const editor = await openFixture('two-servers', 'Dockerfile');
      const hovers = await waitFor(
        'hovers from both',
        () =>
          vscode.commands.executeCommand<vscode.Hover[]>(
            'vscode.executeHoverProvider',
            editor.document.uri,
            new vscode.Position(0, 1),
          ),
        (h) => (h?.length ?? 0) >= 2,
      );
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      assert.match(text, /other-docker hover/);
      assert.match(text, /`FROM` must be the first instruction/);
    });

    it('layerwise.builtinValidation: false leaves the syntax checks to the other extension', async () => {
      const editor = await openFixture('two-servers', 'Dockerfile');
      const uri = editor.document.uri;
      await layerwiseSettings().update('builtinValidation', false, vscode.ConfigurationTarget.Global);
      await waitFor(
        'one MAINTAINER warning left',
        () => bySource(uri, 'dockerfile-utils').length,
        (n) => n === 1,
      );
      await layerwiseSettings().update('builtinValidation', undefined, vscode.ConfigurationTarget.Global);
      await waitFor(
        'both again',
        () => bySource(uri, 'dockerfile-utils').length,
        (n) => n === 2,
      );
    });
  });
}
