// Loopback HTTP servers that record every request, and a stand-in for Docker Hub's tags API built on
// one. Hub itself is unreachable from the test machine (no network): the stand-in answers
// `/v2/namespaces/{ns}/repositories/{repo}/tags/{tag}` in Hub's shape (per-platform images[].size,
// digest, last_pushed) from a table, 404 for anything else, 429 with Retry-After when told to.
import * as http from 'node:http';
import type * as net from 'node:net';

export interface Recorder {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

export async function listen(handler: http.RequestListener, requests: string[]): Promise<Recorder> {
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Hub's tags API as a loopback stand-in (see the header): `tags` maps `library/node:20-slim` to per-platform sizes. */
export async function startHubStandIn(
  tags: Record<string, { os: string; architecture: string; variant?: string; size: number }[]>,
  options: { retryAfter?: () => string | undefined } = {},
): Promise<Recorder> {
  const requests: string[] = [];
  return listen((req, res) => {
    const retryAfter = options.retryAfter?.();
    if (retryAfter !== undefined) {
      res.writeHead(429, { 'Retry-After': retryAfter, 'Content-Type': 'application/json' });
      res.end('{"message":"Too Many Requests"}');
      return;
    }
    const m = /^\/v2\/namespaces\/([^/]+)\/repositories\/([^/]+)\/tags\/([^/?]+)$/.exec(req.url ?? '');
    const images = m ? tags[`${m[1]}/${m[2]}:${m[3]}`] : undefined;
    if (req.method !== 'GET' || !images) {
      res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"message":"object not found","errinfo":{}}');
      return;
    }
    const body = {
      name: m![3],
      full_size: images[0].size,
      digest: `sha256:${'a'.repeat(64)}`,
      tag_last_pushed: '2026-11-20T10:00:00.000000Z',
      images: images.map((image, i) => ({
        ...image,
        variant: image.variant ?? null,
        digest: `sha256:${String(i).repeat(64)}`,
        status: 'active',
        last_pushed: '2026-11-20T09:59:00.000000Z',
      })),
    };
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  }, requests);
}
