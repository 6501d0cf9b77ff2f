// The language server, bundled as dist/languageServer.js and started by dist/server.js (serverStart.ts,
// from the code cache). Inside VS Code it runs over IPC; elsewhere `node dist/server.js --stdio`.
// Only wiring: analysis lives in core/, rules/, actions/ and sizes/.
import {
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { fileURLToPath } from 'node:url';
import { registerServiceFeatures, serviceCapabilities, SERVICE_COMMANDS } from './lsp/languageService';
import { SettingsStore } from './lsp/settings';
import { AnalysisCache } from './lsp/analysisCache';
import { DiagnosticsScheduler } from './lsp/diagnostics';
import { registerHover } from './lsp/hover';
import { registerCodeActions, codeActionKinds } from './lsp/codeActions';
import { registerFeatures } from './lsp/features';
import { consistentDocuments } from './lsp/documentSync';
import { registerFactFileWatchers, documentsConcerned } from './lsp/watchedFiles';
import { setClientEditSupport } from './lsp/convert';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(
  consistentDocuments((m) =>
    connection.console.warn(
      `didChange for ${m.uri} (version ${m.version}) has a range outside the document (${JSON.stringify(m.sent)}, ${m.lineCount} lines): applied clamped into it; if the editor shows other text, close and reopen the file`,
    ),
  ),
);
const settings = new SettingsStore(connection);
const cache = new AnalysisCache((uri, e) =>
  connection.console.error(`analysis failed on ${uri}: ${(e as Error)?.stack ?? e}`),
);
const diagnostics = new DiagnosticsScheduler(connection, documents, cache, settings);

connection.onInitialize((params): InitializeResult => {
  const pull = params.capabilities.workspace?.configuration === true;
  dynamicConfiguration = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
  dynamicWatchers = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  setClientEditSupport(params.capabilities.workspace?.workspaceEdit);
  settings.init(pull, params.initializationOptions);
  const roots = (params.workspaceFolders ?? [])
    .map((f) => f.uri)
    .filter((u) => u.startsWith('file:'))
    .map((u) => fileURLToPath(u));
  cache.setRoots(roots);
  registerServiceFeatures(
    connection,
    documents,
    params,
    async (uri) => (await settings.get(uri)).sizes.registryLookups,
  );
  registerHover(connection, documents, cache, settings);
  registerCodeActions(
    connection,
    documents,
    cache,
    settings,
    params.capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true,
  );
  const extra = registerFeatures({ connection, documents, cache, settings, params });
  return {
    capabilities: {
      ...serviceCapabilities(),
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: codeActionKinds(), resolveProvider: true },
      executeCommandProvider: { commands: [...SERVICE_COMMANDS, ...extra.commands] },
      ...extra.capabilities,
    },
    serverInfo: { name: 'layerwise', version: typeof LAYERWISE_VERSION === 'string' ? LAYERWISE_VERSION : undefined },
  };
});

declare const LAYERWISE_VERSION: string | undefined;

let dynamicConfiguration = false;
let dynamicWatchers = false;
connection.onInitialized(() => {
  // Ask for settings-change notifications so severities update without a restart.
  if (dynamicConfiguration)
    void connection.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => undefined);
  // Ask the client to watch the files beside Dockerfiles that change findings (.dockerignore, package.json…).
  if (dynamicWatchers) void registerFactFileWatchers(connection);
});

connection.onDidChangeConfiguration((p) => {
  settings.changed(p.settings);
  diagnostics.scheduleAll();
});
// .dockerignore, package.json, .layerwise.json, next.config.* … changed: the Dockerfiles beside them are re-read.
connection.onDidChangeWatchedFiles((p) =>
  diagnostics.refresh(
    documentsConcerned(
      p.changes.map((c) => c.uri),
      documents.all().map((d) => d.uri),
    ),
  ),
);

documents.onDidOpen((e) => diagnostics.schedule(e.document.uri, true));
documents.onDidChangeContent((e) => diagnostics.schedule(e.document.uri));
// A save re-reads the facts too: clients without file watchers (Neovim 0.7) still see a new .dockerignore.
documents.onDidSave((e) => diagnostics.refresh([e.document.uri]));
documents.onDidClose((e) => {
  diagnostics.cancel(e.document.uri);
  cache.delete(e.document.uri);
  settings.forget(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

// A bug must never take the editor's Dockerfile support down with it.
process.on('uncaughtException', (e) => connection.console.error(`uncaught: ${e?.stack ?? e}`));
process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${(e as Error)?.stack ?? e}`));

documents.listen(connection);
connection.listen();
