// Layerwise's analysis as the benchmark measures it, bundled by esbuild exactly as
// dist/server.js bundles it (tsx's keepNames wrappers would otherwise bias the figures).
export { analyze, analyzeModel } from '../server/src/core/analyze';
export { parseDockerfile } from '../server/src/core/parse';
export { ALL_RULES } from '../server/src/rules/all';
