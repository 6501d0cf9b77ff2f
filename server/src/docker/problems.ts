// Turns anything that went wrong talking to the daemon into one message a user can act on:
// what happened, on which connection, and the fix. Never throws.
import type { ConnectionProblem, ResolvedConnection } from './connection';
import { hostKeyRefusal } from './sshHostKey';
import type { BuildStep } from './buildProgress';
import type { DockerfileModel } from '../core/model';

export type ProblemKind =
  | 'no-daemon'
  | 'permission-denied'
  | 'wrong-context'
  | 'bad-host'
  | 'tls-files'
  | 'ssh-host-key'
  | 'daemon-died'
  | 'timeout'
  | 'cancelled'
  | 'build-failed'
  | 'api-error';

export interface DaemonProblem {
  kind: ProblemKind;
  title: string;
  message: string;
  fix: string;
}

const START_DOCKER =
  'Start Docker (Docker Desktop, `sudo systemctl start docker`, `colima start`, `podman machine start`), or point the setting `layerwise.docker.host` (or DOCKER_HOST) at a running daemon.';

export function problemFromConnection(problem: ConnectionProblem): DaemonProblem {
  const title =
    problem.kind === 'wrong-context'
      ? 'Wrong Docker context'
      : problem.kind === 'tls-files'
        ? 'TLS certificates missing'
        : 'Invalid Docker host';
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
export function describeDockerError(
  err: unknown,
  connection: ResolvedConnection | undefined,
  during = 'talking to Docker',
): DaemonProblem {
  const e = (err && typeof err === 'object' ? err : { message: String(err) }) as ErrorLike;
  const where = connection ? connection.label : 'the Docker daemon';
  const code = e.code ?? '';
  const text = e.message ?? String(err);
  if (e.name === 'AbortError' || code === 'ABORT_ERR') {
    return {
      kind: 'cancelled',
      title: 'Cancelled',
      message: `Cancelled while ${during}.`,
      fix: 'Run the command again when you are ready.',
    };
  }
  const endpoint = connection?.endpoint;
  if (endpoint?.protocol === 'ssh' && /host denied|verification failed/i.test(text)) {
    const refusal = hostKeyRefusal(endpoint.host ?? '', endpoint.port ?? 22);
    if (refusal) return { kind: 'ssh-host-key', title: 'SSH host key not trusted', ...refusal };
  }
  if (code === 'build-failed') {
    return {
      kind: 'build-failed',
      title: 'Build failed',
      message: text,
      fix: 'The build log is in the "Layerwise Build" output; fix the failing step and build again.',
    };
  }
  if (code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENOTFOUND') {
    const ctx = connection?.context
      ? ` The Docker context "${connection.context}" points there; \`docker context use default\` switches back.`
      : '';
    return {
      kind: 'no-daemon',
      title: 'No Docker daemon',
      message: `No Docker daemon answers at ${where} (${code}).${ctx}`,
      fix: START_DOCKER,
    };
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return {
      kind: 'permission-denied',
      title: 'Permission denied',
      message: `Permission denied on ${where}.`,
      fix: 'Add your user to the `docker` group (`sudo usermod -aG docker $USER`, then log out and back in), use rootless Docker, or point `layerwise.docker.host` at a socket you may use.',
    };
  }
  if (
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    /socket hang up|premature close|aborted|ended before|closed the connection/i.test(text)
  ) {
    return {
      kind: 'daemon-died',
      title: 'Docker stopped answering',
      message: `The Docker daemon at ${where} closed the connection while ${during}.`,
      fix: 'Check that Docker is still running (`docker info`); restart it if needed, then try again.',
    };
  }
  if (code === 'ETIMEDOUT' || /timed? ?out/i.test(text)) {
    return {
      kind: 'timeout',
      title: 'Docker is not answering',
      message: `No answer from ${where} while ${during}.`,
      fix: START_DOCKER,
    };
  }
  const detail =
    typeof e.json === 'object' && e.json?.message
      ? e.json.message
      : typeof e.json === 'string' && e.json
        ? e.json
        : text;
  return {
    kind: 'api-error',
    title: 'Docker reported an error',
    message: `${detail.trim()}${e.statusCode ? ` (HTTP ${e.statusCode})` : ''} while ${during}.`,
    fix: 'See the Layerwise output channel for details.',
  };
}

export interface BuildFailure {
  kind: 'pull-failed' | 'step-failed' | 'cancelled';
  /** One sentence for the panel, e.g. "cannot pull `node:current-slim`: registry unreachable". */
  message: string;
  /** pull-failed: the image as the Dockerfile names it. */
  image?: string;
  /** step-failed: the failing instruction's Dockerfile line (0-based), when found. */
  line?: number;
  /** step-failed: the step as the builder named it. */
  step?: string;
  /** The failing step's last output lines. */
  tail?: string[];
  /**
   * pull-failed: the builder's own error line behind the classified reason, e.g. `failed to do request:
   * Head "http://127.0.0.1:9/v2/…": dial tcp 127.0.0.1:9: connect: connection refused`.
   */
  cause?: string;
}

/** `docker.io/library/node:20` → `node:20`, `docker.io/me/app` → `me/app`: names as Dockerfiles write them. */
function shortImageName(name: string): string {
  return name.replace(/^docker\.io\/library\//, '').replace(/^docker\.io\//, '');
}

/** The builder's own words for a failure: its first non-empty line, at most 500 characters. */
function builderLine(text: string): string | undefined {
  const line = text
    .split('\n')
    .map((l) => l.trim())
    .find(Boolean);
  return line && (line.length > 500 ? `${line.slice(0, 499)}…` : line);
}

function pullReason(text: string): string {
  if (
    /dial tcp|no such host|i\/o timeout|connection refused|network is unreachable|TLS handshake timeout|server misbehaving/i.test(
      text,
    )
  )
    return 'registry unreachable';
  if (/pull access denied|unauthorized|authentication required|denied: /i.test(text))
    return 'access denied (a private image? `docker login` to its registry)';
  if (/manifest unknown|not found|does not exist/i.test(text)) return 'no such image or tag in the registry';
  return text.trim().split('\n').pop() ?? text;
}

/**
 * What a failed build's cause was, from the builder's steps and message: a base image that could
 * not be pulled, a step that failed (its line and output), or a cancel. `model` finds the line.
 */
export function classifyBuildFailure(err: unknown, model?: DockerfileModel): BuildFailure {
  const e = err as { name?: string; message?: string; steps?: BuildStep[] };
  if (e?.name === 'AbortError') return { kind: 'cancelled', message: 'cancelled' };
  const text = e?.message ?? String(err);
  const failed = e?.steps?.find((s) => s.status === 'error');
  const stepName = failed?.name ?? '';
  const fromImages =
    model?.stages.filter((s) => !s.scratch && s.baseStage === undefined).map((s) => s.image.resolved ?? s.image.raw) ??
    [];
  // BuildKit: the `[internal] load metadata for IMAGE` step; classic: a `FROM IMAGE` step.
  const pulled =
    /load metadata for (\S+)/.exec(stepName)?.[1] ??
    /\] FROM (\S+)/.exec(stepName)?.[1] ??
    /pull access denied for ([^,\s]+)|manifest for (\S+) not found/.exec(text)?.slice(1).find(Boolean);
  if (pulled) {
    const short = shortImageName(pulled.replace(/@sha256:[0-9a-f]+$/, ''));
    const image =
      fromImages.find(
        (i) =>
          i === short ||
          shortImageName(i) === short ||
          short.startsWith(`${shortImageName(i)}:`) ||
          `${shortImageName(i)}:latest` === short,
      ) ?? short;
    return {
      kind: 'pull-failed',
      image,
      message: `cannot pull \`${image}\`: ${pullReason(failed?.error ?? text)}`,
      tail: failed?.tail,
      cause: builderLine(failed?.error && failed.error !== 'failed' ? failed.error : text),
    };
  }
  const instructionText = /^\[[^\]]*\] (.*)$/.exec(stepName)?.[1]?.replace(/\s+/g, ' ').trim();
  const instruction = instructionText
    ? (model?.instructions.find((i) => `${i.keyword} ${i.argsText}`.replace(/\s+/g, ' ').trim() === instructionText) ??
      model?.instructions.find((i) =>
        instructionText.startsWith(`${i.keyword} ${i.argsText}`.replace(/\s+/g, ' ').trim().slice(0, 40)),
      ))
    : undefined;
  let message = (failed?.error && failed.error !== 'failed' ? failed.error : text).trim();
  if (/network bridge not found/i.test(message)) {
    // BuildKit's default network on a daemon started without one (dockerd --bridge=none)
    message = `${message} — this Docker daemon has no bridge network, the builder's default: set \`layerwise.build.network\` to \`none\` (or \`host\`).`;
  }
  if (model?.instructions.some((i) => i.heredocs.length > 0) && /unknown instruction|parse error|syntax/i.test(text)) {
    message = `${message} — heredocs (\`RUN <<EOF\`) need Dockerfile frontend 1.4+: add \`# syntax=docker/dockerfile:1\` as the first line (the frontend built into Docker 20.10 has none).`;
  }
  return {
    kind: 'step-failed',
    message,
    step: stepName || undefined,
    line: instruction?.range.start.line,
    tail: failed?.tail,
  };
}
