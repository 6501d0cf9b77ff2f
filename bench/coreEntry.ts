// What the benchmark measures, bundled by esbuild exactly as dist/server.js bundles it (tsx's
// keepNames wrappers would otherwise add ~10% to closure-heavy rules and bias the figures).
export { analyze } from '../server/src/core/analyze';
export { parseDockerfile } from '../server/src/core/parse';
export { ALL_RULES } from '../server/src/rules/all';
export { DockerfileParser } from 'dockerfile-ast';
export { validate } from 'dockerfile-utils';
