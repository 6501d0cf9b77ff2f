// TLS for tests: certificates made by the openssl CLI in a folder, and an HTTPS front that relays
// every request unchanged to a plain HTTP server (a registry, the private daemon's socket).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type * as net from 'node:net';
import * as path from 'node:path';

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'ignore' });
}

/** A key and a self-signed certificate for `subject` in `dir` (a CA's, or a server's own). */
export function selfSignedCertificate(
  dir: string,
  options: { subject: string; key: string; cert: string; days?: number; altName?: string },
): void {
  openssl(
    [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', String(options.days ?? 2)],
      ...['-subj', options.subject, ...(options.altName ? ['-addext', `subjectAltName=${options.altName}`] : [])],
      ...['-keyout', options.key, '-out', options.cert],
    ],
    dir,
  );
}

/**
 * A key and a certificate for `subject` signed by the CA in `dir` (ca.pem, ca-key.pem), with one
 * extension line (`subjectAltName=…`, `extendedKeyUsage=…`); `name`.ext and `name`.csr stay beside them.
 */
export function caSignedCertificate(
  dir: string,
  options: { name: string; subject: string; key: string; cert: string; extension: string },
): void {
  const { name } = options;
  fs.writeFileSync(path.join(dir, `${name}.ext`), `${options.extension}\n`);
  openssl(
    ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', options.subject, '-keyout', options.key, '-out', `${name}.csr`],
    dir,
  );
  openssl(
    [
      ...['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial'],
      ...['-days', '2', '-extfile', `${name}.ext`, '-out', options.cert],
    ],
    dir,
  );
}

/**
 * An HTTPS server on a free loopback port that forwards each request unchanged to `upstream`
 * (`host`/`port` or `socketPath`; `headers` are added to the request's) and streams the answer back;
 * an upstream that fails answers 502 (or ends the answer already begun).
 */
export async function startTlsRelay(
  tls: https.ServerOptions,
  upstream: { host?: string; port?: string | number; socketPath?: string; headers?: http.OutgoingHttpHeaders },
): Promise<{ server: https.Server; port: number }> {
  const server = https.createServer(tls, (req, res) => {
    const { headers, ...target } = upstream;
    const forwarded = http.request(
      { ...target, path: req.url, method: req.method, headers: { ...req.headers, ...headers } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as net.AddressInfo).port };
}
