// The `layerwise.rules` setting changes severities and turns rules off, live.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { fixtureUri, openFixture } from './support';
import { activateLayerwise, layerwiseDiagnostics, ruleOf, waitForLayerwise } from './layerwise';

const RULE = 'root-user'; // fires on naive-node/Dockerfile; default severity info

function severityOf(uri: vscode.Uri): vscode.DiagnosticSeverity | undefined {
  return layerwiseDiagnostics(uri).find((d) => ruleOf(d) === RULE)?.severity;
}

if (process.env.LAYERWISE_TEST_TRUST !== 'untrusted') {
  describe('Layerwise settings', () => {
    const rulesSetting = () => vscode.workspace.getConfiguration('layerwise');
    before(activateLayerwise);
    afterEach(async () => {
      await rulesSetting().update('rules', undefined, vscode.ConfigurationTarget.Global);
    });

    it(`layerwise.rules raises ${RULE} to error, then turns it off, then back to its default`, async () => {
      const editor = await openFixture('naive-node', 'Dockerfile');
      const uri = editor.document.uri;
      const initial = await waitForLayerwise(uri, RULE, (d) => d.some((x) => ruleOf(x) === RULE));
      const defaultSeverity = initial.find((d) => ruleOf(d) === RULE)!.severity;
      assert.notStrictEqual(defaultSeverity, vscode.DiagnosticSeverity.Error);

      await rulesSetting().update('rules', { [RULE]: 'error' }, vscode.ConfigurationTarget.Global);
      await waitForLayerwise(uri, `${RULE} as error`, () => severityOf(uri) === vscode.DiagnosticSeverity.Error);

      await rulesSetting().update('rules', { [RULE]: 'off' }, vscode.ConfigurationTarget.Global);
      await waitForLayerwise(uri, `${RULE} off`, () => severityOf(uri) === undefined);

      await rulesSetting().update('rules', undefined, vscode.ConfigurationTarget.Global);
      await waitForLayerwise(uri, `${RULE} back to default`, () => severityOf(uri) === defaultSeverity);
    });
    it('.layerwise.json beside the Dockerfile changes severities; a broken one gives one clear diagnostic', async () => {
      const editor = await openFixture('naive-node', 'Dockerfile');
      const uri = editor.document.uri;
      const config = fixtureUri('naive-node', '.layerwise.json');
      const write = (text: string) => vscode.workspace.fs.writeFile(config, new TextEncoder().encode(text));
      await waitForLayerwise(uri, RULE, () => severityOf(uri) !== undefined);
      try {
        await write(JSON.stringify({ rules: { [RULE]: 'error' } }));
        await waitForLayerwise(
          uri,
          `${RULE} as error from .layerwise.json`,
          () => severityOf(uri) === vscode.DiagnosticSeverity.Error,
        );

        await write('{ "rules": { "root-user": ');
        const broken = await waitForLayerwise(uri, 'a config diagnostic', (d) => d.some((x) => ruleOf(x) === 'config'));
        const configDiagnostics = broken.filter((d) => ruleOf(d) === 'config');
        assert.strictEqual(configDiagnostics.length, 1);
        assert.match(configDiagnostics[0].message, /layerwise\.json|config/i);
      } finally {
        await vscode.workspace.fs.delete(config);
      }
      await waitForLayerwise(
        uri,
        'config diagnostic gone, default severity back',
        (d) => !d.some((x) => ruleOf(x) === 'config') && severityOf(uri) !== vscode.DiagnosticSeverity.Error,
      );
    });
  });
}
