// Builds through BuildKit with the user's own docker CLI (builder.ts, cliBuild.ts) on the private
// daemon: which CLI on PATH can build with BuildKit, a `RUN --mount=type=cache` + `COPY --chmod`
// Dockerfile that the classic builder cannot build (built, mapped to its lines, wasted space exact),
// progress as steps, a failed step and a failed base-image pull classified, cancel, and the
// network RUN steps get (`layerwise.build.network`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import Dockerode from 'dockerode';
import { DOCKER_API_VERSION, ensureBaseImages, ensureDockerDaemon, removeImagesQuietly } from '../support/docker-env';
import {
  buildImage,
  BuildError,
  layerwiseTag,
  type BuildRequest,
  type BuildResult,
} from '../../server/src/docker/build';
import {
  chooseBuilder,
  dockerClisOnPath,
  findBuildKitCli,
  probeCli,
  runBuild,
  type Builder,
} from '../../server/src/docker/builder';
import { resolveConnection, type ResolvedConnection } from '../../server/src/docker/connection';
import { computeImageWaste, imageDetail } from '../../server/src/docker/images';
import { mapHistoryToDockerfile } from '../../server/src/docker/layerMap';
import { classifyBuildFailure } from '../../server/src/docker/problems';
import { parseDockerfile } from '../../server/src/core/parse';

let docker: Dockerode;
let connection: ResolvedConnection;
let builder: Builder;
const tags: string[] = [];

before(async () => {
  const daemon = await ensureDockerDaemon();
  await ensureBaseImages();
  docker = new Dockerode({ socketPath: daemon.socketPath });
  const r = resolveConnection({ env: { DOCKER_HOST: daemon.dockerHost }, home: os.tmpdir() });
  assert.ok(r.ok);
  connection = r.connection;
  builder = await chooseBuilder(docker, { ...process.env, DOCKER_API_VERSION });
});

after(async () => {
  await removeImagesQuietly(docker, tags);
});

function context(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-bk-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

function request(dir: string, name: string, extra: Partial<BuildRequest> = {}): BuildRequest {
  const tag = layerwiseTag(`${name}-${process.pid}`);
  tags.push(tag);
  return { contextDir: dir, dockerfile: 'Dockerfile', tag, dockerfileLabel: 'Dockerfile', network: 'none', ...extra };
}

test('the builder is BuildKit through a docker CLI on PATH; a docker 23+ without buildx is passed over with the reason', async () => {
  const clis = dockerClisOnPath();
  assert.ok(clis.length >= 1, 'a docker CLI is on PATH');
  const { found, rejected } = await findBuildKitCli();
  assert.ok(found, `no BuildKit-capable CLI among ${clis.join(', ')}: ${rejected.map((r) => r.reason).join('; ')}`);
  assert.equal(builder.cli, found.path);
  assert.match(builder.label, /^BuildKit \(docker/);
  assert.ok(builder.progress === 'rawjson' || builder.progress === 'plain');
  for (const r of rejected) assert.match(r.reason ?? '', /has no buildx plugin|predates BuildKit|did not answer/);
  // Each CLI the machine has is probed the same way; a 28.x without buildx is never chosen.
  for (const cli of clis) {
    const probe = await probeCli(cli);
    if (/version (2[3-9]|[3-9]\d)\./.test(probe.version ?? '') && !probe.buildx)
      assert.equal(probe.buildkit, false, cli);
  }
});

const CACHE_MOUNT = [
  'FROM debian:bookworm-slim',
  'RUN --mount=type=cache,target=/var/cache/lw head -c 3000000 /dev/urandom > /var/cache/lw/blob && head -c 2000000 /dev/urandom > /big',
  'RUN rm /big',
  'COPY --chmod=755 run.sh /run.sh',
  'CMD ["/run.sh"]',
  '',
].join('\n');

test(
  'RUN --mount=type=cache and COPY --chmod: the classic builder refuses, BuildKit builds, maps to lines and measures exactly',
  { timeout: 300_000 },
  async () => {
    const dir = context({ Dockerfile: CACHE_MOUNT, 'run.sh': '#!/bin/sh\necho hi\n' });
    const classic = await buildImage(docker, request(dir, 'bk-classic')).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(classic instanceof BuildError, 'the classic builder cannot build RUN --mount');
    assert.match(classic.message, /--mount option requires BuildKit|unknown flag: mount/);

    const steps: string[] = [];
    const result = await runBuild(
      builder,
      docker,
      connection,
      request(dir, 'bk-mount', { onSteps: (s) => steps.push(...s.map((x) => `${x.name}:${x.status}`)) }),
    );
    assert.match(result.imageId, /^sha256:[0-9a-f]{64}$/);
    assert.equal(result.builder, builder.label);
    const names = result.steps.map((s) => s.name);
    assert.ok(
      names.some((n) => /RUN --mount=type=cache/.test(n)),
      names.join('\n'),
    );
    assert.ok(
      result.steps
        .filter((s) => !/^\[internal\]/.test(s.name))
        .every((s) => s.status === 'done' || s.status === 'cached'),
      JSON.stringify(result.steps),
    );
    assert.ok(
      steps.some((s) => s.endsWith(':running')),
      'steps were reported while running',
    );

    const detail = await imageDetail(docker, result.imageId);
    assert.equal(detail.labels['dev.layerwise.dockerfile'], 'Dockerfile');
    const rows = mapHistoryToDockerfile(detail.history, parseDockerfile(CACHE_MOUNT)).filter((r) => !r.fromBase);
    const byLine = new Map(rows.map((r) => [r.line, r]));
    assert.equal(byLine.get(1)?.size, 2_000_000, JSON.stringify(rows));
    assert.equal(byLine.get(2)?.size, 0);
    assert.ok(byLine.has(3), 'COPY --chmod maps to its line though BuildKit records it without the flag');
    assert.ok(byLine.has(4), 'CMD (an empty layer) maps to its line');
    const waste = await computeImageWaste(docker, result.imageId);
    assert.equal(waste.totalBytes, 2_000_000, 'only /big is wasted: the cache mount ships nothing');
  },
);

test(
  'a heredoc needs a `# syntax=` frontend on docker 20.10 (not pullable here): the build fails with a clear message, not a hang',
  { timeout: 120_000 },
  async () => {
    const dir = context({ Dockerfile: 'FROM debian:bookworm-slim\nRUN <<EOF\necho hi > /x\nEOF\n' });
    const outcome = await runBuild(builder, docker, connection, request(dir, 'bk-heredoc')).then(
      (r) => r,
      (e: unknown) => e,
    );
    if (!(outcome instanceof Error)) {
      // A BuildKit whose built-in frontend has heredocs (Docker 23+): it built.
      assert.match((outcome as BuildResult).imageId, /^sha256:/);
      return;
    }
    assert.ok(outcome instanceof BuildError, String(outcome));
    const failure = classifyBuildFailure(
      outcome,
      parseDockerfile('FROM debian:bookworm-slim\nRUN <<EOF\necho hi > /x\nEOF\n'),
    );
    assert.equal(failure.kind, 'step-failed');
    assert.match(
      failure.message,
      /heredocs \(`RUN <<EOF`\) need Dockerfile frontend 1\.4\+: add `# syntax=docker\/dockerfile:1`/,
    );
  },
);

test('a failing step: the step, its Dockerfile line and its output tail', { timeout: 120_000 }, async () => {
  const text = 'FROM debian:bookworm-slim\nRUN echo preparing\nRUN echo one; echo two >&2; exit 3\n';
  const dir = context({ Dockerfile: text });
  const err = await runBuild(builder, docker, connection, request(dir, 'bk-fail')).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(err instanceof BuildError);
  const failure = classifyBuildFailure(err, parseDockerfile(text));
  assert.equal(failure.kind, 'step-failed');
  assert.equal(failure.line, 2);
  // stdout and stderr reach BuildKit's log as two streams: their order between each other is not kept
  // (seen 'two', 'one' on a loaded machine)
  assert.deepEqual(failure.tail?.slice(-2).sort(), ['one', 'two']);
  assert.match(failure.message, /exit code: 3/);
});

test('a base image that cannot be pulled: classified with the image name', { timeout: 180_000 }, async () => {
  const text = 'FROM layerwise-test/not-here:current-slim\nRUN true\n';
  const dir = context({ Dockerfile: text });
  const err = await runBuild(builder, docker, connection, request(dir, 'bk-pull')).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(err instanceof BuildError);
  const failure = classifyBuildFailure(err, parseDockerfile(text));
  assert.equal(failure.kind, 'pull-failed');
  assert.equal(failure.image, 'layerwise-test/not-here:current-slim');
  assert.match(failure.message, /^cannot pull `layerwise-test\/not-here:current-slim`: /);
  // the builder's own line behind the classified reason: the failed metadata step's error, verbatim
  const step = err.steps?.find((st) => st.status === 'error');
  assert.ok(step?.error, `no failed step in ${JSON.stringify(err.steps)}`);
  assert.equal(failure.cause, step.error.split('\n')[0].trim());
  assert.ok(!failure.message.includes(failure.cause ?? ''), 'the cause adds what the message does not say');
});

test(
  'cancel interrupts the CLI: rejected as cancelled within seconds, nothing tagged',
  { timeout: 120_000 },
  async () => {
    const dir = context({ Dockerfile: 'FROM debian:bookworm-slim\nRUN sleep 60\n' });
    const abort = new AbortController();
    const req = request(dir, 'bk-cancel', {
      signal: abort.signal,
      onSteps: (steps) => steps.some((s) => /RUN sleep 60/.test(s.name) && s.status === 'running') && abort.abort(),
    });
    const started = Date.now();
    const err = await runBuild(builder, docker, connection, req).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.equal((err as Error)?.name, 'AbortError');
    assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
    assert.equal(
      await docker
        .getImage(req.tag)
        .inspect()
        .then(
          () => true,
          () => false,
        ),
      false,
    );
  },
);

/** A one-line HTTP answer on the host's 127.0.0.1 only: what a build on the host network could read. */
async function hostOnlyService(): Promise<{ port: number; close: () => void }> {
  const server = net.createServer((socket) => socket.end('HTTP/1.0 200 OK\r\n\r\nhost-secret\n'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, close: () => server.close() };
}

const READ_HOST = (port: number) =>
  `FROM debian:bookworm-slim\nSHELL ["/bin/bash", "-c"]\nRUN (exec 3<>/dev/tcp/127.0.0.1/${port} && printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3 && cat <&3 > /reply) 2>/dev/null || echo unreachable > /reply\nCMD ["cat", "/reply"]\n`;

async function replyOf(result: BuildResult): Promise<string> {
  const container = await docker.createContainer({ Image: result.imageId, HostConfig: { NetworkMode: 'none' } });
  try {
    await container.start();
    await container.wait();
    const logs = (await container.logs({ stdout: true })) as unknown as Buffer;
    return logs.toString('utf8');
  } finally {
    await container.remove({ force: true });
  }
}

test(
  "network: the default keeps RUN off the host's 127.0.0.1; only `host` (the opt-in) reaches it",
  { timeout: 300_000 },
  async () => {
    const service = await hostOnlyService();
    try {
      const dir = context({ Dockerfile: READ_HOST(service.port) });
      // The API with no network mode is the daemon's default network (this daemon has no bridge: loopback only).
      const isolated = await buildImage(docker, request(dir, 'net-default', { network: 'default' }));
      assert.match(await replyOf(isolated), /unreachable/);
      const none = await runBuild(builder, docker, connection, request(dir, 'net-none', { network: 'none' }));
      assert.match(await replyOf(none), /unreachable/);
      const host = await runBuild(builder, docker, connection, request(dir, 'net-host', { network: 'host' }));
      assert.match(await replyOf(host), /host-secret/);
    } finally {
      service.close();
    }
  },
);
