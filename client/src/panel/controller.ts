// The size panel's extension side: one controller owns the daemon connection, the active
// Dockerfile, the selected image and the comparison, and posts one PanelState to every attached
// webview (the sidebar view and the comparison editor). Every failure becomes a problem shown
// in the panel; nothing is left as an unhandled rejection.
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type Dockerode from 'dockerode';
import {
  createDockerClient,
  resolveConnection,
  type ResolvedConnection,
  describeDockerError,
  problemFromConnection,
  type DaemonProblem,
  builtFrom,
  computeImageWaste,
  DOCKERFILE_LABEL,
  imageDetail,
  listImages,
  workspaceId,
  WORKSPACE_LABEL,
  type ImageDetail,
  type ImageRow,
  resolveInside,
  pageImages,
  PAGE_SIZE,
  baseImageName,
  mapHistoryToDockerfile,
  type MappedHistoryEntry,
  watchImageEvents,
  type EventWatch,
  chooseBuilder,
  type Builder,
  parseDockerfile,
  listedImageSize,
  type BuildStep,
} from '../../../server/src/clientApi';
import { parseFromWebview, type BuildView, type FromWebview, type PanelState, type ToWebview } from './messages';
import { Throttle } from './throttle';
import {
  toBuildStepViews,
  toCompareView,
  toImageItem,
  toSelectedView,
  toSplitView,
  type SplitFacts,
  type WasteState,
} from './viewModel';

/** The Dockerfile an image's layers are mapped to, and where clicking a layer leads. */
export interface DockerfileSource {
  uri: vscode.Uri;
  text: string;
  /** Workspace-relative path, as in the image label. */
  relPath: string;
}

/** Commands the webview hands back to the extension (cancel, the log and the comparison editor are the controller's own). */
export type PanelCommand = 'build' | 'compareSplit' | 'refresh' | 'applySplit' | 'removeImages';

/** The split a comparison built, kept to show it as a diff and to apply it to the file at `uri`. */
export interface SplitSource extends SplitFacts {
  uri: vscode.Uri;
}

interface Selection {
  detail: ImageDetail;
  rows: MappedHistoryEntry[];
  source?: DockerfileSource;
  baseName?: string;
  waste: WasteState;
}

export class PanelController implements vscode.Disposable {
  private docker: Dockerode | undefined;
  private connection: ResolvedConnection | undefined;
  private problem: DaemonProblem | undefined;
  private rows: ImageRow[] = [];
  private filter = '';
  private offset = 0;
  private activeDockerfile: DockerfileSource | undefined;
  private selection: Selection | undefined;
  private compare: PanelState['compare'];
  private split: SplitSource | undefined;
  /** Opens (or reveals) the comparison editor; set by the feature. */
  openComparison: (() => void) | undefined;
  private busy: string | undefined;
  private build: BuildView | undefined;
  private buildAbort: AbortController | undefined;
  private showBuildLog: (() => void) | undefined;
  private events: EventWatch | undefined;
  /** The builder for the current connection, chosen on the first build. */
  private chosenBuilder: Promise<Builder> | undefined;
  private wasteAbort: AbortController | undefined;
  private readonly wasteCache = new Map<string, WasteState>();
  /** Dockerfiles of images this session built from text that is not in the workspace (the split). */
  private readonly builtSources = new Map<string, DockerfileSource>();
  private readonly webviews = new Set<vscode.Webview>();
  private readonly listeners: vscode.Disposable[] = [];
  private lastState: PanelState | undefined;
  private pending: Promise<unknown> = Promise.resolve();
  /** Frequent updates (build steps, the waste scan) at most every 300 ms; the last one always arrives. */
  private readonly posts = new Throttle(() => this.send(), 300);

  constructor(private readonly output: vscode.OutputChannel) {
    this.listeners.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => this.trackEditor(editor)),
      vscode.workspace.onDidSaveTextDocument((doc) => this.dockerfileSaved(doc)),
      vscode.workspace.onDidChangeConfiguration(
        (e) => e.affectsConfiguration('layerwise.docker.host') && this.run(() => this.connect()),
      ),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.post()),
    );
    this.trackEditor(vscode.window.activeTextEditor);
    this.run(() => this.connect());
  }

  /** Runs an action, turning any failure into the panel's problem; returns when done. */
  run(action: () => Promise<unknown>, during = 'talking to Docker'): Promise<void> {
    const next = this.pending.then(action).then(
      () => undefined,
      (err: unknown) => {
        this.problem = describeDockerError(err, this.connection, during);
        this.output.appendLine(`[panel] ${this.problem.title}: ${this.problem.message}`);
        this.post();
      },
    );
    this.pending = next;
    return next;
  }

  /** Resolves when every queued action has finished (for tests and commands). */
  whenIdle(): Promise<void> {
    return this.pending.then(() => undefined);
  }

  get client(): Dockerode | undefined {
    return this.docker;
  }

  get connectionInfo(): ResolvedConnection | undefined {
    return this.connection;
  }

  get state(): PanelState | undefined {
    return this.lastState;
  }

  get dockerfile(): DockerfileSource | undefined {
    return this.activeDockerfile;
  }

  /** Which builder builds on this connection (BuildKit through the user's CLI, Podman, or the classic API); probed once per connection. */
  builder(): Promise<Builder> {
    const docker = this.docker;
    if (!docker) return Promise.reject(Object.assign(new Error('not connected'), { code: 'ENOENT' }));
    this.chosenBuilder ??= chooseBuilder(docker).then((b) => {
      this.output.appendLine(`[panel] builds use ${b.label}${b.note ? `: ${b.note}` : ''}`);
      return b;
    });
    return this.chosenBuilder;
  }

  private async connect(): Promise<void> {
    this.events?.dispose();
    this.docker = undefined;
    this.chosenBuilder = undefined;
    const setting = vscode.workspace.getConfiguration('layerwise').get<string>('docker.host', '');
    const resolved = resolveConnection({ setting });
    if (!resolved.ok) {
      this.connection = undefined;
      this.problem = problemFromConnection(resolved.problem);
      this.post();
      return;
    }
    this.connection = resolved.connection;
    this.docker = createDockerClient(resolved.connection);
    this.output.appendLine(`[panel] Docker: ${resolved.connection.label}`);
    await this.reload();
    const docker = this.docker;
    this.events = watchImageEvents(docker, () => void this.run(() => this.reload()), {
      onDisconnect: (err) => this.output.appendLine(`[panel] event stream: ${String((err as Error)?.message ?? err)}`),
    });
  }

  /** Re-lists images; the selection is kept when it still exists. */
  async reload(): Promise<void> {
    if (!this.docker) return this.connect();
    try {
      this.rows = await listImages(this.docker);
      this.problem = undefined;
    } catch (err) {
      this.rows = [];
      this.problem = describeDockerError(err, this.connection, 'listing images');
    }
    if (this.selection && !this.rows.some((r) => r.id === this.selection!.detail.id)) this.selection = undefined;
    this.post();
  }

  refresh(): Promise<void> {
    return this.run(() => this.connect());
  }

  setBusy(text: string | undefined): void {
    this.busy = text;
    this.post();
  }

  /** A build starts: the panel shows its steps, elapsed time and a Cancel button that aborts `abort`. */
  startBuild(
    view: Omit<BuildView, 'running' | 'steps' | 'startedAt'>,
    abort: AbortController,
    showLog: () => void,
  ): void {
    this.build = { ...view, running: true, steps: [], startedAt: Date.now() };
    this.buildAbort = abort;
    this.showBuildLog = showLog;
    this.post();
  }

  /** The running build's steps so far (the builder's bookkeeping steps left out). */
  buildSteps(steps: BuildStep[]): void {
    if (!this.build) return;
    this.build.steps = toBuildStepViews(steps);
    this.post(true);
  }

  /** The build ended: done, or failed with its cause. */
  finishBuild(failure?: BuildView['failure']): void {
    if (!this.build) return;
    this.build = {
      ...this.build,
      running: false,
      seconds: Math.round((Date.now() - this.build.startedAt) / 100) / 10,
      failure,
    };
    this.buildAbort = undefined;
    this.post();
  }

  /** Remembers the Dockerfile an image was built from when it is not a workspace file (e.g. the split in a temp folder). */
  rememberSource(imageId: string, source: DockerfileSource): void {
    this.builtSources.set(imageId, source);
  }

  /** A saved Dockerfile may have moved lines: re-read it and re-map the selected image. */
  private dockerfileSaved(doc: vscode.TextDocument): void {
    if (doc.uri.toString() !== this.activeDockerfile?.uri.toString()) return;
    this.activeDockerfile = { ...this.activeDockerfile, text: doc.getText() };
    if (this.selection?.source?.uri.toString() === doc.uri.toString()) void this.select(this.selection.detail.id);
    else this.post();
  }

  private trackEditor(editor: vscode.TextEditor | undefined): void {
    const doc = editor?.document;
    if (!doc || doc.languageId !== 'dockerfile' || doc.uri.scheme !== 'file') return;
    this.activeDockerfile = {
      uri: doc.uri,
      text: doc.getText(),
      relPath: vscode.workspace.asRelativePath(doc.uri, false),
    };
    this.post();
  }

  /** Where an image's layers map to: a Dockerfile this session built it from, or the workspace file its label names. */
  private sourceFor(detail: ImageDetail): DockerfileSource | undefined {
    const remembered = this.builtSources.get(detail.id);
    if (remembered) return remembered;
    const label = detail.labels[DOCKERFILE_LABEL];
    if (!label) return undefined;
    if (this.activeDockerfile?.relPath === label && this.activeWorkspaceMatches(detail.labels))
      return this.activeDockerfile;
    // The label comes from any image on the daemon: only a file inside a workspace folder is read.
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const id = detail.labels[WORKSPACE_LABEL];
      if (id !== undefined && id !== workspaceId(folder.uri.fsPath)) continue;
      const file = resolveInside(folder.uri.fsPath, label);
      if (file) return { uri: vscode.Uri.file(file), text: fs.readFileSync(file, 'utf8'), relPath: label };
    }
    return undefined;
  }

  private activeWorkspace(): string | undefined {
    const folder = this.activeDockerfile && vscode.workspace.getWorkspaceFolder(this.activeDockerfile.uri);
    return folder ? workspaceId(folder.uri.fsPath) : undefined;
  }

  private activeWorkspaceMatches(labels: Record<string, string>): boolean {
    return labels[WORKSPACE_LABEL] === undefined || labels[WORKSPACE_LABEL] === this.activeWorkspace();
  }

  private async analyse(
    id: string,
  ): Promise<{ detail: ImageDetail; rows: MappedHistoryEntry[]; source?: DockerfileSource; baseName?: string }> {
    if (!this.docker) throw Object.assign(new Error('not connected'), { code: 'ENOENT' });
    const detail = await imageDetail(this.docker, id);
    const source = this.sourceFor(detail);
    const model = source ? parseDockerfile(source.text) : undefined;
    return { detail, rows: mapHistoryToDockerfile(detail.history, model), source, baseName: baseImageName(model) };
  }

  select(id: string): Promise<void> {
    return this.run(async () => {
      const analysed = await this.analyse(id);
      this.wasteAbort?.abort();
      const cached = this.wasteCache.get(analysed.detail.id);
      this.selection = { ...analysed, waste: cached ?? { status: 'computing', bytesRead: 0 } };
      this.post();
      if (!cached) this.startWaste(analysed.detail.id);
    }, 'reading the image');
  }

  /** Streams the image archive in the background; a new selection cancels it. */
  private startWaste(id: string): void {
    const docker = this.docker;
    if (!docker) return;
    const controller = new AbortController();
    this.wasteAbort = controller;
    const update = (waste: WasteState) => {
      if (this.selection?.detail.id === id) this.selection.waste = waste;
      this.post(waste.status === 'computing');
    };
    computeImageWaste(docker, id, {
      signal: controller.signal,
      onProgress: (bytesRead) => update({ status: 'computing', bytesRead }),
    }).then(
      (waste) => {
        const done: WasteState = { status: 'done', waste };
        this.wasteCache.set(id, done);
        if (this.wasteCache.size > 20) this.wasteCache.delete(this.wasteCache.keys().next().value!);
        update(done);
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        update({ status: 'error', problem: describeDockerError(err, this.connection, 'reading the image layers') });
      },
    );
  }

  /** Wasted space of the selected image once computed (for tests and commands). */
  async waitForWaste(timeoutMs = 120_000): Promise<WasteState | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (this.selection?.waste.status === 'computing' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    return this.selection?.waste;
  }

  /** Compares two images; with `split`, the second is that split of the first's Dockerfile. */
  showComparison(
    beforeId: string,
    afterId: string,
    options: { names?: [string, string]; split?: SplitSource } = {},
  ): Promise<void> {
    return this.run(async () => {
      const [before, after] = await Promise.all([this.analyse(beforeId), this.analyse(afterId)]);
      this.split = options.split;
      this.compare = toCompareView(
        { ...before, name: options.names?.[0] },
        { ...after, name: options.names?.[1] },
        options.split && toSplitView(options.split),
      );
      this.post();
    }, 'comparing images');
  }

  closeComparison(): void {
    if (!this.compare) return;
    this.compare = undefined;
    this.split = undefined;
    this.post();
  }

  /**
   * On-disk size of a local image named `reference`, from the images the panel lists (the daemon's
   * own figure, as the language server's look-ups read it); undefined when no listed tag names it.
   */
  localImageSize(reference: string): number | undefined {
    return listedImageSize(this.rows, reference);
  }

  /** The split the open comparison built, if it is one. */
  get splitComparison(): SplitSource | undefined {
    return this.compare?.split ? this.split : undefined;
  }

  /** The outcome of "Apply this split", shown in the comparison. */
  splitApplied(ok: boolean, message: string): void {
    if (!this.compare?.split) return;
    this.compare = { ...this.compare, split: { ...this.compare.split, applied: { ok, message } } };
    this.post();
  }

  async reveal(line: number): Promise<void> {
    const source = this.selection?.source ?? this.activeDockerfile;
    if (!source) return;
    // The split's temporary copy is removed after its build: its text is shown instead.
    const onDisk = source.uri.scheme !== 'file' || fs.existsSync(source.uri.fsPath);
    const doc = onDisk
      ? await vscode.workspace.openTextDocument(source.uri)
      : await vscode.workspace.openTextDocument({ language: 'dockerfile', content: source.text });
    const safeLine = Math.min(line, doc.lineCount - 1);
    const range = doc.lineAt(safeLine).range;
    await vscode.window.showTextDocument(doc, {
      selection: range,
      preserveFocus: false,
      viewColumn: vscode.ViewColumn.One,
    });
  }

  /** Connects a webview (sidebar view or comparison editor) to this controller. */
  attach(webview: vscode.Webview, onCommand: (command: PanelCommand) => void): vscode.Disposable {
    this.webviews.add(webview);
    const subscription = webview.onDidReceiveMessage((raw: unknown) => {
      const message = parseFromWebview(raw);
      if (!message) {
        this.output.appendLine('[panel] ignored an invalid message from the webview');
        return;
      }
      void this.handle(message, onCommand);
    });
    return new vscode.Disposable(() => {
      subscription.dispose();
      this.webviews.delete(webview);
    });
  }

  private async handle(message: FromWebview, onCommand: (command: PanelCommand) => void): Promise<void> {
    switch (message.type) {
      case 'ready':
        return this.post();
      case 'select':
        return this.select(message.imageId);
      case 'reveal':
        return this.reveal(message.line).catch((err: unknown) =>
          this.output.appendLine(`[panel] reveal: ${String(err)}`),
        );
      case 'page':
        this.offset = message.offset;
        return this.post();
      case 'filter':
        this.filter = message.text;
        this.offset = 0;
        return this.post();
      case 'compare':
        this.openComparison?.();
        return this.showComparison(message.beforeId, message.afterId);
      case 'closeCompare':
        return this.closeComparison();
      case 'command':
        if (message.command === 'cancelBuild') return this.buildAbort?.abort();
        if (message.command === 'showBuildLog') return this.showBuildLog?.();
        if (message.command === 'showComparison') return this.openComparison?.();
        return onCommand(message.command);
    }
  }

  /**
   * Sends the state to every webview. `throttle`: at most one post per 300 ms, the state of the
   * moment it is sent (so a burst's last update is never lost).
   */
  post(throttle = false): void {
    if (throttle) this.posts.soon();
    else this.posts.now();
  }

  private send(): void {
    const relPath = this.activeDockerfile?.relPath;
    const page = pageImages(this.rows, { filter: this.filter, offset: this.offset, limit: PAGE_SIZE });
    const state: PanelState = {
      connection: { label: this.connection?.label ?? 'not configured', ok: !!this.docker && !this.problem },
      problem: this.problem,
      trusted: vscode.workspace.isTrusted,
      dockerfile: relPath ? { relPath } : undefined,
      built: relPath
        ? this.rows.filter((r) => builtFrom(r.labels, relPath, this.activeWorkspace())).map((r) => toImageItem(r))
        : [],
      images: {
        items: page.items.map((r) => toImageItem(r)),
        total: page.total,
        offset: page.offset,
        pageSize: PAGE_SIZE,
        filter: this.filter,
      },
      selected: this.selection
        ? toSelectedView(this.selection.detail, this.selection.rows, this.selection.waste, {
            baseName: this.selection.baseName,
            mappedTo: this.selection.source?.relPath,
          })
        : undefined,
      compare: this.compare,
      busy: this.busy,
      build: this.build,
    };
    this.lastState = state;
    const message: ToWebview = { type: 'state', state };
    for (const webview of this.webviews) void webview.postMessage(message).then(undefined, () => undefined);
  }

  dispose(): void {
    this.posts.dispose();
    this.events?.dispose();
    this.wasteAbort?.abort();
    this.listeners.forEach((l) => l.dispose());
  }
}
