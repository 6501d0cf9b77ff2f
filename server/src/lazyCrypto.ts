// Node's crypto took ~2.6 ms of every start of the language server (issue 16 §3, cold start), and its
// first diagnostics never use it: vscode-jsonrpc requires it when it loads (for random pipe names,
// unused over stdio and IPC), Layerwise's size cache and Docker client for hashes. scripts/build.mjs
// hands every `crypto` import of the server's bundles this stand-in, which loads the real module on
// the first call. An ES module with named exports, so the bundler links each import to its function
// (a CommonJS stand-in gets wrapped by a copy of all its properties, which loads the module at once);
// an import of any other name fails the build.
import type * as Crypto from 'node:crypto';

let crypto: typeof Crypto | undefined;
function real(): typeof Crypto {
  if (!crypto) crypto = require('node:crypto') as typeof Crypto;
  return crypto;
}

export const createHash: typeof Crypto.createHash = (...args) => real().createHash(...args);
export const createHmac: typeof Crypto.createHmac = (...args) => real().createHmac(...args);
export const randomBytes = ((...args: Parameters<typeof Crypto.randomBytes>) =>
  real().randomBytes(...args)) as typeof Crypto.randomBytes;
