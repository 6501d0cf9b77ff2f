// Layerwise: Build and Measure — builds the current Dockerfile through the daemon API, tags it
// `layerwise/<folder>:<timestamp>` with the Dockerfile label, then shows it in the size panel.
import * as vscode from 'vscode';
import type { BuildResult } from '../../../server/src/clientApi';
import type { PanelController } from '../panel/controller';
import { buildableDockerfile, withBuildProgress } from './buildRunner';

export async function buildAndMeasure(
  controller: PanelController,
  log: vscode.OutputChannel,
  uri?: vscode.Uri,
): Promise<BuildResult | undefined> {
  const buildable = await buildableDockerfile('Build and Measure', controller, uri);
  if (!buildable) return undefined;
  const { target } = buildable;
  const result = await withBuildProgress(controller, log, `Layerwise: building ${target.label}`, (build) =>
    build(target),
  );
  if (!result) return undefined;
  await controller.reload();
  await controller.select(result.imageId);
  void vscode.commands.executeCommand('layerwise.sizePanel.focus').then(undefined, () => undefined);
  return result;
}
