// Writes the non-Dockerfile edits of a fix (create .dockerignore, edit next.config.js) to disk.
import * as fs from 'fs';
import type { FileEdit } from '../core/findings';
import { applyTextEdits } from '../actions/fixAll';

export function writeOtherEdits(edits: FileEdit[]): string[] {
  const written: string[] = [];
  const byFile = new Map<string, FileEdit[]>();
  for (const e of edits) {
    if ('createFile' in e) {
      if (!e.overwrite && fs.existsSync(e.createFile)) continue;
      fs.writeFileSync(e.createFile, e.text);
      written.push(e.createFile);
    } else if (e.file) byFile.set(e.file, [...(byFile.get(e.file) ?? []), { range: e.range, newText: e.newText }]);
  }
  for (const [file, fileEdits] of byFile) {
    fs.writeFileSync(file, applyTextEdits(fs.readFileSync(file, 'utf8'), fileEdits));
    written.push(file);
  }
  return written;
}
