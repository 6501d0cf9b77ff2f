// The real-world corpus beside the project (../shared/corpus, or LW_CORPUS): its Dockerfiles.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const CORPUS = process.env.LW_CORPUS ?? path.join(__dirname, '..', '..', '..', 'shared', 'corpus');

/** Every Dockerfile below `dir` (`Dockerfile*`, `*.Dockerfile`), node_modules skipped; [] without the folder. */
export function corpusDockerfiles(dir: string = CORPUS): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : corpusDockerfiles(p);
    return /(^Dockerfile|\.Dockerfile$)/.test(e.name) ? [p] : [];
  });
}
