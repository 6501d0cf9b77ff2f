// Bundles the three entry points with esbuild: dist/extension.js (VS Code client),
// dist/server.js (language server, also usable standalone with --stdio), dist/cli.js.
// Regenerates the rule list first so it can never be stale.
import { build } from 'esbuild';
import { readFileSync, chmodSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [join(root, 'scripts/generate.mjs')], { stdio: 'inherit' });
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  legalComments: 'none',
  logLevel: 'warning',
  define: { LAYERWISE_VERSION: JSON.stringify(version) },
  // Optional native helpers of ssh2 (dockerode's ssh transport); it falls back to pure JS.
  external: ['vscode', 'cpu-features', './crypto/build/Release/sshcrypto.node'],
  plugins: [withoutBuildKitSession()],
};
await Promise.all([
  build({ ...common, entryPoints: [join(root, 'client/src/extension.ts')], outfile: join(root, 'dist/extension.js') }),
  // The size panel's webview script (a browser page under a strict CSP).
  build({ ...common, platform: 'browser', format: 'iife', target: 'es2022', external: [], plugins: [], entryPoints: [join(root, 'client/media/panel.ts')], outfile: join(root, 'dist/media/panel.js') }),
  build({ ...common, entryPoints: [join(root, 'server/src/server.ts')], outfile: join(root, 'dist/server.js') }),
  build({ ...common, entryPoints: [join(root, 'server/src/cli.ts')], outfile: join(root, 'dist/cli.js'), banner: { js: '#!/usr/bin/env node' } }),
]);
chmodSync(join(root, 'dist/cli.js'), 0o755);

/** dockerode's BuildKit session pulls in gRPC and protobufjs; Layerwise never opens one (classic build API). */
function withoutBuildKitSession() {
  return {
    name: 'without-buildkit-session',
    setup(b) {
      b.onResolve({ filter: /^\.\/session$/ }, (args) =>
        /dockerode[\\/]lib$/.test(args.resolveDir) ? { path: join(root, 'server/src/docker/buildkit-session-stub.cjs') } : undefined,
      );
    },
  };
}
console.log(`build: dist/extension.js dist/server.js dist/cli.js (${production ? 'production' : 'development'})`);
