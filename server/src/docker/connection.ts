// Which Docker daemon to talk to, resolved the way the docker CLI users know:
// setting > DOCKER_HOST > DOCKER_CONTEXT > current context in ~/.docker/config.json > usual sockets.
// The single source of truth for every daemon connection (panel, commands, size look-ups, CLI).
// Environment, home folder and file system are parameters so tests use real temp dirs and sockets.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type Dockerode from 'dockerode';
import { hostVerifier, knownHostsFiles } from './sshHostKey';

export type ConnectionSource = 'setting' | 'DOCKER_HOST' | 'DOCKER_CONTEXT' | 'current context' | 'default socket';

export interface TlsFiles {
  ca?: string;
  cert?: string;
  key?: string;
}

export interface DockerEndpoint {
  protocol: 'unix' | 'npipe' | 'http' | 'https' | 'ssh';
  /** Socket or pipe path for unix/npipe. */
  socketPath?: string;
  host?: string;
  port?: number;
  username?: string;
  tls?: TlsFiles;
  /** ssh: the home folder whose ~/.ssh (known_hosts, default identities) the connection uses. */
  sshHome?: string;
}

export interface ResolvedConnection {
  source: ConnectionSource;
  /** What the user would recognise, e.g. `unix:///var/run/docker.sock (default socket)`. */
  label: string;
  /** The URL as written or found, e.g. `unix:///var/run/docker.sock`. */
  url: string;
  endpoint: DockerEndpoint;
  /** Name of the docker context when one was used. */
  context?: string;
}

export interface ConnectionProblem {
  kind: 'wrong-context' | 'bad-host' | 'tls-files';
  message: string;
  fix: string;
}

export type ConnectionResolution =
  | { ok: true; connection: ResolvedConnection }
  | { ok: false; problem: ConnectionProblem };

/** Read access to the file system the resolver needs; real by default. */
export interface ResolverFs {
  readText(file: string): string | undefined;
  exists(file: string): boolean;
}

export interface ResolverInput {
  /** The `layerwise.docker.host` setting (empty = unset). */
  setting?: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
  fs?: ResolverFs;
}

export const realFs: ResolverFs = {
  readText(file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
  exists(file) {
    try {
      fs.statSync(file);
      return true;
    } catch {
      return false;
    }
  },
};

/** Sockets tried last, in order: system Docker, Docker Desktop, Colima, Rancher Desktop, Podman. */
export function candidateSockets(env: NodeJS.ProcessEnv, home: string): string[] {
  const sockets = [
    '/var/run/docker.sock',
    path.join(home, '.docker/run/docker.sock'),
    path.join(home, '.colima/default/docker.sock'),
    path.join(home, '.colima/docker.sock'),
    path.join(home, '.rd/docker.sock'),
  ];
  if (env.XDG_RUNTIME_DIR) sockets.push(path.join(env.XDG_RUNTIME_DIR, 'podman/podman.sock'));
  sockets.push('/run/podman/podman.sock');
  return sockets;
}

export function resolveConnection(input: ResolverInput = {}): ConnectionResolution {
  const env = input.env ?? process.env;
  const home = input.home ?? os.homedir();
  const files = input.fs ?? realFs;
  const setting = input.setting?.trim();
  const withHome = (r: ConnectionResolution): ConnectionResolution =>
    r.ok && r.connection.endpoint.protocol === 'ssh'
      ? { ok: true, connection: { ...r.connection, endpoint: { ...r.connection.endpoint, sshHome: home } } }
      : r;
  if (setting) return withHome(fromUrl(setting, 'setting', env, files, home));
  if (env.DOCKER_HOST) return withHome(fromUrl(env.DOCKER_HOST, 'DOCKER_HOST', env, files, home));

  const configDir = env.DOCKER_CONFIG || path.join(home, '.docker');
  const contextName = env.DOCKER_CONTEXT || currentContext(configDir, files);
  if (contextName && contextName !== 'default') {
    const source: ConnectionSource = env.DOCKER_CONTEXT ? 'DOCKER_CONTEXT' : 'current context';
    return withHome(fromContext(contextName, source, configDir, files, home));
  }
  const sockets = candidateSockets(env, home);
  const found = sockets.find((s) => files.exists(s)) ?? sockets[0];
  const url = `unix://${found}`;
  return {
    ok: true,
    connection: {
      source: 'default socket',
      label: `${url} (default socket)`,
      url,
      endpoint: { protocol: 'unix', socketPath: found },
    },
  };
}

function currentContext(configDir: string, files: ResolverFs): string | undefined {
  const text = files.readText(path.join(configDir, 'config.json'));
  if (!text) return undefined;
  try {
    const config = JSON.parse(text) as { currentContext?: unknown };
    return typeof config.currentContext === 'string' ? config.currentContext : undefined;
  } catch {
    return undefined;
  }
}

/** The docker CLI stores a context under the sha256 of its name. */
export function contextDirName(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

function fromContext(
  name: string,
  source: ConnectionSource,
  configDir: string,
  files: ResolverFs,
  home: string,
): ConnectionResolution {
  const id = contextDirName(name);
  const metaText = files.readText(path.join(configDir, 'contexts/meta', id, 'meta.json'));
  const fix =
    'Run `docker context ls` and `docker context use <name>` (or `docker context use default`), or set `layerwise.docker.host`.';
  if (!metaText) {
    return {
      ok: false,
      problem: { kind: 'wrong-context', message: `Docker context "${name}" (from ${source}) does not exist.`, fix },
    };
  }
  let host: unknown;
  let skipTls = false;
  try {
    const meta = JSON.parse(metaText) as { Endpoints?: { docker?: { Host?: unknown; SkipTLSVerify?: unknown } } };
    host = meta.Endpoints?.docker?.Host;
    skipTls = meta.Endpoints?.docker?.SkipTLSVerify === true;
  } catch {
    host = undefined;
  }
  if (typeof host !== 'string' || !host) {
    return {
      ok: false,
      problem: { kind: 'wrong-context', message: `Docker context "${name}" has no Docker endpoint.`, fix },
    };
  }
  const tlsDir = path.join(configDir, 'contexts/tls', id, 'docker');
  const tls: TlsFiles = {};
  for (const key of ['ca', 'cert', 'key'] as const) {
    const file = path.join(tlsDir, `${key}.pem`);
    if (files.exists(file)) tls[key] = file;
  }
  const resolved = fromUrl(host, source, {}, files, home, tls.cert && !skipTls ? tls : undefined);
  if (!resolved.ok) return resolved;
  const connection = { ...resolved.connection, context: name, label: `${host} (context "${name}")` };
  return { ok: true, connection };
}

/** Parses `unix://`, `npipe://`, `tcp://`, `http(s)://`, `ssh://` URLs and bare socket paths. */
function fromUrl(
  raw: string,
  source: ConnectionSource,
  env: NodeJS.ProcessEnv,
  files: ResolverFs,
  home: string,
  contextTls?: TlsFiles,
): ConnectionResolution {
  const url = raw.trim();
  const label = `${url} (${source})`;
  const ok = (endpoint: DockerEndpoint): ConnectionResolution => ({
    ok: true,
    connection: { source, label, url, endpoint },
  });
  if (url.startsWith('/')) return ok({ protocol: 'unix', socketPath: url });
  if (url.startsWith('unix://'))
    return ok({ protocol: 'unix', socketPath: url.slice('unix://'.length) || '/var/run/docker.sock' });
  if (url.startsWith('npipe://'))
    return ok({ protocol: 'npipe', socketPath: url.slice('npipe://'.length) || '//./pipe/docker_engine' });
  let parsed: URL;
  try {
    parsed = new URL(url.includes('://') ? url : `tcp://${url}`);
  } catch {
    return {
      ok: false,
      problem: {
        kind: 'bad-host',
        message: `${source} "${url}" is not a Docker host URL.`,
        fix: 'Use unix:///path/to/docker.sock, tcp://host:2375, tcp://host:2376 with TLS, or ssh://user@host.',
      },
    };
  }
  const host = parsed.hostname;
  if (parsed.protocol === 'ssh:') {
    return ok({
      protocol: 'ssh',
      host,
      port: parsed.port ? Number(parsed.port) : 22,
      username: decodeURIComponent(parsed.username) || undefined,
    });
  }
  if (!['tcp:', 'http:', 'https:'].includes(parsed.protocol)) {
    return {
      ok: false,
      problem: {
        kind: 'bad-host',
        message: `${source} "${url}" uses an unknown scheme ${parsed.protocol}`,
        fix: 'Use unix://, tcp://, https:// or ssh://.',
      },
    };
  }
  const port = parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 2376 : 2375;
  // As the docker CLI: any non-empty DOCKER_TLS_VERIFY (even "0") means TLS with verification.
  const tlsByEnv = !!env.DOCKER_TLS_VERIFY;
  const useTls = parsed.protocol === 'https:' || tlsByEnv || port === 2376 || !!contextTls;
  if (!useTls) return ok({ protocol: 'http', host, port });
  if (contextTls) return ok({ protocol: 'https', host, port, tls: contextTls });
  const certDir = env.DOCKER_CERT_PATH || path.join(home, '.docker');
  const tls: TlsFiles = {
    ca: path.join(certDir, 'ca.pem'),
    cert: path.join(certDir, 'cert.pem'),
    key: path.join(certDir, 'key.pem'),
  };
  const missing = (['ca', 'cert', 'key'] as const).filter((k) => !files.exists(tls[k]!));
  if (missing.length) {
    const from = env.DOCKER_CERT_PATH ? 'DOCKER_CERT_PATH' : 'the default ~/.docker, as DOCKER_CERT_PATH is not set';
    return {
      ok: false,
      problem: {
        kind: 'tls-files',
        message: `TLS is on for ${url}${tlsByEnv ? ' (DOCKER_TLS_VERIFY is set)' : ''}, but ${certDir} (${from}) has no ${missing.map((k) => `${k}.pem`).join(', ')}.`,
        fix: 'Point DOCKER_CERT_PATH at the folder with ca.pem, cert.pem and key.pem (as `docker` uses them), or unset DOCKER_TLS_VERIFY for a daemon without TLS.',
      },
    };
  }
  return ok({ protocol: 'https', host, port, tls });
}

/**
 * dockerode, loaded on the first connection rather than at start: with ssh2 and the HTTPS stack
 * it is the largest part of the bundle to evaluate, and the language server must answer fast.
 */
export function dockerodeClass(): typeof Dockerode {
  return require('dockerode') as typeof Dockerode;
}

/** A dockerode client for the endpoint. Every option is set so docker-modem's own env defaults never leak in. */
export function createDockerClient(connection: ResolvedConnection, files: ResolverFs = realFs): Dockerode {
  const e = connection.endpoint;
  const read = (file?: string) => (file ? files.readText(file) : undefined);
  if (e.protocol === 'unix' || e.protocol === 'npipe') {
    return new (dockerodeClass())({
      socketPath: e.socketPath,
      host: undefined,
      port: undefined,
      protocol: undefined,
    } as Dockerode.DockerOptions);
  }
  if (e.protocol === 'ssh') {
    const home = e.sshHome ?? os.homedir();
    // Like `ssh`: the agent when there is one, else the default identity files.
    const identity = process.env.SSH_AUTH_SOCK
      ? undefined
      : ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((f) => files.readText(path.join(home, '.ssh', f))).find(Boolean);
    return new (dockerodeClass())({
      protocol: 'ssh',
      host: e.host,
      port: e.port,
      username: e.username ?? os.userInfo().username,
      socketPath: undefined,
      sshOptions: {
        agent: process.env.SSH_AUTH_SOCK,
        privateKey: identity,
        hostVerifier: hostVerifier(e.host ?? '', e.port ?? 22, knownHostsFiles(home)),
      },
    } as Dockerode.DockerOptions);
  }
  return new (dockerodeClass())({
    protocol: e.protocol,
    host: e.host,
    port: e.port,
    socketPath: undefined,
    ca: read(e.tls?.ca),
    cert: read(e.tls?.cert),
    key: read(e.tls?.key),
  } as Dockerode.DockerOptions);
}

/** The unix socket of the resolved daemon, when it is one (for look-ups that take a socket path). */
export function resolvedSocketPath(input: ResolverInput = {}): string | undefined {
  const r = resolveConnection(input);
  return r.ok && r.connection.endpoint.protocol === 'unix' ? r.connection.endpoint.socketPath : undefined;
}
