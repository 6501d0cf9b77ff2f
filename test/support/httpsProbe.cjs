// Preloaded into a server under test (NODE_OPTIONS=--require): records every outgoing https
// request's host in $LW_HTTPS_PROBE_LOG and sends it to a closed loopback port instead, so a
// test can prove whether a request was attempted without any traffic leaving the machine.
const https = require('node:https');
const fs = require('node:fs');

const log = process.env.LW_HTTPS_PROBE_LOG;
const refusedPort = Number(process.env.LW_HTTPS_PROBE_PORT || 9);

function redirect(original) {
  return function (...args) {
    const options = typeof args[0] === 'string' || args[0] instanceof URL ? new URL(String(args[0])) : args[0] || {};
    const host = options.hostname || options.host || 'unknown';
    if (log) fs.appendFileSync(log, `${host}\n`);
    const callback = args.find((a) => typeof a === 'function');
    const target = { host: '127.0.0.1', port: refusedPort, path: options.path || options.pathname || '/', method: options.method || 'GET' };
    return callback ? original.call(https, target, callback) : original.call(https, target);
  };
}

https.get = redirect(https.get);
https.request = redirect(https.request);
