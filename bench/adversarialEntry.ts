// The server's per-version work on a text, bundled by esbuild as dist/server.js bundles it:
// Layerwise's analysis, the built-in validator and semantic tokens (with the parse memo the server
// shares between them, as after each keystroke).
import { DockerfileParser } from 'dockerfile-ast';
import { forgetParses } from '../server/src/core/astMemo';
import { lintText } from '../server/src/lint/lintFile';
import { semanticTokensOf, validateText } from '../server/src/lsp/languageService';

/**
 * The server's work on one new version with its parts timed (CPU ms). Each version is a new text: the
 * parse of the round before is forgotten (the memo would hand back its tree with every instruction's
 * scans already done). dockerfile-ast's parse first (kept by the parse memo, as
 * the server's features share it), then Layerwise's analysis on that tree, the validator and the tokens.
 * `dependencies` is what dockerfile-ast and dockerfile-language-service spend (parse, validator,
 * tokens), `layerwise` what Layerwise's own model and rules add.
 */
export function serverWorkTimed(text: string): { dependencies: number; layerwise: number } {
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  forgetParses();
  const t0 = cpu();
  DockerfileParser.parse(text);
  const t1 = cpu();
  lintText(text);
  const t2 = cpu();
  validateText(text);
  semanticTokensOf(text);
  const t3 = cpu();
  return { dependencies: t1 - t0 + (t3 - t2), layerwise: t2 - t1 };
}

/** How many instructions dockerfile-ast reads in the text (ONBUILD's trigger counted with its ONBUILD). */
export function instructionCount(text: string): number {
  forgetParses();
  const count = DockerfileParser.parse(text).getInstructions().length;
  forgetParses();
  return count;
}
