// A real LSP client for tests and benchmarks: spawns `node dist/server.js --stdio` and talks
// JSON-RPC to it with vscode-languageserver-protocol, like Neovim or Helix would.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  ExitNotification,
  type PublishDiagnosticsParams,
  type InitializeResult,
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  HoverRequest,
} from 'vscode-languageserver-protocol/node';

export const ROOT = path.resolve(__dirname, '..', '..');
export const SERVER_JS = path.join(ROOT, 'dist', 'server.js');

export interface TestClient {
  connection: ProtocolConnection;
  process: ChildProcess;
  initializeResult: InitializeResult;
  /** Settings the server gets when it asks for `layerwise` (workspace/configuration). */
  settings: Record<string, unknown>;
  /** Capabilities the server registered dynamically (client/registerCapability). */
  registrations: { method: string; registerOptions?: unknown }[];
  /** Resolves with the next diagnostics published for `uri` (at least this version); call before triggering them. */
  nextDiagnostics(uri: string, minVersion?: number, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  open(uri: string, text: string, version?: number): void;
  /** Opens `uri` (version 1) and resolves with its first diagnostics. */
  openAndWait(uri: string, text: string): Promise<PublishDiagnosticsParams>;
  change(uri: string, version: number, text: string): void;
  /** The hover's text at `line`:`character` of an open document ('' when there is none). */
  hover(uri: string, line: number, character: number): Promise<string>;
  /** Opens `name` (relative to the root folder) with `text` and resolves with its hover at `line`:`character`. */
  openAndHover(name: string, text: string, line: number, character: number): Promise<string>;
  close(uri: string): void;
  changeSettings(settings: Record<string, unknown>): void;
  stop(): Promise<void>;
  stderr(): string;
}

export function fileUri(p: string): string {
  return pathToFileURL(p).toString();
}

export interface StartOptions {
  rootDir?: string;
  settings?: Record<string, unknown>;
  pullConfiguration?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Node flags for the server process, e.g. --cpu-prof (benchmarks). */
  nodeArgs?: string[];
  /** A command the server runs under, e.g. `unshare` (gets node's path and arguments appended). */
  wrapper?: string[];
  /** Sent as `initializationOptions` (how Neovim, Helix and Emacs pass settings). */
  initializationOptions?: unknown;
  /** Replaces the `workspace` client capabilities (another client's, e.g. Neovim's). */
  workspaceCapabilities?: Record<string, unknown>;
  /** Another server's entry script (benchmarks compare with rcjsuen's dockerfile-language-server). */
  serverModule?: string;
  /** Advertise codeAction/resolve of `edit` (as VS Code and Neovim do): actions may come without their edit. */
  codeActionResolve?: boolean;
  /** Answers workspace/configuration for a section (default: `settings` for `layerwise`, null otherwise). */
  configuration?: (section: string | undefined) => unknown;
}

export async function startServer(options: StartOptions = {}): Promise<TestClient> {
  const command = [
    ...(options.wrapper ?? []),
    process.execPath,
    ...(options.nodeArgs ?? []),
    options.serverModule ?? SERVER_JS,
    '--stdio',
  ];
  const child = spawn(command[0], command.slice(1), {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: options.env ?? process.env,
  });
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += d.toString();
  });
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  const waiters: { uri: string; minVersion: number; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  const latest = new Map<string, PublishDiagnosticsParams>();
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    latest.set(p.uri, p);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && (p.version ?? 0) >= w.minVersion) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  const client = { settings: options.settings ?? {} } as TestClient;
  connection.onRequest(ConfigurationRequest.type, (p) =>
    p.items.map((item) =>
      options.configuration
        ? options.configuration(item.section)
        : item.section === 'layerwise'
          ? client.settings
          : null,
    ),
  );
  client.registrations = [];
  connection.onRequest(
    'client/registerCapability',
    (p: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      client.registrations.push(...p.registrations);
      return null;
    },
  );
  connection.onNotification('window/logMessage', () => undefined);
  connection.listen();
  const rootUri = options.rootDir ? fileUri(options.rootDir) : null;
  const initializeResult = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri,
    workspaceFolders: rootUri ? [{ uri: rootUri, name: 'root' }] : null,
    initializationOptions: options.initializationOptions,
    capabilities: {
      workspace: options.workspaceCapabilities ?? {
        configuration: options.pullConfiguration ?? true,
        didChangeConfiguration: { dynamicRegistration: true },
        didChangeWatchedFiles: { dynamicRegistration: true },
        workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
      },
      textDocument: {
        hover: { contentFormat: ['markdown', 'plaintext'] },
        completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } },
        publishDiagnostics: { versionSupport: true },
        codeAction: {
          codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } },
          ...(options.codeActionResolve ? { dataSupport: true, resolveSupport: { properties: ['edit'] } } : {}),
        },
      },
    },
  });
  connection.sendNotification(InitializedNotification.type, {});
  Object.assign(client, {
    connection,
    process: child,
    initializeResult,
    nextDiagnostics(uri: string, minVersion = 0, timeoutMs = 10_000) {
      return new Promise<PublishDiagnosticsParams>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `no diagnostics for ${uri} v${minVersion} within ${timeoutMs} ms; server stderr: ${stderr.slice(-500)}`,
              ),
            ),
          timeoutMs,
        );
        waiters.push({
          uri,
          minVersion,
          resolve: (p) => {
            clearTimeout(timer);
            resolve(p);
          },
        });
      });
    },
    open(uri: string, text: string, version = 1) {
      connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'dockerfile', version, text },
      });
    },
    openAndWait(uri: string, text: string) {
      const waiting = client.nextDiagnostics(uri, 1);
      client.open(uri, text);
      return waiting;
    },
    change(uri: string, version: number, text: string) {
      connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [{ text }],
      });
    },
    async hover(uri: string, line: number, character: number) {
      const hover = await connection.sendRequest(HoverRequest.type, {
        textDocument: { uri },
        position: { line, character },
      });
      if (!hover) return '';
      const c = hover.contents;
      return typeof c === 'object' && 'value' in c ? c.value : JSON.stringify(c);
    },
    openAndHover(name: string, text: string, line: number, character: number) {
      if (!options.rootDir) throw new Error('openAndHover needs the server started with a rootDir');
      const uri = fileUri(path.join(options.rootDir, name));
      client.open(uri, text);
      return client.hover(uri, line, character);
    },
    close(uri: string) {
      connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    },
    changeSettings(settings: Record<string, unknown>) {
      client.settings = settings;
      connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { layerwise: settings } });
    },
    async stop() {
      try {
        await Promise.race([connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
        connection.sendNotification(ExitNotification.type);
      } catch {
        // already gone
      }
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const t = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 3000);
        child.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
      });
      connection.dispose();
    },
    stderr: () => stderr,
  });
  return client;
}
