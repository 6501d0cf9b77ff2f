// The webview page for VS Code: resource URIs through asWebviewUri, a fresh nonce per load,
// local resources only. The page itself is built by document.ts.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { panelDocument } from './document';

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [
      vscode.Uri.joinPath(extensionUri, 'dist', 'media'),
      vscode.Uri.joinPath(extensionUri, 'client', 'media'),
    ],
  };
}

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, mode: 'view' | 'compare'): string {
  return panelDocument({
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'media', 'panel.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'client', 'media', 'panel.css')).toString(),
    nonce: randomBytes(18).toString('base64'),
    mode,
  });
}
