// The panel's build section on its real page (document.ts + bundled media/panel.ts, exact CSP) in
// headless Chromium, fed states made from real BuildKit builds on the private daemon: a running
// build lists its steps and elapsed time, and its Cancel button posts the message that cancels the
// real build; a failed step shows its line and output tail; a failed pull names the image and the
// cause; "Open build log" posts its command. Screenshots: artifacts/panel-build-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Dockerode from 'dockerode';
import { DOCKER_API_VERSION, ensureBaseImages, ensureDockerDaemon } from '../support/docker-env';
import { layerwiseTag, type BuildRequest } from '../../server/src/docker/build';
import { chooseBuilder, runBuild, type Builder } from '../../server/src/docker/builder';
import { resolveConnection, type ResolvedConnection } from '../../server/src/docker/connection';
import { classifyBuildFailure } from '../../server/src/docker/problems';
import type { BuildStep } from '../../server/src/docker/buildProgress';
import { parseDockerfile } from '../../server/src/core/parse';
import { ensureChromium, launchPanelBrowser, servePanelPage, type PanelPageServer } from './support/panelPage';
import { toBuildFailureView, toBuildStepViews } from '../../client/src/panel/viewModel';
import type { BuildView, PanelState } from '../../client/src/panel/messages';

const ROOT = path.join(__dirname, '..', '..');
let docker: Dockerode;
let connection: ResolvedConnection;
let builder: Builder;
let panelPage: PanelPageServer;
let origin: string;

before(async () => {
  const daemon = await ensureDockerDaemon();
  await ensureBaseImages();
  ensureChromium();
  docker = new Dockerode({ socketPath: daemon.socketPath });
  const r = resolveConnection({ env: { DOCKER_HOST: daemon.dockerHost }, home: os.tmpdir() });
  assert.ok(r.ok);
  connection = r.connection;
  builder = await chooseBuilder(docker, { ...process.env, DOCKER_API_VERSION });
  panelPage = await servePanelPage();
  origin = panelPage.origin;
});

after(() => panelPage?.close());

function request(text: string, extra: Partial<BuildRequest> = {}): BuildRequest {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-buildview-'));
  fs.writeFileSync(path.join(dir, 'Dockerfile'), text);
  return {
    contextDir: dir,
    dockerfile: 'Dockerfile',
    tag: layerwiseTag(`buildview-${process.pid}`),
    network: 'none',
    ...extra,
  };
}

function stateWith(view: BuildView): PanelState {
  return {
    connection: { label: connection.label, ok: true },
    trusted: true,
    dockerfile: { relPath: 'api/Dockerfile' },
    built: [],
    images: { items: [], total: 0, offset: 0, pageSize: 50, filter: '' },
    build: view,
  };
}

/** A failed build's panel view, as the build runner makes it. */
async function failedView(text: string): Promise<BuildView> {
  const started = Date.now();
  const err = await runBuild(builder, docker, connection, request(text)).then(
    () => assert.fail('the build should fail'),
    (e: unknown) => e,
  );
  const failure = classifyBuildFailure(err, parseDockerfile(text));
  return {
    title: 'api/Dockerfile',
    builder: builder.label,
    network: 'none',
    startedAt: started,
    seconds: (Date.now() - started) / 1000,
    running: false,
    steps: toBuildStepViews((err as { steps: BuildStep[] }).steps),
    failure: toBuildFailureView(failure),
  };
}

type Page = import('playwright-core').Page;

async function withPage(run: (page: Page, show: (state: PanelState) => Promise<void>) => Promise<void>): Promise<void> {
  const { context, page } = await launchPanelBrowser({ width: 360, height: 700 });
  try {
    await page.addInitScript(
      'window.posted = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.posted.push(m) });',
    );
    await page.goto(origin);
    await page.waitForFunction('window.posted.some((m) => m.type === "ready")', undefined, { timeout: 10_000 });
    await run(page, async (state) => {
      await page.evaluate(`window.postMessage(${JSON.stringify({ type: 'state', state })}, '*')`);
      await page.waitForSelector('[data-testid="build-section"]');
    });
  } finally {
    await context.close();
  }
}

test(
  'a running BuildKit build: its steps, the elapsed time ticking, and Cancel cancels the real build',
  { timeout: 300_000 },
  async () => {
    const abort = new AbortController();
    let running: BuildStep[] | undefined;
    let sawRunning!: () => void;
    const reached = new Promise<void>((resolve) => (sawRunning = resolve));
    const started = Date.now();
    const outcome = runBuild(
      builder,
      docker,
      connection,
      request('FROM debian:bookworm-slim\nRUN echo warming up\nRUN sleep 120\n', {
        signal: abort.signal,
        onSteps: (steps) => {
          if (!running && steps.some((s) => /RUN sleep 120/.test(s.name) && s.status === 'running')) {
            running = steps.map((s) => ({ ...s }));
            sawRunning();
          }
        },
      }),
    ).then(
      () => 'built',
      (e: unknown) => (e as Error).name,
    );
    await reached;
    await withPage(async (page, show) => {
      await show(
        stateWith({
          title: 'api/Dockerfile',
          builder: builder.label,
          network: 'none',
          startedAt: started,
          running: true,
          steps: toBuildStepViews(running!),
        }),
      );
      const steps = await page.locator('[data-testid="build-steps"] li').allTextContents();
      assert.ok(
        steps.some((s) => /RUN sleep 120/.test(s)),
        steps.join('\n'),
      );
      assert.equal(await page.locator('[data-testid="build-steps"] li[data-status="running"]').count(), 1);
      assert.match(
        (await page.locator('[data-testid="build-builder"]').textContent()) ?? '',
        /^BuildKit \(docker .*· network none$/,
      );
      const first = (await page.locator('[data-testid="build-elapsed"]').textContent()) ?? '';
      await page.waitForTimeout(2200);
      assert.notEqual(
        await page.locator('[data-testid="build-elapsed"]').textContent(),
        first,
        'the elapsed time ticks',
      );
      fs.mkdirSync(path.join(ROOT, 'artifacts'), { recursive: true });
      await page.screenshot({ path: path.join(ROOT, 'artifacts/panel-build-running.png'), fullPage: true });
      await page.locator('[data-testid="build-cancel"]').click();
      const posted = (await page.evaluate('window.posted')) as { type: string; command?: string }[];
      assert.deepEqual(posted.at(-1), { type: 'command', command: 'cancelBuild' });
      abort.abort(); // what the controller does on that message
    });
    assert.equal(await outcome, 'AbortError');
    assert.ok(Date.now() - started < 100_000, 'cancelled long before the sleep would end');
  },
);

test(
  'a failed step: the line, the cause and the output tail; a failed pull names the image; the log button posts its command',
  { timeout: 300_000 },
  async () => {
    const step = await failedView(
      'FROM debian:bookworm-slim\nRUN echo compiling\nRUN echo "error: missing header foo.h" >&2; exit 2\n',
    );
    const pull = await failedView('FROM layerwise-test/private-base:current-slim\nRUN true\n');
    await withPage(async (page, show) => {
      await show(stateWith(step));
      assert.equal(await page.locator('[data-testid="build-section"]').getAttribute('data-status'), 'failed');
      assert.match(
        (await page.locator('[data-testid="build-failure"] p').first().textContent()) ?? '',
        /^Line 3: .*exit code: 2/,
      );
      assert.match(
        (await page.locator('[data-testid="build-tail"]').textContent()) ?? '',
        /error: missing header foo\.h/,
      );
      assert.equal(await page.locator('[data-testid="build-cancel"]').count(), 0, 'no Cancel once it ended');
      await page.screenshot({ path: path.join(ROOT, 'artifacts/panel-build-step-failed.png'), fullPage: true });
      await show(stateWith(pull));
      await page.waitForFunction(
        'document.querySelector("[data-testid=build-failure]")?.dataset.kind === "pull-failed"',
      );
      assert.match(
        (await page.locator('[data-testid="build-failure"] p').first().textContent()) ?? '',
        /^cannot pull layerwise-test\/private-base:current-slim: /,
      );
      assert.equal(
        await page.locator('[data-testid="build-failure"] p code').first().textContent(),
        'layerwise-test/private-base:current-slim',
        'the image shows as code',
      );
      // the builder's own error line under the classified reason, as text
      assert.ok(pull.failure?.cause, 'the pull failure carries the builder line');
      assert.equal(
        await page.locator('[data-testid="build-cause"] code').textContent(),
        pull.failure?.cause,
        "the builder's line shows verbatim",
      );
      assert.match(
        (await page.locator('[data-testid="build-log"]').getAttribute('title')) ?? '',
        /"Layerwise Build" output/,
      );
      await page.screenshot({ path: path.join(ROOT, 'artifacts/panel-build-pull-failed.png'), fullPage: true });
      await page.locator('[data-testid="build-log"]').click();
      const posted = (await page.evaluate('window.posted')) as { type: string; command?: string }[];
      assert.deepEqual(posted.at(-1), { type: 'command', command: 'showBuildLog' });
    });
  },
);

test(
  'a RUN on the default network of a daemon without a bridge: the failure says which setting to change',
  {
    timeout: 300_000,
  },
  async () => {
    // the private daemon runs with --bridge=none, as some CI daemons do
    const text = 'FROM debian:bookworm-slim\nRUN echo needs a network namespace\n';
    const err = await runBuild(builder, docker, connection, request(text, { network: 'default' })).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.notEqual(builder.kind, 'classic-api', 'these tests build with BuildKit (Debian docker.io 20.10)');
    assert.ok(err, 'the build should fail on a daemon without a bridge');
    const failure = classifyBuildFailure(err, parseDockerfile(text));
    assert.equal(failure.kind, 'step-failed');
    assert.equal(failure.line, 1);
    assert.match(failure.message, /network bridge not found — .*`layerwise\.build\.network` to `none`/);
  },
);
