// The split Dockerfile in a temporary copy of its build context (only the files docker would
// send), so both versions build from the same inputs and the workspace is never changed. The
// copy is asynchronous and safe (safePaths.ts): links are kept as links and never written
// through, so an edit the split wants in a `next.config.js` that links out of the context is
// left out and said, never written to the link's target. The caller removes the copy.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  rewriteDockerfile,
  type RunnerKind,
  type SplitOptions,
  type SplitResult,
  applyTextEdits,
  type FileEdit,
  fileSystemView,
  readWorkspaceFacts,
  listContextFiles,
  copyContextFiles,
  readInside,
  writeInside,
} from '../../../server/src/clientApi';

type TextEditRange = Extract<FileEdit, { range: unknown }>['range'];

export type SplitContext = { dir: string; split: SplitResult; notes: string[] } | { refused: string };

/** The split's edits to other files (next.config.*), moved from the context to its copy. */
function retarget(edits: FileEdit[], from: string, to: string): FileEdit[] {
  const move = (file: string) => path.join(to, path.relative(from, file));
  return edits.map((e) =>
    'createFile' in e ? { ...e, createFile: move(e.createFile) } : e.file ? { ...e, file: move(e.file) } : e,
  );
}

/** Applies the split's other-file edits inside the copy; what could not be applied safely becomes a note. */
async function applyOtherEdits(dir: string, edits: FileEdit[]): Promise<string[]> {
  const notes: string[] = [];
  const byFile = new Map<string, { range: TextEditRange; newText: string }[]>();
  for (const e of edits) {
    if ('createFile' in e) {
      const exists = await fs.promises.lstat(e.createFile).then(
        () => true,
        () => false,
      );
      if (exists && !e.overwrite) continue;
      if (!(await writeInside(dir, e.createFile, e.text)))
        notes.push(`${path.relative(dir, e.createFile)} is outside the build context: not written.`);
    } else if (e.file) byFile.set(e.file, [...(byFile.get(e.file) ?? []), { range: e.range, newText: e.newText }]);
  }
  for (const [file, fileEdits] of byFile) {
    const rel = path.relative(dir, file);
    const text = await readInside(dir, file);
    if (text === undefined) {
      notes.push(`${rel} is a link out of the build context (or missing): the split's edit to it was left out.`);
      continue;
    }
    await writeInside(dir, file, applyTextEdits(text, fileEdits));
  }
  return notes;
}

/** Splits `text` (the Dockerfile at `contextDir/dockerfile`) and writes the result into a copy of the context. */
export async function prepareSplitContext(
  contextDir: string,
  dockerfile: string,
  text: string,
  options: { runner?: RunnerKind; signal?: AbortSignal; baseSizes?: SplitOptions['baseSizes'] } = {},
): Promise<SplitContext> {
  // One stage: the split; more: "replace the runner" when the final stage still ships the builder.
  const split = rewriteDockerfile(text, readWorkspaceFacts(fileSystemView(contextDir)), {
    runner: options.runner,
    baseSizes: options.baseSizes,
  });
  if ('refused' in split) return split;
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'layerwise-split-'));
  try {
    const copied = await copyContextFiles(contextDir, dir, listContextFiles(contextDir, dockerfile), options.signal);
    const notes = copied.skipped.map((s) => `${s.path} (${s.why}) was not copied: a copy cannot carry it.`);
    await writeInside(dir, path.join(dir, dockerfile), split.text);
    notes.push(...(await applyOtherEdits(dir, retarget(split.extraEdits, contextDir, dir))));
    return { dir, split, notes };
  } catch (err) {
    await fs.promises.rm(dir, { recursive: true, force: true });
    throw err;
  }
}
