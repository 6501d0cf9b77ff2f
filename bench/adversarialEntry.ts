// The server's per-version work on a text, bundled by esbuild as dist/server.js bundles it:
// Layerwise's analysis, the built-in validator and semantic tokens (with the parse memo the server
// shares between them, as after each keystroke).
import '../server/src/core/astMemo';
import { lintText } from '../server/src/lint/lintFile';
import { semanticTokensOf, validateText } from '../server/src/lsp/languageService';

export function serverWork(text: string): void {
  lintText(text);
  validateText(text);
  semanticTokensOf(text);
}
