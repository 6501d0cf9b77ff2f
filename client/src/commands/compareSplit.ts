// Layerwise: Compare with Multi-stage Split — builds the current Dockerfile and the split that the
// code action would write (in a temporary copy of the context: only the files docker would send),
// then opens the comparison. The workspace itself is never changed.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { splitDockerfile } from '../../../server/src/actions/split/index';
import { fileSystemView, readWorkspaceFacts } from '../../../server/src/core/workspace';
import type { FileEdit } from '../../../server/src/core/findings';
import { writeOtherEdits } from '../../../server/src/cli/writeEdits';
import { listContextFiles } from '../../../server/src/docker/buildContext';
import type { BuildResult } from '../../../server/src/docker/build';
import type { PanelController } from '../panel/controller';
import { dockerfileToBuild, ensureTrusted, targetFor, withBuildProgress } from './buildRunner';

export interface SplitComparison {
  before: BuildResult;
  after: BuildResult;
  splitDir: string;
}

/** Copies the files docker would send, so the split builds from the same inputs. */
function copyContext(contextDir: string, dockerfile: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-split-'));
  for (const rel of listContextFiles(contextDir, dockerfile)) {
    const from = path.join(contextDir, rel);
    const to = path.join(dir, rel);
    const st = fs.lstatSync(from);
    if (st.isDirectory()) fs.mkdirSync(to, { recursive: true });
    else {
      fs.mkdirSync(path.dirname(to), { recursive: true });
      if (st.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), to);
      else fs.copyFileSync(from, to);
    }
  }
  return dir;
}

function retarget(edits: FileEdit[], from: string, to: string): FileEdit[] {
  const move = (file: string) => path.join(to, path.relative(from, file));
  return edits.map((e) => ('createFile' in e ? { ...e, createFile: move(e.createFile) } : e.file ? { ...e, file: move(e.file) } : e));
}

export async function compareWithSplit(controller: PanelController, log: vscode.OutputChannel, openComparison: () => void, uri?: vscode.Uri): Promise<SplitComparison | undefined> {
  if (!ensureTrusted('Compare with Multi-stage Split')) return undefined;
  const doc = await dockerfileToBuild(controller, uri);
  if (!doc) return undefined;
  const target = targetFor(doc);
  const split = splitDockerfile(doc.getText(), readWorkspaceFacts(fileSystemView(target.contextDir)));
  if ('refused' in split) {
    void vscode.window.showWarningMessage(`Layerwise: no split to compare: ${split.refused}.`);
    return undefined;
  }
  const splitDir = copyContext(target.contextDir, target.dockerfile);
  fs.writeFileSync(path.join(splitDir, target.dockerfile), split.text);
  writeOtherEdits(retarget(split.extraEdits, target.contextDir, splitDir));
  log.appendLine(`\nSplit (${split.title}) written to ${path.join(splitDir, target.dockerfile)}`);
  const result = await withBuildProgress(controller, log, `Layerwise: building ${target.label} and its split`, async (build) => {
    const before = await build(target);
    const after = await build({ ...target, contextDir: splitDir, label: `${target.label} (split)` }, '-split');
    return { before, after, splitDir };
  });
  if (!result) return undefined;
  const splitUri = vscode.Uri.file(path.join(splitDir, target.dockerfile));
  controller.rememberSource(result.after.imageId, { uri: splitUri, text: split.text, relPath: `${target.label} (split)` });
  await controller.reload();
  openComparison();
  await controller.showComparison(result.before.imageId, result.after.imageId);
  return result;
}
