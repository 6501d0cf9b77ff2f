// Registry look-ups through a corporate proxy, without a dependency: HTTPS targets go through an
// HTTP CONNECT tunnel (TLS to the registry inside it), plain-HTTP targets are asked with an
// absolute URI. Configuration: HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case, lower case
// first, as curl reads them), or VS Code's `http.proxy` / `http.proxyStrictSSL` / `http.noProxy`
// forwarded by the language server. With no proxy configured and no guard (sizes/guard.ts) the
// global fetch is used unchanged. GET and HEAD keep their method through a proxy and across redirects.
import type * as Http from 'node:http';
import type * as Https from 'node:https';
import * as net from 'node:net';
import type * as Tls from 'node:tls';
import { Readable } from 'node:stream';

// Node's HTTP, HTTPS and TLS modules load on the first request (~5 ms of every start otherwise): the
// server's first diagnostics never ask a registry (issue 16 §3, cold start).
const http = () => require('node:http') as typeof Http;
const https = () => require('node:https') as typeof Https;
const tls = () => require('node:tls') as typeof Tls;

/** What a 407 from the proxy means for the user. */
const PROXY_AUTH_HINT =
  'the proxy asks for credentials (HTTP 407): put them in the proxy URL, e.g. http://user:password@proxy:3128';

export interface ProxyConfig {
  /** Proxy for http:// targets, e.g. `http://user:pass@proxy:3128`. */
  httpProxy?: string;
  /** Proxy for https:// targets. */
  httpsProxy?: string;
  /** Comma- or space-separated hosts, `.suffix`/`*.suffix`, `host:port`, or `*`. */
  noProxy?: string;
  /** Verify TLS certificates on proxied connections (VS Code `http.proxyStrictSSL`); default true. */
  strictSSL?: boolean;
}

/** What the standard variables say; lower case wins over upper case, empty means unset. */
export function proxyFromEnv(env: NodeJS.ProcessEnv = process.env): ProxyConfig {
  const pick = (name: string) => (env[name.toLowerCase()] || env[name.toUpperCase()] || undefined)?.trim() || undefined;
  return { httpProxy: pick('http_proxy'), httpsProxy: pick('https_proxy'), noProxy: pick('no_proxy') };
}

/** VS Code's `http.*` settings over the environment: `http.proxy` serves both schemes, `http.noProxy` adds to NO_PROXY. */
export function proxyFromSettings(
  http: { proxy?: string; proxyStrictSSL?: boolean; noProxy?: string[] },
  env: NodeJS.ProcessEnv = process.env,
): ProxyConfig {
  const fromEnv = proxyFromEnv(env);
  const noProxy = [fromEnv.noProxy, ...(http.noProxy ?? [])].filter(Boolean).join(',') || undefined;
  const proxy = http.proxy?.trim();
  return {
    httpProxy: proxy || fromEnv.httpProxy,
    httpsProxy: proxy || fromEnv.httpsProxy,
    noProxy,
    strictSSL: http.proxyStrictSSL ?? true,
  };
}

/** True when NO_PROXY says `url` is reached directly. Loopback is proxied like any host unless listed. */
export function bypassesProxy(url: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = bareHost(url).toLowerCase();
  const port = String(portOf(url));
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    // `host`, `host:port`, `[v6]:port`, `.suffix`, `*.suffix`; a bare IPv6 address has no port.
    const m = /^(?:\[([^\]]+)\]|([^:]+))(?::(\d+))?$/.exec(entry);
    const name = (m ? (m[1] ?? m[2]) : entry).replace(/^\*?\./, '.');
    if (m?.[3] && m[3] !== port) continue;
    const domain = name.replace(/^\./, '');
    if (host === domain || host.endsWith(`.${domain}`)) return true;
  }
  return false;
}

/** The proxy URL for `url`, or undefined when it is reached directly. */
export function proxyFor(url: URL, config: ProxyConfig): URL | undefined {
  const raw = url.protocol === 'https:' ? config.httpsProxy : config.httpProxy;
  if (!raw || bypassesProxy(url, config.noProxy)) return undefined;
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    return undefined;
  }
}

/** A failure reaching or passing the proxy; its message names the proxy without its credentials. */
export class ProxyError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface RequestInit {
  /** GET (default) or HEAD: a HEAD stays a HEAD through a proxy and across redirects. */
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export type FetchLike = (url: string | URL, init: RequestInit) => Promise<Response>;

/** Where requests may go (sizes/guard.ts): checked before every hop, redirects included. */
export interface RequestGuard {
  /** Why `url` may not be requested, or undefined. */
  refuse(url: URL): Promise<string | undefined>;
  /** DNS lookup for direct connections, so the address connected to is the address checked. */
  lookup?: (hostname: string, options: object, callback: (...args: never[]) => void) => void;
}

/** A request the guard refused; nothing was sent. */
export class RefusedError extends Error {}

/**
 * The fetch to use under this configuration: the global one when no proxy is configured and no
 * guard given; else this module's own requests (every hop checked, the method kept).
 */
export function fetchFor(config: ProxyConfig, guard?: RequestGuard): FetchLike {
  if (!config.httpProxy && !config.httpsProxy && !guard)
    return (url, init) => fetch(url, { ...init, redirect: 'follow' });
  return (url, init) => requestFollowing(new URL(url), init, config, guard);
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/** GET or HEAD with redirects followed (Authorization dropped on a cross-origin hop, as fetch does); the proxy is chosen and the guard asked per hop. */
async function requestFollowing(
  url: URL,
  init: RequestInit,
  config: ProxyConfig,
  guard?: RequestGuard,
): Promise<Response> {
  let headers = { ...init.headers };
  const method = init.method ?? 'GET';
  for (let hop = 0; ; hop++) {
    const refusal = await guard?.refuse(url);
    if (refusal) throw new RefusedError(refusal);
    const res = await requestOnce(url, method, headers, init.signal, config, guard);
    const location = res.headers.location;
    if (!REDIRECTS.has(res.statusCode ?? 0) || !location || hop >= MAX_REDIRECTS) return toResponse(res, method);
    res.resume();
    const next = new URL(location, url);
    // Each hop of the redirect loop goes on with the next URL (and, to another origin, without credentials).
    if (next.origin !== url.origin)
      headers = Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'authorization'));
    // biome-ignore lint/style/noParameterAssign: the loop's state is its parameters
    url = next;
  }
}

function toResponse(res: Http.IncomingMessage, method: string): Response {
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
  const status = res.statusCode ?? 502;
  const nullBody = method === 'HEAD' || status === 204 || status === 304;
  if (nullBody) res.resume();
  const body = nullBody ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
  return new Response(body, { status, statusText: res.statusMessage, headers });
}

function proxyLabel(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`;
}

function proxyHeaders(proxy: URL): Record<string, string> {
  if (!proxy.username && !proxy.password) return {};
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { 'Proxy-Authorization': `Basic ${Buffer.from(credentials).toString('base64')}` };
}

/** The port, or the scheme's default. */
function portOf(url: URL): number {
  return Number(url.port || (url.protocol === 'https:' ? 443 : 80));
}

/** The host name without the brackets of an IPv6 literal, as sockets want it. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

function describe(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return e.code ?? e.message ?? String(err);
}

function requestOnce(
  url: URL,
  method: string,
  headers: Record<string, string>,
  signal: AbortSignal | undefined,
  config: ProxyConfig,
  guard?: RequestGuard,
): Promise<Http.IncomingMessage> {
  const proxy = proxyFor(url, config);
  const strictSSL = config.strictSSL ?? true;
  const targetPort = portOf(url);
  const path = `${url.pathname}${url.search}`;
  if (!proxy) {
    const mod = url.protocol === 'https:' ? https() : http();
    return send(
      mod.request({
        host: bareHost(url),
        port: targetPort,
        method,
        path,
        headers,
        signal,
        servername: net.isIP(url.hostname) ? undefined : url.hostname,
        lookup: guard?.lookup as net.LookupFunction | undefined,
      }),
    );
  }
  const viaProxy = (mod: typeof Http | typeof Https) => ({
    host: bareHost(proxy),
    port: portOf(proxy),
    signal,
    rejectUnauthorized: strictSSL,
    mod,
  });
  const proxyMod = proxy.protocol === 'https:' ? https() : http();
  const wrapProxyError = (err: unknown) => {
    if ((err as Error)?.name === 'AbortError' || err instanceof ProxyError) throw err;
    throw new ProxyError(`proxy ${proxyLabel(proxy)}: ${describe(err)}`, (err as { code?: string })?.code);
  };
  if (url.protocol !== 'https:') {
    // Plain HTTP: the proxy gets the absolute URI and forwards the request.
    const { mod, ...opts } = viaProxy(proxyMod);
    return send(
      mod.request({
        ...opts,
        method,
        path: url.href,
        headers: { ...headers, Host: url.host, ...proxyHeaders(proxy) },
      }),
    )
      .then((res) => {
        if (res.statusCode !== 407) return res;
        res.resume();
        throw new ProxyError(`proxy ${proxyLabel(proxy)}: ${PROXY_AUTH_HINT} (${method} ${url.href})`);
      })
      .catch(wrapProxyError);
  }
  // HTTPS: CONNECT host:port, then TLS to the registry through the tunnel.
  return tunnel(proxy, url, targetPort, signal, strictSSL)
    .catch(wrapProxyError)
    .then((socket) => {
      const secure = tls().connect({
        socket,
        servername: net.isIP(url.hostname) ? undefined : url.hostname,
        rejectUnauthorized: strictSSL,
      });
      return send(
        http().request({
          host: url.hostname,
          port: targetPort,
          method,
          path,
          headers: { ...headers, Host: url.host },
          signal,
          createConnection: () => secure as unknown as net.Socket,
        }),
      );
    });
}

function send(req: Http.ClientRequest): Promise<Http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
    req.end();
  });
}

function tunnel(
  proxy: URL,
  url: URL,
  port: number,
  signal: AbortSignal | undefined,
  strictSSL: boolean,
): Promise<net.Socket> {
  const target = `${url.hostname}:${port}`;
  const mod = proxy.protocol === 'https:' ? https() : http();
  return new Promise((resolve, reject) => {
    const req = mod.request({
      host: bareHost(proxy),
      port: portOf(proxy),
      method: 'CONNECT',
      path: target,
      headers: { Host: target, ...proxyHeaders(proxy) },
      signal,
      rejectUnauthorized: strictSSL,
      agent: false,
    });
    req.once('connect', (res, socket) => {
      if (res.statusCode === 200) return resolve(socket);
      socket.destroy();
      reject(
        new ProxyError(
          res.statusCode === 407
            ? `proxy ${proxyLabel(proxy)}: ${PROXY_AUTH_HINT} (CONNECT ${target})`
            : `proxy ${proxyLabel(proxy)} refused CONNECT ${target} (HTTP ${res.statusCode})`,
        ),
      );
    });
    req.once('error', reject);
    req.end();
  });
}
