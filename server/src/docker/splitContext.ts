// The split Dockerfile in a temporary copy of its build context (only the files docker would
// send), so both versions build from the same inputs and the workspace is never changed.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { splitDockerfile, type RunnerKind, type SplitResult } from '../actions/split/index';
import type { FileEdit } from '../core/findings';
import { fileSystemView, readWorkspaceFacts } from '../core/workspace';
import { writeOtherEdits } from '../cli/writeEdits';
import { listContextFiles } from './buildContext';

export type SplitContext = { dir: string; split: SplitResult } | { refused: string };

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

/** The split's edits to other files (next.config.*), moved from the context to its copy. */
function retarget(edits: FileEdit[], from: string, to: string): FileEdit[] {
  const move = (file: string) => path.join(to, path.relative(from, file));
  return edits.map((e) => ('createFile' in e ? { ...e, createFile: move(e.createFile) } : e.file ? { ...e, file: move(e.file) } : e));
}

/** Splits `text` (the Dockerfile at `contextDir/dockerfile`) and writes the result into a copy of the context. */
export function prepareSplitContext(contextDir: string, dockerfile: string, text: string, runner?: RunnerKind): SplitContext {
  const split = splitDockerfile(text, readWorkspaceFacts(fileSystemView(contextDir)), runner ? { runner } : {});
  if ('refused' in split) return split;
  const dir = copyContext(contextDir, dockerfile);
  fs.writeFileSync(path.join(dir, dockerfile), split.text);
  writeOtherEdits(retarget(split.extraEdits, contextDir, dir));
  return { dir, split };
}
