// Bundles the three entry points with esbuild: dist/extension.js (VS Code client),
// dist/server.js (language server, also usable standalone with --stdio), dist/cli.js, and the
// Docker client they share, dist/dockerode.js (loaded on first use).
// Regenerates the rule list first so it can never be stale.
// `--cli-package DIR`: only the CLI (dist/cli.js and the dist/dockerode.js it loads for `size`),
// minified, into DIR/dist — the npm package of the CLI (scripts/pack-cli.mjs).
import { build } from 'esbuild';
import { readFileSync, chmodSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [join(root, 'scripts/generate.mjs')], { stdio: 'inherit' });
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const cliPackageArg = process.argv.indexOf('--cli-package');
const cliPackage = cliPackageArg > 0 ? process.argv[cliPackageArg + 1] : undefined;
const production = process.argv.includes('--production') || cliPackage !== undefined;
const out = cliPackage ? join(resolve(cliPackage), 'dist') : join(root, 'dist');
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
  plugins: [withoutBuildKitSession(), dockerodeApart(), childProcessOnFirstUse()],
};
const cliBundles = [
  build({
    ...common,
    entryPoints: [join(root, 'server/src/cli.ts')],
    outfile: join(out, 'cli.js'),
    banner: { js: '#!/usr/bin/env node' },
  }),
  // The Docker client (dockerode, ssh2, tar-fs…: ~1 MB) in a file of its own, shared by the three
  // bundles and loaded on its first use: the server's first diagnostics never need it.
  build({
    ...common,
    plugins: [withoutBuildKitSession()],
    stdin: { contents: "module.exports = require('dockerode');", resolveDir: root, loader: 'js' },
    outfile: join(out, 'dockerode.js'),
  }),
];
await Promise.all([...cliBundles, ...(cliPackage ? [] : editorBundles())]);
chmodSync(join(out, 'cli.js'), 0o755);

function editorBundles() {
  return [
    build({
      ...common,
      entryPoints: [join(root, 'client/src/extension.ts')],
      outfile: join(root, 'dist/extension.js'),
    }),
    // The size panel's webview script (a browser page under a strict CSP).
    build({
      ...common,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      external: [],
      plugins: [],
      entryPoints: [join(root, 'client/media/panel.ts')],
      outfile: join(root, 'dist/media/panel.js'),
    }),
    // The language server, loaded by dist/server.js (the entry) through V8's code cache (server/src/codeCache.ts).
    build({
      ...common,
      plugins: [...common.plugins, cryptoOnFirstUse(), httpsOnFirstUse()],
      entryPoints: [join(root, 'server/src/server.ts')],
      outfile: join(root, 'dist/languageServer.js'),
    }),
    build({
      ...common,
      plugins: [...common.plugins, cryptoOnFirstUse()],
      entryPoints: [join(root, 'server/src/serverStart.ts')],
      outfile: join(root, 'dist/server.js'),
    }),
  ];
}

/** `require('dockerode')` (docker/connection.ts, at first use) loads dist/dockerode.js, beside the bundle. */
function dockerodeApart() {
  return {
    name: 'dockerode-apart',
    setup(b) {
      b.onResolve({ filter: /^dockerode$/ }, () => ({ path: './dockerode.js', external: true }));
    },
  };
}

/** vscode-languageserver's node/files.js gets child_process on its first call (server/src/lazy-child-process.cjs). */
function childProcessOnFirstUse() {
  return {
    name: 'child-process-on-first-use',
    setup(b) {
      b.onResolve({ filter: /^child_process$/ }, (args) =>
        /vscode-languageserver[\\/]lib[\\/]node[\\/]files\.js$/.test(args.importer)
          ? { path: join(root, 'server/src/lazy-child-process.cjs') }
          : undefined,
      );
    },
  };
}

/** dockerfile-language-service's Docker Hub client gets https on its first call (server/src/lazyHttps.ts). */
function httpsOnFirstUse() {
  return {
    name: 'https-on-first-use',
    setup(b) {
      b.onResolve({ filter: /^https$/ }, (args) =>
        /dockerfile-language-service[\\/]lib[\\/]dockerRegistryClient\.js$/.test(args.importer)
          ? { path: join(root, 'server/src/lazyHttps.ts') }
          : undefined,
      );
    },
  };
}

/** The language server's `crypto` imports load Node's crypto on first use (server/src/lazyCrypto.ts). */
function cryptoOnFirstUse() {
  const standIn = join(root, 'server/src/lazyCrypto.ts');
  return {
    name: 'crypto-on-first-use',
    setup(b) {
      b.onResolve({ filter: /^(node:)?crypto$/ }, (args) =>
        args.importer === standIn ? undefined : { path: standIn },
      );
    },
  };
}

/** dockerode's BuildKit session pulls in gRPC and protobufjs; Layerwise never opens one (classic build API). */
function withoutBuildKitSession() {
  return {
    name: 'without-buildkit-session',
    setup(b) {
      b.onResolve({ filter: /^\.\/session$/ }, (args) =>
        /dockerode[\\/]lib$/.test(args.resolveDir)
          ? { path: join(root, 'server/src/docker/buildkit-session-stub.cjs') }
          : undefined,
      );
    },
  };
}
console.log(
  cliPackage
    ? `build: ${join(out, 'cli.js')} ${join(out, 'dockerode.js')} (production)`
    : `build: dist/extension.js dist/server.js dist/languageServer.js dist/cli.js dist/dockerode.js (${production ? 'production' : 'development'})`,
);
