// vscode-languageserver's node/files.js requires child_process when it loads, for helpers that resolve
// globally installed npm and yarn modules; Layerwise's server never calls them, and loading Node's
// child_process took ~4 ms of every start (issue 16 §3, cold start). scripts/build.mjs hands that file
// this stand-in: the same two functions, loading child_process on their first call.
'use strict';
module.exports = {
  fork: (...args) => require('node:child_process').fork(...args),
  spawnSync: (...args) => require('node:child_process').spawnSync(...args),
};
