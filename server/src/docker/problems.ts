// Turns anything that went wrong talking to the daemon into one message a user can act on:
// what happened, on which connection, and the fix. Never throws.
import type { ConnectionProblem, ResolvedConnection } from './connection';

export type ProblemKind = 'no-daemon' | 'permission-denied' | 'wrong-context' | 'bad-host' | 'daemon-died' | 'timeout' | 'cancelled' | 'build-failed' | 'api-error';

export interface DaemonProblem {
  kind: ProblemKind;
  title: string;
  message: string;
  fix: string;
}

const START_DOCKER =
  'Start Docker (Docker Desktop, `sudo systemctl start docker`, `colima start`, `podman machine start`), or point the setting `layerwise.docker.host` (or DOCKER_HOST) at a running daemon.';

export function problemFromConnection(problem: ConnectionProblem): DaemonProblem {
  const title = problem.kind === 'wrong-context' ? 'Wrong Docker context' : 'Invalid Docker host';
  return { kind: problem.kind, title, message: problem.message, fix: problem.fix };
}

interface ErrorLike {
  code?: string;
  errno?: number;
  statusCode?: number;
  message?: string;
  json?: { message?: string } | string | null;
  reason?: string;
  name?: string;
}

/** Classifies an error from dockerode/docker-modem or a broken stream. `during` says what we were doing. */
export function describeDockerError(err: unknown, connection: ResolvedConnection | undefined, during = 'talking to Docker'): DaemonProblem {
  const e = (err && typeof err === 'object' ? err : { message: String(err) }) as ErrorLike;
  const where = connection ? connection.label : 'the Docker daemon';
  const code = e.code ?? '';
  const text = e.message ?? String(err);
  if (e.name === 'AbortError' || code === 'ABORT_ERR') {
    return { kind: 'cancelled', title: 'Cancelled', message: `Cancelled while ${during}.`, fix: 'Run the command again when you are ready.' };
  }
  if (code === 'build-failed') {
    return { kind: 'build-failed', title: 'Build failed', message: text, fix: 'The build log is in the Layerwise output channel; fix the failing step and build again.' };
  }
  if (code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENOTFOUND') {
    const ctx = connection?.context ? ` The Docker context "${connection.context}" points there; \`docker context use default\` switches back.` : '';
    return { kind: 'no-daemon', title: 'No Docker daemon', message: `No Docker daemon answers at ${where} (${code}).${ctx}`, fix: START_DOCKER };
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return {
      kind: 'permission-denied',
      title: 'Permission denied',
      message: `Permission denied on ${where}.`,
      fix: 'Add your user to the `docker` group (`sudo usermod -aG docker $USER`, then log out and back in), use rootless Docker, or point `layerwise.docker.host` at a socket you may use.',
    };
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up|premature close|aborted|ended before|closed the connection/i.test(text)) {
    return {
      kind: 'daemon-died',
      title: 'Docker stopped answering',
      message: `The Docker daemon at ${where} closed the connection while ${during}.`,
      fix: 'Check that Docker is still running (`docker info`); restart it if needed, then try again.',
    };
  }
  if (code === 'ETIMEDOUT' || /timed? ?out/i.test(text)) {
    return { kind: 'timeout', title: 'Docker is not answering', message: `No answer from ${where} while ${during}.`, fix: START_DOCKER };
  }
  const detail = typeof e.json === 'object' && e.json?.message ? e.json.message : typeof e.json === 'string' && e.json ? e.json : text;
  return {
    kind: 'api-error',
    title: 'Docker reported an error',
    message: `${detail.trim()}${e.statusCode ? ` (HTTP ${e.statusCode})` : ''} while ${during}.`,
    fix: 'See the Layerwise output channel for details.',
  };
}
