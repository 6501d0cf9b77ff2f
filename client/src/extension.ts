// Entry of dist/extension.js: starts the language server and wires VS Code-only features.
// Only translation lives here; analysis is in server/src.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { sizePanelFeature, type PanelApi } from './panel/feature';

let client: LanguageClient | undefined;

/** What the extension hands to tests and other extensions. */
export interface LayerwiseApi {
  client: LanguageClient | undefined;
  output: vscode.OutputChannel;
  /** The size panel (set by sizePanelFeature); see client/src/panel/TESTING.md. */
  panel?: PanelApi;
}

/** Client-side features register here (the size panel, build commands...). One line each. */
export type ClientFeature = (context: vscode.ExtensionContext, api: LayerwiseApi) => void;
export const CLIENT_FEATURES: ClientFeature[] = [sizePanelFeature];

export async function activate(context: vscode.ExtensionContext): Promise<LayerwiseApi> {
  const output = vscode.window.createOutputChannel('Layerwise', { log: true });
  context.subscriptions.push(output);
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6019'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'dockerfile' }],
    outputChannel: output,
    // Size look-ups cache registry answers in the extension's global storage. In an untrusted
    // workspace they ask only public registry hosts (server/src/sizes/guard.ts) until trust is granted.
    // A function: a restart after trust was granted sends the current trust.
    initializationOptions: () => ({
      storagePath: context.globalStorageUri.fsPath,
      workspaceTrusted: vscode.workspace.isTrusted,
    }),
    synchronize: {
      // `http`: the server reads http.proxy / http.proxyStrictSSL / http.noProxy for registry look-ups.
      configurationSection: ['layerwise', 'http'],
      // No fileEvents: the server registers watchers for the files it reads (lsp/watchedFiles.ts), for every client.
    },
  };
  client = new LanguageClient('layerwise', 'Layerwise', serverOptions, clientOptions);
  const api: LayerwiseApi = { client, output };
  context.subscriptions.push(
    vscode.commands.registerCommand('layerwise.restartServer', async () => {
      await client?.restart();
      output.info('Language server restarted.');
    }),
    vscode.commands.registerCommand('layerwise.showOutput', () => output.show(true)),
  );
  for (const feature of CLIENT_FEATURES) feature(context, api);
  await client.start();
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification('layerwise/workspaceTrusted')),
  );
  return api;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
