// Layerwise: Remove Layerwise's Images — every image Layerwise built (its Dockerfile label), on
// the panel's daemon: this workspace's, or all of them. Asks first, names what it removes, and
// never forces (an image a container uses stays, and the message says so).
import * as vscode from 'vscode';
import { formatBytes, isLayerwiseImage, listImages, removeImages, workspaceId } from '../../../server/src/clientApi';
import type { PanelController } from '../panel/controller';

/** Asks which (modal), unless `scope` says it (the test API); undefined when the user declines. */
export async function removeLayerwiseImages(
  controller: PanelController,
  scope?: 'workspace' | 'all',
): Promise<{ removed: number; failed: number } | undefined> {
  const docker = controller.client;
  if (!docker) {
    void vscode.window.showWarningMessage('Layerwise: no Docker daemon to remove images from.');
    return undefined;
  }
  const rows = (await listImages(docker)).filter((r) => isLayerwiseImage(r));
  if (rows.length === 0) {
    void vscode.window.showInformationMessage('Layerwise: no image built by Layerwise on this daemon.');
    return { removed: 0, failed: 0 };
  }
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => workspaceId(f.uri.fsPath));
  const mine = rows.filter((r) => folders.some((id) => isLayerwiseImage(r, id)));
  const bytes = (list: typeof rows) => formatBytes(list.reduce((sum, r) => sum + r.size, 0));
  const thisWorkspace = `Remove This Workspace's (${mine.length})`;
  const all = `Remove All (${rows.length})`;
  const buttons = mine.length > 0 && mine.length < rows.length ? [thisWorkspace, all] : [all];
  const question = `Remove the ${rows.length} image(s) Layerwise built on ${controller.connectionInfo?.label ?? 'this daemon'} (${bytes(rows)}; ${mine.length} from this workspace, ${bytes(mine)})? Images a container uses are kept.`;
  const pick = scope
    ? scope === 'all'
      ? all
      : thisWorkspace
    : await vscode.window.showWarningMessage(question, { modal: true }, ...buttons);
  if (pick !== thisWorkspace && pick !== all) return undefined;
  const result = await removeImages(docker, pick === all ? rows : mine);
  await controller.reload();
  const kept = result.failed.length
    ? ` ${result.failed.length} kept: ${result.failed
        .slice(0, 3)
        .map((f) => f.reason)
        .join('; ')}`
    : '';
  void vscode.window.showInformationMessage(`Layerwise: removed ${result.removed.length} image(s).${kept}`);
  return { removed: result.removed.length, failed: result.failed.length };
}
