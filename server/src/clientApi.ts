// The one entry through which the VS Code extension (client/src) uses server code: Docker daemon
// access for the size panel and builds, the split for Compare, and the few analysis helpers the panel
// needs. The client imports nothing else from server/src (test/unit/architecture.test.ts checks it),
// so what it depends on is listed here, in one place.
export * from './docker/build';
export * from './docker/builder';
export * from './docker/cleanup';
export * from './docker/buildProgress';
export * from './docker/buildContext';
export * from './docker/connection';
export * from './docker/events';
export * from './docker/imageList';
export * from './docker/images';
export * from './docker/layerMap';
export * from './docker/problems';
export * from './docker/report';
export * from './docker/safePaths';
export {
  splitDockerfile,
  rewriteDockerfile,
  type RunnerKind,
  type SplitOptions,
  type SplitResult,
} from './actions/split/index';
export { applyTextEdits } from './core/edits';
export type { FileEdit } from './core/findings';
export { fileSystemView, readWorkspaceFacts } from './core/workspace';
export { parseDockerfile } from './core/parse';
export { formatBytes } from './core/format';
export { listedImageSize } from './sizes/reference';
export { lineDiff, type DiffLine } from './core/lineDiff';
