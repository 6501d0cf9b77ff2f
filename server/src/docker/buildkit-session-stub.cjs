// Bundled in place of dockerode/lib/session.js (BuildKit sessions over gRPC, ~400 kB minified):
// Layerwise builds through the classic builder API and never asks for `version: "2"`.
module.exports = function withSession(_docker, _auth, handler) {
  handler(new Error('BuildKit sessions are not included in the Layerwise bundle'), null, () => undefined);
};
