// The two places the panel shows: the "Layerwise" sidebar view (also in the Explorer) and a
// comparison editor opened by the compare commands. Both render the same controller state.
import * as vscode from 'vscode';
import type { PanelCommand, PanelController } from './controller';
import { panelHtml, webviewOptions } from './html';

export const VIEW_IDS = ['layerwise.sizePanel', 'layerwise.sizePanelExplorer'] as const;

type CommandRunner = (command: PanelCommand) => void;

export function registerSizeViews(
  context: vscode.ExtensionContext,
  controller: PanelController,
  runCommand: CommandRunner,
): void {
  for (const id of VIEW_IDS) {
    const provider: vscode.WebviewViewProvider = {
      resolveWebviewView(view) {
        view.webview.options = webviewOptions(context.extensionUri);
        view.webview.html = panelHtml(view.webview, context.extensionUri, 'view');
        const attached = controller.attach(view.webview, runCommand);
        view.onDidDispose(() => attached.dispose());
      },
    };
    context.subscriptions.push(
      vscode.window.registerWebviewViewProvider(id, provider, { webviewOptions: { retainContextWhenHidden: true } }),
    );
  }
}

let comparePanel: vscode.WebviewPanel | undefined;

/** Opens (or reveals) the comparison editor; the controller's state carries the comparison. */
export function openComparisonEditor(
  context: vscode.ExtensionContext,
  controller: PanelController,
  runCommand: CommandRunner,
): vscode.WebviewPanel {
  if (comparePanel) {
    comparePanel.reveal(vscode.ViewColumn.Beside);
    controller.post();
    return comparePanel;
  }
  const panel = vscode.window.createWebviewPanel('layerwise.compare', 'Layerwise: Compare', vscode.ViewColumn.Beside, {
    ...webviewOptions(context.extensionUri),
    retainContextWhenHidden: true,
  });
  panel.webview.html = panelHtml(panel.webview, context.extensionUri, 'compare');
  const attached = controller.attach(panel.webview, runCommand);
  panel.onDidDispose(() => {
    attached.dispose();
    comparePanel = undefined;
    controller.closeComparison(); // the sidebar's line about it goes with it
  });
  comparePanel = panel;
  return panel;
}
