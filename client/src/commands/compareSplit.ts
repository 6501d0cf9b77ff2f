// Layerwise: Compare with Multi-stage Split — builds the current Dockerfile and the split that the
// code action would write (in a temporary copy of the context: only the files docker would send),
// then opens the comparison. The workspace itself is never changed; the copy is removed once built.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { prepareSplitContext } from './splitContext';
import type { BuildResult } from '../../../server/src/clientApi';
import type { PanelController } from '../panel/controller';
import { dockerfileToBuild, ensureTrusted, targetFor, withBuildProgress } from './buildRunner';

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
  if (!ensureTrusted('Compare with Multi-stage Split')) return undefined;
  const doc = await dockerfileToBuild(controller, uri);
  if (!doc) return undefined;
  const target = targetFor(doc);
  const prepared = await prepareSplitContext(target.contextDir, target.dockerfile, doc.getText()).catch(
    (err: unknown) => ({ refused: `the build context could not be copied (${(err as Error).message})` }),
  );
  if ('refused' in prepared) {
    void vscode.window.showWarningMessage(`Layerwise: no split to compare: ${prepared.refused}.`);
    return undefined;
  }
  const { dir: splitDir, split } = prepared;
  log.appendLine(`\nSplit (${split.title}) written to ${path.join(splitDir, target.dockerfile)}`);
  for (const note of prepared.notes) log.appendLine(`  ${note}`);
  const result = await withBuildProgress(
    controller,
    log,
    `Layerwise: building ${target.label} and its split`,
    async (build) => {
      const before = await build(target);
      const after = await build(
        { ...target, contextDir: splitDir, label: `${target.label} (split)`, text: split.text },
        '-split',
      );
      return { before, after, splitDir };
    },
  ).finally(() => fs.promises.rm(splitDir, { recursive: true, force: true }));
  if (!result) return undefined;
  const splitUri = vscode.Uri.file(path.join(splitDir, target.dockerfile));
  controller.rememberSource(result.after.imageId, {
    uri: splitUri,
    text: split.text,
    relPath: `${target.label} (split)`,
  });
  await controller.reload();
  openComparison();
  await controller.showComparison(result.before.imageId, result.after.imageId);
  return result;
}
