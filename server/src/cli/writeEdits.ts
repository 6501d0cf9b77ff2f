// Writes the non-Dockerfile edits of a fix (create .dockerignore, edit next.config.js) to disk:
// core/edits.ts says what each file becomes; this file only reads and writes.
import * as fs from 'node:fs';
import type { FileEdit } from '../core/findings';
import { otherFileContents } from '../core/edits';

/** Writes the edits to other files; returns the files written, in order. */
export function writeOtherEdits(edits: FileEdit[]): string[] {
  const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined);
  const contents = otherFileContents(edits, read);
  for (const { file, text } of contents) fs.writeFileSync(file, text);
  return contents.map((c) => c.file);
}
