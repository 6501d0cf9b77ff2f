// Shared by the build commands: trust check, the Dockerfile to build, a cancellable progress
// notification, and the build log streamed to the "Layerwise Build" output channel.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  BUILD_NETWORKS,
  BUILD_HISTORY,
  dockerfileTag,
  pruneBuilds,
  removeImages,
  type BuildNetwork,
  type BuildResult,
  runBuild,
  workspaceId,
  classifyBuildFailure,
  describeDockerError,
  parseDockerfile,
} from '../../../server/src/clientApi';
import type { PanelController } from '../panel/controller';
import { toBuildFailureView } from '../panel/viewModel';

export interface BuildTarget {
  contextDir: string;
  /** Relative to the context, `/`-separated. */
  dockerfile: string;
  /** Workspace-relative path for the label. */
  label: string;
  /** Tag name part, e.g. the folder name. */
  name: string;
  /** `workspaceId` of the workspace folder holding the Dockerfile. */
  workspace?: string;
  /** The Dockerfile's text, to find the line of a failed step. */
  text?: string;
}

/** The `layerwise.build.network` setting; anything unknown is the safe default. */
export function buildNetwork(): BuildNetwork {
  const value = vscode.workspace.getConfiguration('layerwise').get<string>('build.network', 'default');
  return (BUILD_NETWORKS as readonly string[]).includes(value) ? (value as BuildNetwork) : 'default';
}

/**
 * What every build command starts from: a trusted workspace (else it says so), the Dockerfile to act on
 * (saved first) and its build target. Undefined when there is nothing to build.
 */
export async function buildableDockerfile(
  action: string,
  controller: PanelController,
  uri?: vscode.Uri,
): Promise<{ doc: vscode.TextDocument; target: BuildTarget } | undefined> {
  if (!ensureTrusted(action)) return undefined;
  const doc = await dockerfileToBuild(controller, uri);
  return doc && { doc, target: targetFor(doc) };
}

/** Builds nothing in an untrusted workspace: says so and returns false. */
function ensureTrusted(action: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(
    `Layerwise: ${action} is disabled in an untrusted workspace (building runs the Dockerfile). Trust the workspace to build; the size panel still reads your images.`,
  );
  return false;
}

/** The Dockerfile to act on: the argument, else the active editor's, else the panel's last one. Saved first. */
async function dockerfileToBuild(
  controller: PanelController,
  uri?: vscode.Uri,
): Promise<vscode.TextDocument | undefined> {
  const editor = vscode.window.activeTextEditor;
  const target =
    uri ?? (editor?.document.languageId === 'dockerfile' ? editor.document.uri : controller.dockerfile?.uri);
  if (!target || target.scheme !== 'file') {
    void vscode.window.showWarningMessage('Layerwise: open a Dockerfile (saved on disk) first.');
    return undefined;
  }
  const doc = await vscode.workspace.openTextDocument(target);
  if (doc.isDirty) await doc.save();
  return doc;
}

function targetFor(doc: vscode.TextDocument): BuildTarget {
  const contextDir = path.dirname(doc.uri.fsPath);
  const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
  return {
    contextDir,
    dockerfile: path.basename(doc.uri.fsPath),
    label: vscode.workspace.asRelativePath(doc.uri, false),
    name: path.basename(contextDir),
    workspace: folder ? workspaceId(folder.uri.fsPath) : undefined,
    text: doc.getText(),
  };
}

/** Runs builds under one cancellable notification. Resolves undefined when cancelled or failed (already reported). */
export async function withBuildProgress<T>(
  controller: PanelController,
  log: vscode.OutputChannel,
  title: string,
  work: (build: (target: BuildTarget, variant?: string) => Promise<BuildResult>) => Promise<T>,
): Promise<T | undefined> {
  const docker = controller.client;
  if (!docker) {
    const problem = controller.state?.problem;
    void vscode.window.showErrorMessage(
      `Layerwise: no Docker daemon. ${problem ? `${problem.message} ${problem.fix}` : ''}`,
    );
    return undefined;
  }
  const builder = await controller.builder();
  const network = buildNetwork();
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const cancel = token.onCancellationRequested(() => abort.abort());
      const build = async (target: BuildTarget, variant?: string): Promise<BuildResult> => {
        // One tag per Dockerfile (and per variant, e.g. its split), moved by each build.
        const tag = dockerfileTag(target.name, target.label, target.workspace, variant);
        log.appendLine(
          `\n$ build ${target.label} → ${tag} (context ${target.contextDir}; ${builder.label}; network ${network})`,
        );
        if (builder.note) log.appendLine(builder.note);
        controller.setBusy(undefined);
        controller.startBuild(
          { title: target.label, builder: builder.label, builderNote: builder.note, network },
          abort,
          () => log.show(true),
        );
        const result = await runBuild(builder, docker, controller.connectionInfo, {
          contextDir: target.contextDir,
          dockerfile: target.dockerfile,
          tag,
          dockerfileLabel: target.label,
          workspace: target.workspace,
          network,
          signal: abort.signal,
          onLog: (line) => log.appendLine(line),
          onSteps: (steps) => {
            controller.buildSteps(steps);
            const running = steps.filter((s) => s.status === 'running').pop();
            if (running) progress.report({ message: running.name.slice(0, 120) });
          },
        }).catch((err: unknown) => {
          throw Object.assign(err as object, { target });
        });
        controller.finishBuild();
        await tidyAfterBuild(docker, target, result, variant, log);
        return result;
      };
      try {
        return await work(build);
      } catch (err) {
        const problem = describeDockerError(err, controller.connectionInfo, 'building');
        const target = (err as { target?: BuildTarget }).target;
        const classified =
          problem.kind === 'build-failed' || problem.kind === 'cancelled'
            ? classifyBuildFailure(err, target?.text !== undefined ? parseDockerfile(target.text) : undefined)
            : undefined;
        const message = classified ? classified.message : `${problem.title}: ${problem.message}`;
        controller.finishBuild(toBuildFailureView(classified ?? { kind: 'other', message }));
        log.appendLine(`! ${message}`);
        if (problem.kind !== 'cancelled') {
          const where = classified?.line !== undefined ? ` (line ${classified.line + 1})` : '';
          void vscode.window
            .showErrorMessage(
              `Layerwise: build failed${where}: ${message.replace(/[.\s]+$/, '')}. The log is in the "Layerwise Build" output.`,
              'Show Build Log',
            )
            .then((pick) => pick && log.show(true));
        }
        return undefined;
      } finally {
        cancel.dispose();
        controller.setBusy(undefined);
      }
    },
  );
}

/**
 * No litter after a build: the untagged stage images the classic builder leaves go, and of the
 * Dockerfile's earlier builds (which the moved tag left untagged) only the newest stay as its history
 * (one for a variant such as the split). Failures are logged, never fatal.
 */
async function tidyAfterBuild(
  docker: NonNullable<PanelController['client']>,
  target: BuildTarget,
  result: BuildResult,
  variant: string | undefined,
  log: vscode.OutputChannel,
): Promise<void> {
  try {
    const stages = await removeImages(
      docker,
      result.stageImageIds.map((id) => ({ id, tags: [] })),
    );
    const pruned = await pruneBuilds(docker, target.label, target.workspace, variant ? 1 : BUILD_HISTORY);
    const removed = stages.removed.length + pruned.removed.length;
    if (removed)
      log.appendLine(
        `removed ${stages.removed.length} intermediate stage image(s) and ${pruned.removed.length} older build(s) of ${target.label}`,
      );
    for (const f of [...stages.failed, ...pruned.failed]) log.appendLine(`  could not remove ${f.id}: ${f.reason}`);
  } catch (err) {
    log.appendLine(`  tidying up after the build: ${String((err as Error)?.message ?? err)}`);
  }
}
