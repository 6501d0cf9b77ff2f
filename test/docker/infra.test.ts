// Proves the private Docker test environment that size, split-build and panel tests rely on:
// a daemon on our own socket, stand-in base images with realistic sizes, isolated containers,
// and a loopback registry that accepts pushes and serves manifests over plain HTTP.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  DOCKER_DIR,
  DOCKER_SOCKET,
  buildTestImage,
  dockerCli,
  ensureBaseImages,
  ensureDockerDaemon,
  removeTestImage,
  startRegistry,
  type LocalRegistry,
} from '../support/docker-env';

const MB = 1_000_000;
const SETUP_TIMEOUT = 30 * 60_000;

function httpGet(
  options: http.RequestOptions,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(options, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`timeout: ${options.path}`)));
  });
}

async function imageSize(ref: string): Promise<number> {
  const { stdout } = await dockerCli(['image', 'inspect', '--format', '{{.Size}}', ref]);
  return Number(stdout.trim());
}

describe('private Docker daemon', () => {
  before(
    async () => {
      await ensureDockerDaemon();
    },
    { timeout: SETUP_TIMEOUT },
  );

  it('answers /_ping on the private socket', async () => {
    const daemon = await ensureDockerDaemon();
    assert.equal(daemon.socketPath, DOCKER_SOCKET);
    const ping = await httpGet({ socketPath: daemon.socketPath, path: '/_ping' });
    assert.equal(ping.status, 200);
    assert.equal(ping.body, 'OK');
  });

  it('is our own daemon: its data-root is under the test directory, not /var/lib/docker', async () => {
    const { stdout } = await dockerCli(['info', '--format', '{{.DockerRootDir}}']);
    assert.equal(stdout.trim(), path.join(DOCKER_DIR, 'data'));
  });
});

describe('stand-in base images', () => {
  before(
    async () => {
      await ensureBaseImages();
    },
    { timeout: SETUP_TIMEOUT },
  );

  it('has every official name and alias the other tests use', async () => {
    const { stdout } = await dockerCli(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}']);
    const present = new Set(stdout.trim().split('\n'));
    const expected = [
      'debian:bookworm',
      'debian:bookworm-slim',
      'buildpack-deps:bookworm',
      'node:20',
      'node:20-bookworm',
      'node:20.20.2',
      'node:20-slim',
      'node:20-bookworm-slim',
      'gcr.io/distroless/nodejs20-debian12:latest',
      'gcr.io/distroless/nodejs20-debian12:nonroot',
      'python:3.11-slim',
      'golang:1.19',
      'gcr.io/distroless/static-debian12:latest',
    ];
    assert.deepEqual(
      expected.filter((ref) => !present.has(ref)),
      [],
    );
  });

  it('has plausible sizes (full node image big, slim and distroless small)', async () => {
    const sizes = {
      node: await imageSize('node:20'),
      slim: await imageSize('node:20-slim'),
      distroless: await imageSize('gcr.io/distroless/nodejs20-debian12'),
      staticDistroless: await imageSize('gcr.io/distroless/static-debian12'),
    };
    assert.ok(sizes.node > 800 * MB, `node:20 is ${sizes.node / MB} MB`);
    assert.ok(sizes.slim < 300 * MB, `node:20-slim is ${sizes.slim / MB} MB`);
    assert.ok(sizes.distroless < 200 * MB, `distroless is ${sizes.distroless / MB} MB`);
    assert.ok(sizes.staticDistroless < 10 * MB, `static distroless is ${sizes.staticDistroless / MB} MB`);
  });

  it('distroless runs node but has no shell', async () => {
    const { stdout } = await dockerCli([
      'run',
      '--rm',
      '--network',
      'none',
      'gcr.io/distroless/nodejs20-debian12',
      '-e',
      'console.log(process.version)',
    ]);
    assert.equal(stdout.trim(), 'v20.20.2');
    await assert.rejects(
      dockerCli([
        'run',
        '--rm',
        '--network',
        'none',
        '--entrypoint',
        '/bin/sh',
        'gcr.io/distroless/nodejs20-debian12',
        '-c',
        'true',
      ]),
      /no such file or directory|executable file not found/,
    );
  });

  it('node:20-slim ships node, npm and yarn behind the official entrypoint', async () => {
    const { stdout } = await dockerCli([
      'run',
      '--rm',
      '--network',
      'none',
      'node:20-slim',
      'sh',
      '-c',
      'node --version; npm --version; yarn --version',
    ]);
    assert.deepEqual(stdout.trim().split('\n'), ['v20.20.2', '10.8.2', '1.22.22']);
  });

  it('a build with --network host reaches the npm registry through the host CA setup', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-infra-npm-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'Dockerfile'),
        'FROM node:20-slim\nRUN npm view is-number@7.0.0 version > /version.txt\n',
      );
      await buildTestImage(dir, 'layerwise-test/infra-npm:1', { network: 'host', extraArgs: ['--no-cache'] });
      const { stdout } = await dockerCli([
        'run',
        '--rm',
        '--network',
        'none',
        'layerwise-test/infra-npm:1',
        'cat',
        '/version.txt',
      ]);
      assert.equal(stdout.trim(), '7.0.0');
    } finally {
      await removeTestImage('layerwise-test/infra-npm:1');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a Go split builds on golang:1.19 and runs on distroless/static', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-infra-go-'));
    const tag = 'layerwise-test/infra-go:1';
    try {
      fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/hello\n\ngo 1.19\n');
      fs.writeFileSync(
        path.join(dir, 'main.go'),
        'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello from go") }\n',
      );
      fs.writeFileSync(
        path.join(dir, 'Dockerfile'),
        [
          'FROM golang:1.19 AS build',
          'WORKDIR /src',
          'COPY . .',
          'RUN CGO_ENABLED=0 go build -o /out/hello .',
          'FROM gcr.io/distroless/static-debian12:nonroot',
          'COPY --from=build /out/hello /hello',
          'ENTRYPOINT ["/hello"]',
          '',
        ].join('\n'),
      );
      await buildTestImage(dir, tag);
      const { stdout } = await dockerCli(['run', '--rm', '--network', 'none', tag]);
      assert.equal(stdout.trim(), 'hello from go');
      const size = await imageSize(tag);
      assert.ok(size < 10 * MB, `Go runner image is ${size / MB} MB`);
    } finally {
      await removeTestImage(tag);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a container with --network none sees only the loopback interface', async () => {
    const { stdout } = await dockerCli([
      'run',
      '--rm',
      '--network',
      'none',
      'debian:bookworm-slim',
      'ls',
      '/sys/class/net',
    ]);
    assert.deepEqual(stdout.trim().split(/\s+/), ['lo']);
  });
});

describe('local registry on 127.0.0.1', () => {
  let registry: LocalRegistry | undefined;
  let contextDir = '';
  let pushedRef = '';

  before(
    async () => {
      await ensureDockerDaemon();
      registry = await startRegistry();
      contextDir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-infra-push-'));
    },
    { timeout: SETUP_TIMEOUT },
  );

  after(async () => {
    if (pushedRef) await removeTestImage(pushedRef);
    await registry?.stop();
    if (contextDir) fs.rmSync(contextDir, { recursive: true, force: true });
  });

  it('accepts a push from the private daemon and serves the manifest over plain HTTP', async () => {
    assert.ok(registry);
    assert.match(registry.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const ref = (pushedRef = `${registry.host}/layerwise/probe:1`);
    fs.writeFileSync(path.join(contextDir, 'probe.txt'), `probe ${Date.now()}\n`);
    fs.writeFileSync(path.join(contextDir, 'Dockerfile'), 'FROM scratch\nCOPY probe.txt /probe.txt\n');
    await buildTestImage(contextDir, ref);
    const push = await dockerCli(['push', ref]);
    const pushedDigest = /digest: (sha256:[0-9a-f]{64})/.exec(push.stdout)?.[1];
    assert.ok(pushedDigest, `no digest in push output: ${push.stdout}`);

    const [host, port] = registry.host.split(':');
    const manifest = await httpGet({
      host,
      port: Number(port),
      path: '/v2/layerwise/probe/manifests/1',
      headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' },
    });
    assert.equal(manifest.status, 200);
    assert.equal(manifest.headers['docker-content-digest'], pushedDigest);
    const body = JSON.parse(manifest.body) as { schemaVersion: number; layers: { size: number }[] };
    assert.equal(body.schemaVersion, 2);
    assert.equal(body.layers.length, 1);
    assert.ok(body.layers[0].size > 0 && body.layers[0].size < 10_000, `layer size ${body.layers[0].size}`);
  });

  it('stop() ends the registry so its port no longer answers', async () => {
    assert.ok(registry);
    const [host, port] = registry.host.split(':');
    const running = registry;
    registry = undefined;
    await running.stop();
    await assert.rejects(httpGet({ host, port: Number(port), path: '/v2/' }), /ECONNREFUSED/);
  });
});
