// Layerwise's own diagnostics in a real VS Code: rule codes, ranges, docs links, live updates, and the
// same findings as the CLI (one code path).
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { fixtureUri, openFixture } from './support';
import {
  activateLayerwise,
  cliLint,
  describeDiagnostic,
  describeFinding,
  layerwiseDiagnostics,
  registeredRules,
  ruleOf,
  rulesIn,
  waitForLayerwise,
} from './layerwise';

/** Rules the naive single-stage Node Dockerfile breaks (issue 3's contract ids). */
const NAIVE_NODE_RULES = [
  'copy-context-before-deps',
  'dev-dependencies-in-final-stage',
  'fat-base-image',
  'missing-dockerignore',
  'npm-as-entrypoint',
  'npm-install-not-ci',
  'package-manager-cache',
  'root-user',
  'single-stage-build',
];

/** Where a finding must point in naive-node/Dockerfile, for rules whose anchor the contract makes clear. */
const NAIVE_NODE_ANCHORS: Record<string, { line: number; text?: RegExp }> = {
  'fat-base-image': { line: 1, text: /^node:20$/ },
  'copy-context-before-deps': { line: 3 },
  'npm-install-not-ci': { line: 4, text: /install/ },
  'dev-dependencies-in-final-stage': { line: 4 },
  'npm-as-entrypoint': { line: 7, text: /npm/ },
};

if (process.env.LAYERWISE_TEST_TRUST !== 'untrusted') {
  describe('Layerwise diagnostics', () => {
    before(async () => {
      await activateLayerwise();
    });

    it('flags the naive single-stage Node Dockerfile with every registered rule that applies, and nothing else', async () => {
      const editor = await openFixture('naive-node', 'Dockerfile');
      const registered = registeredRules();
      const expected = NAIVE_NODE_RULES.filter((rule) => registered.has(rule)).sort();
      assert.ok(
        expected.length > 0,
        `none of ${NAIVE_NODE_RULES.join(', ')} is registered: ${[...registered].join(', ')}`,
      );
      const diagnostics = await waitForLayerwise(
        editor.document.uri,
        `rules ${expected.join(', ')}`,
        (found) => rulesIn(found).join() === expected.join(),
      );
      assert.deepStrictEqual(rulesIn(diagnostics), expected);

      for (const diagnostic of diagnostics) {
        const rule = ruleOf(diagnostic);
        const { start, end } = diagnostic.range;
        assert.strictEqual(start.line, end.line, `${rule}: range spans lines`);
        assert.ok(end.character > start.character, `${rule}: empty range`);
        const text = editor.document.getText(diagnostic.range);
        assert.notStrictEqual(
          text.trim(),
          editor.document.lineAt(start.line).text.trim(),
          `${rule}: the range must point at the offending word, not the whole line`,
        );
        const code = diagnostic.code;
        assert.ok(
          typeof code === 'object' && code.target instanceof vscode.Uri,
          `${rule}: no docs link (codeDescription)`,
        );
        assert.ok(diagnostic.message.length > 20, `${rule}: message too short to say what to do`);
        const anchor = NAIVE_NODE_ANCHORS[rule];
        if (anchor) {
          assert.strictEqual(start.line, anchor.line, `${rule}: on line ${start.line}, expected ${anchor.line}`);
          if (anchor.text) assert.match(text, anchor.text, `${rule}: range text "${text}"`);
        }
      }
    });

    it('reports nothing for the carefully written multi-stage Dockerfile', async () => {
      const editor = await openFixture('multistage-good', 'Dockerfile');
      // the other fixture shows the server publishes within seconds; give this one the same time to be wrong
      await waitForLayerwise(fixtureUri('naive-node', 'Dockerfile'), 'naive-node analysed', (d) => d.length > 0);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.deepStrictEqual(layerwiseDiagnostics(editor.document.uri).map(describeDiagnostic), []);
    });

    it('updates diagnostics as the Dockerfile is edited, and back on undo', async () => {
      const editor = await openFixture('naive-node', 'Dockerfile');
      const uri = editor.document.uri;
      await waitForLayerwise(uri, 'root-user', (d) => rulesIn(d).includes('root-user'));
      const cmdLine = editor.document
        .getText()
        .split('\n')
        .findIndex((line) => line.startsWith('CMD'));
      assert.ok(cmdLine > 0);
      await editor.edit((edit) => edit.insert(new vscode.Position(cmdLine, 0), 'USER node\n'));
      await waitForLayerwise(uri, 'root-user gone after adding USER node', (d) => !rulesIn(d).includes('root-user'));
      await vscode.commands.executeCommand('undo');
      await waitForLayerwise(uri, 'root-user back after undo', (d) => rulesIn(d).includes('root-user'));
      assert.ok(!editor.document.getText().includes('USER node'));
    });

    it('matches the CLI finding for finding on every fixture Dockerfile', async () => {
      const files = await vscode.workspace.findFiles('**/{Dockerfile,*.Dockerfile,Dockerfile.*,Containerfile}');
      assert.ok(files.length >= 3, `found only ${files.length} fixture Dockerfiles`);
      for (const uri of files) {
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
        const expected = cliLint(uri.fsPath).map(describeFinding).sort();
        const seen = await waitForLayerwise(
          uri,
          `${vscode.workspace.asRelativePath(uri)} as the CLI reports it`,
          (d) => d.map(describeDiagnostic).sort().join('\n') === expected.join('\n'),
          15_000,
        );
        assert.deepStrictEqual(seen.map(describeDiagnostic).sort(), expected);
      }
    });
  });
}
