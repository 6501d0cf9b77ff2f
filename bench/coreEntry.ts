// Layerwise's analysis as the benchmark measures it, bundled by esbuild exactly as
// dist/server.js bundles it (tsx's keepNames wrappers would otherwise bias the figures).
// analyze(): every rule, as the server runs them; analyzeModel() with the rules a caller picks.
export { analyzeAll as analyze } from '../server/src/lint/lintFile';
export { analyzeModel } from '../server/src/core/analyze';
export { parseDockerfile } from '../server/src/core/parse';
export { ALL_RULES } from '../server/src/rules/all';

// Every analyze() here pays for its own parse: the benchmark parses the same texts round after
// round, which the server's parse memo (shared by its features for one version) would turn into hits.
import { setParseMemo } from '../server/src/core/astMemo';
setParseMemo(false);
