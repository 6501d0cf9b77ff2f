// Layerwise: Compare with Multi-stage Split — builds the current Dockerfile and the split that the
// code action would write (in a temporary copy of the context: only the files docker would send),
// then opens the comparison. The workspace itself is never changed; the copy is removed once built.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { prepareSplitContext } from './splitContext';
import type { BuildResult } from '../../../server/src/clientApi';
import type { PanelController } from '../panel/controller';
import { buildableDockerfile, withBuildProgress } from './buildRunner';

export interface SplitComparison {
  before: BuildResult;
  after: BuildResult;
  splitDir: string;
}

export async function compareWithSplit(
  controller: PanelController,
  log: vscode.OutputChannel,
  openComparison: () => void,
  uri?: vscode.Uri,
): Promise<SplitComparison | undefined> {
  const buildable = await buildableDockerfile('Compare with Multi-stage Split', controller, uri);
  if (!buildable) return undefined;
  const { doc, target } = buildable;
  // Sized as the editor's split action sizes it: the runner base from the daemon's images, else the catalogue.
  const baseSizes = (image: string) => controller.localImageSize(image);
  const prepared = await prepareSplitContext(target.contextDir, target.dockerfile, doc.getText(), { baseSizes }).catch(
    (err: unknown) => ({ refused: `the build context could not be copied (${(err as Error).message})` }),
  );
  if ('refused' in prepared) {
    void vscode.window.showWarningMessage(`Layerwise: no split to compare: ${prepared.refused}.`);
    return undefined;
  }
  const { dir: splitDir, split } = prepared;
  const splitName = `${target.label}, split (${split.runner})`;
  log.appendLine(`\nSplit (${split.title}) written to ${path.join(splitDir, target.dockerfile)}`);
  for (const note of prepared.notes) log.appendLine(`  ${note}`);
  const result = await withBuildProgress(
    controller,
    log,
    `Layerwise: building ${target.label} and its split`,
    async (build) => {
      const before = await build(target);
      const after = await build({ ...target, contextDir: splitDir, label: splitName, text: split.text }, 'split');
      return { before, after, splitDir };
    },
  ).finally(() => fs.promises.rm(splitDir, { recursive: true, force: true }));
  if (!result) return undefined;
  const splitUri = vscode.Uri.file(path.join(splitDir, target.dockerfile));
  controller.rememberSource(result.after.imageId, { uri: splitUri, text: split.text, relPath: splitName });
  await controller.reload();
  openComparison();
  await controller.showComparison(result.before.imageId, result.after.imageId, {
    names: [target.label, splitName],
    split: {
      uri: doc.uri,
      relPath: target.label,
      originalText: doc.getText(),
      text: split.text,
      title: split.title,
      runner: split.runner,
      runnerImage: split.runnerImage,
      notes: prepared.notes,
    },
  });
  return result;
}

/**
 * "Apply this split": the edit of the split code action, asked from the language server for the
 * Dockerfile as it is now, and applied only when it is the split the comparison built (the file has
 * not changed since). The document is left unsaved, as the code action leaves it.
 */
export async function applySplit(controller: PanelController, log: vscode.OutputChannel): Promise<boolean> {
  const split = controller.splitComparison;
  if (!split) {
    void vscode.window.showInformationMessage(
      'Layerwise: no split comparison is open. Run "Compare with Multi-stage Split" first; its comparison has "Apply this split".',
    );
    return false;
  }
  const refuse = (message: string) => {
    log.appendLine(`! apply split: ${message}`);
    controller.splitApplied(false, message);
    return false;
  };
  const doc = await vscode.workspace.openTextDocument(split.uri);
  if (doc.getText() !== split.originalText)
    return refuse(`${split.relPath} changed since this comparison: compare again to apply its split.`);
  const whole = new vscode.Range(0, 0, doc.lineCount, 0);
  const actions =
    (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      whole,
      vscode.CodeActionKind.RefactorRewrite.value,
    )) ?? [];
  const action = actions.find(
    (a): a is vscode.CodeAction => 'edit' in a && !!a.edit && a.edit.get(doc.uri).some((e) => e.newText === split.text),
  );
  if (!action?.edit)
    return refuse(
      `the language server offers no split of ${split.relPath} equal to the one compared (${actions.length} refactor(s) offered): compare again.`,
    );
  if (!(await vscode.workspace.applyEdit(action.edit)))
    return refuse(`VS Code did not apply the edit to ${split.relPath}.`);
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One });
  // Named by the comparison's title: the message sits under the comparison's runner line.
  log.appendLine(`applied "${split.title}" to ${split.relPath} (unsaved)`);
  controller.splitApplied(true, `Applied to ${split.relPath} (not saved yet): "${split.title}".`);
  return true;
}
