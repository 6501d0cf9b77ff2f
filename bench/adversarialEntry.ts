// The server's per-version work on a text, bundled by esbuild as dist/server.js bundles it:
// Layerwise's analysis, the built-in validator and semantic tokens (with the parse memo the server
// shares between them, as after each keystroke).
import { forgetParses } from '../server/src/core/astMemo';
import { lintText } from '../server/src/lint/lintFile';
import { semanticTokensOf, validateText } from '../server/src/lsp/languageService';

export function serverWork(text: string): void {
  // Each version is a new text: forget the parse of the round before (the memo would hand back its tree,
  // with every instruction's scans already done, and time only what a second request on one version costs).
  forgetParses();
  lintText(text);
  validateText(text);
  semanticTokensOf(text);
}
