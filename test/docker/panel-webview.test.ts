// The panel's real page (document.ts + the bundled media/panel.ts, exact CSP) in headless
// Chromium, fed a state computed from the private daemon: an image whose label and history carry
// HTML. Proves daemon strings render as text, inline handlers are blocked by the CSP, the data-
// testids exist, clicking a layer posts a typed reveal message. (The same page inside a real
// VS Code is covered by the end-to-end suite; see client/src/panel/TESTING.md.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Dockerode from 'dockerode';
import { ensureBaseImages, ensureDockerDaemon } from '../support/docker-env';
import { buildImage, layerwiseTag } from '../../server/src/docker/build';
import { computeImageWaste, imageDetail, listImages } from '../../server/src/docker/images';
import { baseImageName, mapHistoryToDockerfile } from '../../server/src/docker/layerMap';
import { parseDockerfile } from '../../server/src/core/parse';
import { ensureChromium, launchPanelBrowser, servePanelPage, type PanelPageServer } from './support/panelPage';
import { toImageItem, toSelectedView } from '../../client/src/panel/viewModel';
import type { PanelState } from '../../client/src/panel/messages';

const ROOT = path.join(__dirname, '..', '..');
const XSS = '<img src=x onerror=alert(1)>';
const DOCKERFILE = `FROM debian:bookworm-slim
LABEL note="${XSS}"
RUN head -c 50000000 /dev/urandom > /big
RUN rm /big && echo '<script>alert(2)</script>' > /x.html
CMD ["cat", "/x.html"]
`;

let docker: Dockerode;
let tag: string;
let panelPage: PanelPageServer;
let origin: string;
let state: PanelState;

before(async () => {
  const daemon = await ensureDockerDaemon();
  await ensureBaseImages();
  ensureChromium();
  docker = new Dockerode({ socketPath: daemon.socketPath });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-webview-'));
  fs.writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
  tag = layerwiseTag(`panel-webview-${process.pid}`);
  const built = await buildImage(docker, {
    contextDir: dir,
    dockerfile: 'Dockerfile',
    tag,
    dockerfileLabel: `${XSS}/Dockerfile`,
    network: 'none',
  });

  const model = parseDockerfile(DOCKERFILE);
  const detail = await imageDetail(docker, built.imageId);
  const rows = mapHistoryToDockerfile(detail.history, model);
  const waste = await computeImageWaste(docker, built.imageId);
  const images = (await listImages(docker)).map((r) => toImageItem(r));
  state = {
    connection: { label: `unix://${daemon.socketPath} (DOCKER_HOST)`, ok: true },
    trusted: true,
    dockerfile: { relPath: `${XSS}/Dockerfile` },
    built: images.filter((i) => i.id === built.imageId),
    images: { items: images.slice(0, 50), total: images.length, offset: 0, pageSize: 50, filter: '' },
    selected: toSelectedView(
      detail,
      rows,
      { status: 'done', waste },
      { baseName: baseImageName(model), mappedTo: `${XSS}/Dockerfile` },
    ),
  };

  panelPage = await servePanelPage();
  origin = panelPage.origin;
});

after(async () => {
  panelPage?.close();
  if (tag)
    await docker
      .getImage(tag)
      .remove({ force: true })
      .catch(() => undefined);
});

test('the panel renders daemon data as text under a strict CSP; clicks post typed messages', async () => {
  const { context, page } = await launchPanelBrowser({ width: 520, height: 1100 });
  try {
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    // A string, not a function: tsx would wrap named functions in a helper the page does not have.
    await page.addInitScript(`
      window.posted = [];
      window.violations = [];
      window.acquireVsCodeApi = () => ({ postMessage: (m) => window.posted.push(m) });
      document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));
    `);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
    await page.goto(origin);
    await page
      .waitForFunction('window.posted.some((m) => m.type === "ready")', undefined, { timeout: 10_000 })
      .catch((err: Error) => {
        throw new Error(`the page script did not start: ${pageErrors.join('; ') || err.message}`);
      });
    await page.evaluate(`window.postMessage(${JSON.stringify({ type: 'state', state })}, '*')`);
    await page.waitForSelector('[data-testid="selected"]');

    // Daemon strings stay text: no element was created from them, the characters are visible.
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.locator('script:not([nonce])').count(), 0);
    assert.match(
      (await page.locator('[data-testid="selected-dockerfile"]').textContent()) ?? '',
      /<img src=x onerror=alert\(1\)>\/Dockerfile/,
    );
    const layerTexts = await page.locator('[data-testid="layer-row"]').allTextContents();
    assert.ok(
      layerTexts.some((t) => t.includes("echo '<script>alert(2)</script>' > /x.html")),
      layerTexts.join('\n'),
    );
    assert.ok(
      layerTexts.some((t) => t.includes(`LABEL note="${XSS}"`) || t.includes(`LABEL note=${XSS}`)),
      layerTexts.join('\n'),
    );
    // Figures from the daemon: the 50 MB layer at line 3 and its exact waste.
    assert.equal(await page.locator('[data-testid="waste-total"]').getAttribute('data-bytes'), '50000000');
    assert.match(
      (await page.locator('[data-testid="waste-line"]').first().textContent()) ?? '',
      /^\/big 50 MB added at line 3, removed at line 4 — still shipped$/,
    );
    assert.equal(await page.locator('[data-testid="waste-line"] code').first().textContent(), '/big');
    const bigRow = page.locator('[data-testid="layer-row"][data-line="2"]');
    const width = await bigRow.locator('[data-testid="bar"]').evaluate((el) => el.getBoundingClientRect().width);
    assert.ok(width > 5, `the 50 MB layer has a visible bar (${width}px)`);
    await page.locator('[data-testid="base-group"]').click();
    assert.ok((await page.locator('[data-testid="layer-row"]').count()) > layerTexts.length, 'the base group expands');

    await bigRow.click();
    await page.locator('[data-testid="image-row"]').first().click();
    const posted = (await page.evaluate('window.posted')) as unknown[];
    assert.deepEqual(posted.slice(1, 2), [{ type: 'reveal', line: 2 }]);
    assert.equal((posted[2] as { type: string }).type, 'select');

    // The CSP itself blocks an inline handler, should anything ever slip into the DOM as HTML.
    await page.evaluate(
      `document.body.insertAdjacentHTML('beforeend', '<img src="data:," onerror="window.pwned = 1">')`,
    );
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate('window.pwned'), undefined);
    const violations = (await page.evaluate('window.violations')) as string[];
    assert.ok(violations.length > 0, 'the CSP reported the blocked inline handler / image');
    assert.deepEqual(dialogs, []);
    assert.deepEqual(
      pageErrors.filter((e) => !/Content Security Policy|Refused/.test(e)),
      [],
    );

    fs.mkdirSync(path.join(ROOT, 'artifacts'), { recursive: true });
    await page.evaluate(`document.querySelectorAll('img').forEach((i) => i.remove())`);
    await page.screenshot({ path: path.join(ROOT, 'artifacts/panel-webview.png'), fullPage: true });
  } finally {
    await context.close();
  }
});
