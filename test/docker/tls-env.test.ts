// The TLS environment read as the docker CLI reads it (connection.ts), against a real TLS server on
// loopback that relays to the private daemon and demands a client certificate: any non-empty
// DOCKER_TLS_VERIFY ("0" too) means TLS with verification; DOCKER_CERT_PATH (else ~/.docker) holds
// ca.pem, cert.pem, key.pem; missing files are a clear problem before any connection; a server
// certificate from another CA is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureDockerDaemon } from '../support/docker-env';
import { caSignedCertificate, selfSignedCertificate, startTlsRelay } from '../support/tls';
import { createDockerClient, resolveConnection } from '../../server/src/docker/connection';
import { problemFromConnection } from '../../server/src/docker/problems';

let certs: string;
let strangerCa: string;
let server: https.Server;
let port: number;

/** A CA, a server certificate for 127.0.0.1 and a client certificate, as `docker` expects them in one folder. */
function makeCerts(dir: string): void {
  selfSignedCertificate(dir, { subject: '/CN=layerwise test CA', key: 'ca-key.pem', cert: 'ca.pem' });
  const server = { subject: '/CN=127.0.0.1', key: 'server-key.pem', cert: 'server-cert.pem' };
  caSignedCertificate(dir, { name: 'server', ...server, extension: 'subjectAltName=IP:127.0.0.1' });
  const client = { subject: '/CN=client', key: 'key.pem', cert: 'cert.pem' };
  caSignedCertificate(dir, { name: 'client', ...client, extension: 'extendedKeyUsage=clientAuth' });
}

before(async () => {
  const { socketPath } = await ensureDockerDaemon();
  certs = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-tls-'));
  makeCerts(certs);
  strangerCa = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-tls-stranger-'));
  makeCerts(strangerCa);
  const read = (f: string) => fs.readFileSync(path.join(certs, f));
  const tls = {
    key: read('server-key.pem'),
    cert: read('server-cert.pem'),
    ca: read('ca.pem'),
    requestCert: true,
    rejectUnauthorized: true,
  };
  ({ server, port } = await startTlsRelay(tls, { socketPath }));
});

after(() => {
  server?.close();
  for (const d of [certs, strangerCa]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

function resolve(env: NodeJS.ProcessEnv, home = os.tmpdir()) {
  return resolveConnection({ env: { DOCKER_HOST: `tcp://127.0.0.1:${port}`, ...env }, home });
}

test('DOCKER_TLS_VERIFY=1 with DOCKER_CERT_PATH: TLS with both certificates, the daemon answers', async () => {
  const r = resolve({ DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs });
  assert.ok(r.ok);
  assert.equal(r.connection.endpoint.protocol, 'https');
  assert.equal(String(await createDockerClient(r.connection).ping()), 'OK');
});

test('DOCKER_TLS_VERIFY=0 still means TLS with verification, as for the docker CLI', async () => {
  const r = resolve({ DOCKER_TLS_VERIFY: '0', DOCKER_CERT_PATH: certs });
  assert.ok(r.ok);
  assert.equal(r.connection.endpoint.protocol, 'https');
  assert.equal(String(await createDockerClient(r.connection).ping()), 'OK');
});

test('without DOCKER_TLS_VERIFY on a non-TLS port the client speaks plain HTTP, which this TLS server does not answer', async () => {
  const r = resolve({});
  assert.ok(r.ok);
  assert.equal(r.connection.endpoint.protocol, 'http');
  await assert.rejects(createDockerClient(r.connection).ping());
});

test('a server certificate from another CA is refused', async () => {
  const other = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-tls-mixed-'));
  try {
    fs.copyFileSync(path.join(strangerCa, 'ca.pem'), path.join(other, 'ca.pem'));
    for (const f of ['cert.pem', 'key.pem']) fs.copyFileSync(path.join(certs, f), path.join(other, f));
    const r = resolve({ DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: other });
    assert.ok(r.ok);
    await assert.rejects(createDockerClient(r.connection).ping(), /certificate|self.signed|verify/i);
  } finally {
    fs.rmSync(other, { recursive: true, force: true });
  }
});

test('missing certificate files are a clear problem naming the folder and the files, not a thrown ENOENT', () => {
  const emptyHome = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-tls-home-'));
  try {
    const noPath = resolve({ DOCKER_TLS_VERIFY: '1' }, emptyHome);
    assert.ok(!noPath.ok);
    const problem = problemFromConnection(noPath.problem);
    assert.equal(problem.title, 'TLS certificates missing');
    assert.match(
      problem.message,
      new RegExp(
        `${path.join(emptyHome, '.docker').replace(/[.]/g, '\\.')} \\(the default ~/\\.docker, as DOCKER_CERT_PATH is not set\\) has no ca\\.pem, cert\\.pem, key\\.pem`,
      ),
    );
    assert.match(problem.fix, /DOCKER_CERT_PATH/);
    const partial = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-tls-partial-'));
    fs.copyFileSync(path.join(certs, 'ca.pem'), path.join(partial, 'ca.pem'));
    const r = resolve({ DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: partial });
    assert.ok(!r.ok);
    assert.match(r.problem.message, /\(DOCKER_CERT_PATH\) has no cert\.pem, key\.pem\.$/);
    fs.rmSync(partial, { recursive: true, force: true });
  } finally {
    fs.rmSync(emptyHome, { recursive: true, force: true });
  }
});
