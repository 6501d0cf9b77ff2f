import * as path from 'node:path';

// dist/cli.js sits one level below the package root; the example ships in the package.
export const PACKAGE_ROOT = path.resolve(__dirname, '..');
export const EXAMPLE_DOCKERFILE = path.join(PACKAGE_ROOT, 'examples', 'naive-node', 'Dockerfile');
declare const LAYERWISE_VERSION: string | undefined;
export const VERSION: string = typeof LAYERWISE_VERSION === 'string' ? LAYERWISE_VERSION : '0.0.0-dev';
