// The centrepiece: "Split into deps/build/runner stages" on a naive single-stage Dockerfile, one action per
// runner. Applied through vscode.workspace.applyEdit, the document must equal what the CLI's
// `layerwise split --runner <r>` prints (one code path), and the size rules it addresses must go quiet.
import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { openFixture } from './support';
import { EXTENSION_ID, activateLayerwise, registeredRules, rulesIn, waitForLayerwise } from './layerwise';

const SPLIT_TITLE = /^Split into .*stages — runner (\w+)/;
/** Rules the split exists to fix on the naive Node file. */
const FIXED_BY_SPLIT = [
  'single-stage-build',
  'fat-base-image',
  'dev-dependencies-in-final-stage',
  'root-user',
  'npm-as-entrypoint',
];

async function splitActions(uri: vscode.Uri, line: number): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    uri,
    new vscode.Range(line, 0, line, 0),
    vscode.CodeActionKind.RefactorRewrite.value,
  );
  return actions.filter((action) => SPLIT_TITLE.test(action.title));
}

function cliSplit(file: string, runner: string): string {
  const cli = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'cli.js');
  const result = spawnSync(process.execPath, [cli, 'split', '--runner', runner, file], { encoding: 'utf8' });
  assert.strictEqual(result.status, 0, `layerwise split --runner ${runner} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

if (process.env.LAYERWISE_TEST_TRUST !== 'untrusted') {
  describe('Split into stages', () => {
    before(activateLayerwise);
    afterEach(() => vscode.commands.executeCommand('workbench.action.files.revert'));

    it('is offered on any line of the naive file, once per runner, with an estimated size in the title', async () => {
      const editor = await openFixture('naive-node', 'Dockerfile');
      for (const line of [1, 4, 7]) {
        const actions = await splitActions(editor.document.uri, line);
        const runners = actions.map((action) => SPLIT_TITLE.exec(action.title)![1]);
        if (line === 1) console.log(`      titles: ${actions.map((action) => action.title).join(' | ')}`);
        assert.ok(runners.length >= 2, `line ${line}: runners ${runners.join(', ')}`);
        assert.ok(runners.includes('distroless'), `line ${line}: no distroless runner in ${runners.join(', ')}`);
        assert.strictEqual(new Set(runners).size, runners.length, 'one action per runner');
        for (const action of actions) {
          assert.strictEqual(action.kind?.value, 'refactor.rewrite');
          assert.match(action.title, /\d+(\.\d+)?\s?(MB|GB)/, `no size estimate in "${action.title}"`);
        }
      }
    });

    it('applied through applyEdit, each variant equals the CLI output and quiets the rules it addresses', async () => {
      const editor = await openFixture('naive-node', 'Dockerfile');
      const uri = editor.document.uri;
      const original = editor.document.getText();
      const runners = (await splitActions(uri, 1)).map((action) => SPLIT_TITLE.exec(action.title)![1]);
      const addressed = FIXED_BY_SPLIT.filter((rule) => registeredRules().has(rule));
      for (const runner of runners) {
        const action = (await splitActions(uri, 1)).find((a) => SPLIT_TITLE.exec(a.title)![1] === runner);
        assert.ok(action?.edit, `${runner}: no edit`);
        assert.ok(await vscode.workspace.applyEdit(action.edit), `${runner}: applyEdit refused`);
        assert.strictEqual(editor.document.getText(), cliSplit(uri.fsPath, runner), `${runner}: editor and CLI differ`);
        assert.ok((editor.document.getText().match(/^FROM /gm) ?? []).length >= 2, `${runner}: not multi-stage`);
        const after = await waitForLayerwise(uri, `${runner}: ${addressed.join(', ')} gone`, (d) =>
          addressed.every((rule) => !rulesIn(d).includes(rule)),
        );
        assert.ok(!rulesIn(after).includes('single-stage-build'));
        assert.ok((await splitActions(uri, 1)).length === 0, `${runner}: split still offered on the split result`);
        await vscode.commands.executeCommand('workbench.action.files.revert');
        assert.strictEqual(editor.document.getText(), original);
      }
    });

    it('is not offered on a file that is already multi-stage', async () => {
      const editor = await openFixture('multistage-good', 'Dockerfile');
      assert.deepStrictEqual(
        (await splitActions(editor.document.uri, 1)).map((a) => a.title),
        [],
      );
    });
  });
}
