// Registers the size panel (views, compare editor), its commands, and the test-facing API.
import * as vscode from 'vscode';
import type { ClientFeature } from '../extension';
import type { BuildResult } from '../../../server/src/clientApi';
import { PanelController } from './controller';
import type { PanelState } from './messages';
import type { WasteState } from './viewModel';
import { openComparisonEditor, registerSizeViews } from './webviews';
import { buildAndMeasure } from '../commands/buildAndMeasure';
import { removeLayerwiseImages } from '../commands/removeImages';
import { applySplit, compareWithSplit, type SplitComparison } from '../commands/compareSplit';

/** What tests (and other extensions) can drive; see client/src/panel/TESTING.md. */
export interface PanelApi {
  /** The state last posted to the webviews (exactly what they render). */
  state(): PanelState | undefined;
  /** Resolves when queued daemon work (listing, selecting, comparing) is done. */
  whenIdle(): Promise<void>;
  refresh(): Promise<void>;
  select(imageId: string): Promise<void>;
  waitForWaste(timeoutMs?: number): Promise<WasteState | undefined>;
  compare(beforeId: string, afterId: string): Promise<void>;
  buildAndMeasure(uri?: vscode.Uri): Promise<BuildResult | undefined>;
  compareWithSplit(uri?: vscode.Uri): Promise<SplitComparison | undefined>;
  /** "Apply this split" of the open comparison. */
  applySplit(): Promise<boolean>;
  /** Remove Layerwise's Images without the question: this workspace's or all. */
  removeImages(scope: 'workspace' | 'all'): Promise<{ removed: number; failed: number } | undefined>;
}

export const sizePanelFeature: ClientFeature = (context, api) => {
  const buildLog = vscode.window.createOutputChannel('Layerwise Build');
  const controller = new PanelController(api.output);
  context.subscriptions.push(buildLog, controller);
  const openComparison = () => void openComparisonEditor(context, controller, runCommand);
  const commands = {
    build: (uri?: vscode.Uri) => buildAndMeasure(controller, buildLog, uri instanceof vscode.Uri ? uri : undefined),
    compareSplit: (uri?: vscode.Uri) =>
      compareWithSplit(controller, buildLog, openComparison, uri instanceof vscode.Uri ? uri : undefined),
    refresh: () => controller.refresh(),
    applySplit: () => applySplit(controller, buildLog),
    removeImages: () => removeLayerwiseImages(controller),
  };
  function runCommand(command: keyof typeof commands): void {
    commands[command]().then(undefined, (err: unknown) => api.output.appendLine(`[panel] ${command}: ${String(err)}`));
  }
  controller.openComparison = openComparison;
  registerSizeViews(context, controller, runCommand);
  context.subscriptions.push(
    vscode.commands.registerCommand('layerwise.buildAndMeasure', commands.build),
    vscode.commands.registerCommand('layerwise.compareWithSplit', commands.compareSplit),
    vscode.commands.registerCommand('layerwise.refreshSizePanel', commands.refresh),
    vscode.commands.registerCommand('layerwise.applySplit', commands.applySplit),
    vscode.commands.registerCommand('layerwise.removeImages', commands.removeImages),
  );
  api.panel = {
    state: () => controller.state,
    whenIdle: () => controller.whenIdle(),
    refresh: () => controller.refresh(),
    select: (id) => controller.select(id),
    waitForWaste: (timeoutMs) => controller.waitForWaste(timeoutMs),
    compare: async (beforeId, afterId) => {
      openComparison();
      await controller.showComparison(beforeId, afterId);
    },
    buildAndMeasure: (uri) => commands.build(uri),
    compareWithSplit: (uri) => commands.compareSplit(uri),
    applySplit: () => commands.applySplit(),
    removeImages: (scope) => removeLayerwiseImages(controller, scope),
  };
};
