// The anchors, bundled apart from Layerwise so they run exactly as published: core/astMemo.ts
// (loaded with Layerwise's parser) speeds up every dockerfile-ast user in its own bundle.
export { DockerfileParser } from 'dockerfile-ast';
export { validate } from 'dockerfile-utils';
