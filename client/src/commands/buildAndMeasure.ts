// Layerwise: Build and Measure — builds the current Dockerfile through the daemon API, tags it
// `layerwise/<folder>:<timestamp>` with the Dockerfile label, then shows it in the size panel.
import * as vscode from 'vscode';
import type { BuildResult } from '../../../server/src/clientApi';
import type { PanelController } from '../panel/controller';
import { dockerfileToBuild, ensureTrusted, targetFor, withBuildProgress } from './buildRunner';

export async function buildAndMeasure(
  controller: PanelController,
  log: vscode.OutputChannel,
  uri?: vscode.Uri,
): Promise<BuildResult | undefined> {
  if (!ensureTrusted('Build and Measure')) return undefined;
  const doc = await dockerfileToBuild(controller, uri);
  if (!doc) return undefined;
  const target = targetFor(doc);
  const result = await withBuildProgress(controller, log, `Layerwise: building ${target.label}`, (build) =>
    build(target),
  );
  if (!result) return undefined;
  await controller.reload();
  await controller.select(result.imageId);
  void vscode.commands.executeCommand('layerwise.sizePanel.focus').then(undefined, () => undefined);
  return result;
}
