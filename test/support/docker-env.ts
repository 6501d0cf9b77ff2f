// The project's private Docker test environment, for tests that need a real daemon or registry.
// Everything goes through the scripts in test/setup (one source of truth for CI and humans);
// this module only runs them once per process and talks to the private socket.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { after, before } from 'node:test';

const SETUP_DIR = path.join(__dirname, '..', 'setup');
export const DOCKER_DIR = process.env.LW_DOCKER_DIR ?? '/tmp/layerwise-docker';
export const DOCKER_SOCKET = path.join(DOCKER_DIR, 'docker.sock');
export const DOCKER_HOST = `unix://${DOCKER_SOCKET}`;
/** Debian's engine 20.10 speaks API 1.41; a newer client must not ask for more. */
export const DOCKER_API_VERSION = '1.41';

export interface DockerDaemon {
  socketPath: string;
  dockerHost: string;
}

export interface LocalRegistry {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  /** e.g. 127.0.0.1:40123, the prefix for image names pushed to it */
  host: string;
  stop(): Promise<void>;
}

export interface CliResult {
  stdout: string;
  stderr: string;
}

/** Environment for any child process (docker CLI, the CLI under test) that must use the private daemon. */
export function dockerProcessEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...base, DOCKER_HOST, DOCKER_API_VERSION, DOCKER_BUILDKIT: '0', LW_DOCKER_DIR: DOCKER_DIR };
}

let daemonPromise: Promise<DockerDaemon> | undefined;
let imagesPromise: Promise<void> | undefined;

/** Starts the private daemon if it does not answer (installs packages on a fresh machine). */
export function ensureDockerDaemon(): Promise<DockerDaemon> {
  daemonPromise ??= runSetupScript('docker-daemon.sh', [], 10 * 60_000).then((out) => {
    const socketPath = out.trim().split('\n').pop() ?? DOCKER_SOCKET;
    return { socketPath, dockerHost: `unix://${socketPath}` };
  });
  return daemonPromise;
}

/** Builds the stand-in base images (node:20, distroless, ...) once; minutes on a fresh machine. */
export function ensureBaseImages(): Promise<void> {
  imagesPromise ??= ensureDockerDaemon().then(() =>
    runSetupScript('base-images.sh', [], 30 * 60_000).then(() => undefined),
  );
  return imagesPromise;
}

/**
 * The hooks of a suite that builds on the stand-in bases, called inside its `describe`: the daemon
 * and the bases before (up to 30 minutes on a fresh machine; `precondition` is checked first);
 * after, every tag in `tags` removed with the stages the classic builder left, then `finish`.
 */
export function buildSuiteHooks(
  tags: string[],
  options: { precondition?: () => void; finish?: () => void } = {},
): void {
  before(
    async () => {
      options.precondition?.();
      await ensureBaseImages();
    },
    { timeout: 30 * 60_000 },
  );
  after(
    async () => {
      for (const tag of tags) await removeTestImage(tag);
      options.finish?.();
    },
    { timeout: 10 * 60_000 },
  );
}

/** Starts a registry on a free loopback port; every caller gets its own, so tests never share state. */
export async function startRegistry(port?: number): Promise<LocalRegistry> {
  const chosenPort = port ?? (await freeLoopbackPort());
  const url = (await runSetupScript('registry.sh', ['start', String(chosenPort)], 5 * 60_000))
    .trim()
    .split('\n')
    .pop()!;
  return {
    url,
    host: url.replace(/^http:\/\//, ''),
    stop: () => runSetupScript('registry.sh', ['stop', String(chosenPort)], 30_000).then(() => undefined),
  };
}

export interface LocalSshd {
  port: number;
  /** Holds host_key(.pub), other_host_key(.pub) (a key the server does not have), client_key (authorized). */
  dir: string;
  stop(): Promise<void>;
}

/** Debian's OpenSSH server on a free loopback port whose sessions reach the private daemon (test/setup/sshd.sh). */
export async function startSshd(): Promise<LocalSshd> {
  await ensureDockerDaemon();
  const port = await freeLoopbackPort();
  const dir = (await runSetupScript('sshd.sh', ['start', String(port)], 5 * 60_000)).trim().split('\n').pop()!;
  return { port, dir, stop: () => runSetupScript('sshd.sh', ['stop', String(port)], 30_000).then(() => undefined) };
}

/** Podman's API service on its own unix socket and vfs storage, holding the given images copied from the private daemon (test/setup/podman.sh). */
export async function startPodman(images: string[] = []): Promise<{ socketPath: string; stop(): Promise<void> }> {
  await ensureBaseImages();
  const socketPath = (await runSetupScript('podman.sh', ['start', ...images], 15 * 60_000)).trim().split('\n').pop()!;
  return { socketPath, stop: () => runSetupScript('podman.sh', ['stop'], 30_000).then(() => undefined) };
}

/** Stops only the daemon that the setup started (by its pidfile). Images stay cached on disk. */
export async function stopDockerDaemon(): Promise<void> {
  await runSetupScript('teardown.sh', [], 60_000);
  daemonPromise = undefined;
  imagesPromise = undefined;
}

/** Runs the docker client against the private socket; rejects with the command and its stderr on failure. */
export function dockerCli(
  args: string[],
  options: { input?: string | Buffer; cwd?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  return runProcess('docker', ['-H', DOCKER_HOST, ...args], {
    env: dockerProcessEnv(),
    cwd: options.cwd,
    input: options.input,
    timeoutMs: options.timeoutMs ?? 10 * 60_000,
  });
}

/** Final image ids of earlier build stages, per test tag: the classic builder leaves them untagged. */
const buildStageIds = new Map<string, string[]>();

/**
 * Builds a test image with the classic builder. `network` defaults to none; use 'host' when the
 * build must reach the npm registry. Pair with removeTestImage so build stages do not pile up.
 */
export async function buildTestImage(
  contextDir: string,
  tag: string,
  options: {
    network?: 'none' | 'host';
    dockerfile?: string;
    target?: string;
    extraArgs?: string[];
    timeoutMs?: number;
  } = {},
): Promise<CliResult> {
  const args = ['build', '--network', options.network ?? 'none', '-t', tag];
  if (options.dockerfile) args.push('-f', options.dockerfile);
  if (options.target) args.push('--target', options.target);
  args.push(...(options.extraArgs ?? []), contextDir);
  const result = await dockerCli(args, { timeoutMs: options.timeoutMs });
  buildStageIds.set(tag, [...(buildStageIds.get(tag) ?? []), ...earlierStageIds(result.stdout)]);
  return result;
}

/** In classic-builder output, the image id printed just before a later `FROM` step ends a stage. */
function earlierStageIds(buildOutput: string): string[] {
  const ids: string[] = [];
  let lastId: string | undefined;
  for (const line of buildOutput.split('\n')) {
    const id = /^ ---> ([0-9a-f]{12,64})\s*$/.exec(line)?.[1];
    if (id) lastId = id;
    else if (/^Step \d+\/\d+ : FROM /i.test(line) && lastId) ids.push(lastId);
  }
  return ids;
}

/**
 * Builds `dir/name` (no network) labelled as Layerwise labels its builds (`dev.layerwise.dockerfile`
 * = the path relative to the workspace `dir`), so the layer-size hovers find the image.
 */
export function buildLabelledImage(dir: string, name: string, tag: string): Promise<CliResult> {
  return buildTestImage(dir, tag, {
    dockerfile: path.join(dir, name),
    extraArgs: ['--label', `dev.layerwise.dockerfile=${name}`],
  });
}

/** Removes a test image and the untagged build stages the classic builder left behind for it. */
export async function removeTestImage(tag: string): Promise<void> {
  await dockerCli(['rmi', tag]).catch(() => undefined);
  const stageIds = buildStageIds.get(tag) ?? [];
  buildStageIds.delete(tag);
  if (stageIds.length === 0) return;
  // Only untagged, childless images: a stage that is just `FROM node:20` must not delete node:20.
  const { stdout } = await dockerCli(['image', 'ls', '-q', '--no-trunc', '--filter', 'dangling=true']);
  const dangling = stdout
    .split('\n')
    .filter(Boolean)
    .map((id) => id.replace(/^sha256:/, ''));
  const removable = [...new Set(stageIds)].filter((id) => dangling.some((full) => full.startsWith(id)));
  for (const id of removable) await dockerCli(['rmi', id]).catch(() => undefined);
}

function runSetupScript(script: string, args: string[], timeoutMs: number): Promise<string> {
  return runProcess('bash', [path.join(SETUP_DIR, script), ...args], { env: dockerProcessEnv(), timeoutMs }).then(
    (r) => r.stdout,
    (err: Error) => {
      // One clear line: the scripts put their reason on the last stderr line.
      throw new Error(
        `Layerwise Docker test environment: ${[script, ...args].join(' ')} failed: ${lastLine(err.message)}`,
      );
    },
  );
}

function runProcess(
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; input?: string | Buffer; timeoutMs: number },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const stdin = options.input === undefined ? 'ignore' : 'pipe';
    const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: [stdin, 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill('SIGTERM'), options.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`${command}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const result = { stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString() };
      if (code === 0) resolve(result);
      else {
        const why = signal ? `killed by ${signal} (timeout ${options.timeoutMs} ms?)` : `exit ${code}`;
        reject(new Error(`${command} ${args.join(' ')}: ${why}\n${result.stderr.trim() || result.stdout.trim()}`));
      }
    });
    if (child.stdin) {
      // A child that exits without reading its input must not crash the test with EPIPE.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
  });
}

function lastLine(text: string): string {
  const lines = text
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '');
  return lines[lines.length - 1] ?? text;
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Test teardown through the API: force-removes each tag the test built; a tag already gone is not an error. */
export async function removeImagesQuietly(
  docker: { getImage(name: string): { remove(options: { force: boolean }): Promise<unknown> } },
  tags: string[],
): Promise<void> {
  for (const tag of tags)
    await docker
      .getImage(tag)
      .remove({ force: true })
      .catch(() => undefined);
}
