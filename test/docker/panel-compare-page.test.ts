// The panel's real page (exact CSP, bundled script) in headless Chromium, for what the comparison of
// a split and a narrow sidebar show: the split from the Go fixture as a diff (markup in it stays text),
// the runner, names once, "Apply this split" posting its command; the sidebar's one line about an open
// comparison, the picker defaulting to the previous build of the same Dockerfile, foldable lists whose
// state the page remembers. States are built by the extension's own view-model functions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureChromium, launchPanelBrowser, servePanelPage, type PanelPageServer } from './support/panelPage';
import { toCompareView, toImageItem, toSelectedView, toSplitView } from '../../client/src/panel/viewModel';
import type { PanelState } from '../../client/src/panel/messages';
import { splitDockerfile } from '../../server/src/actions/split/index';
import { fileSystemView, readWorkspaceFacts } from '../../server/src/core/workspace';

const ROOT = path.join(__dirname, '..', '..');
const GO = path.join(ROOT, 'test/fixtures/workspaces/panel-split');
const XSS = `<img src=x onerror="window.__lwXss=1">`;
type Page = import('playwright-core').Page;

let view: PanelPageServer;
let compare: PanelPageServer;

before(async () => {
  ensureChromium();
  [view, compare] = await Promise.all([servePanelPage('view'), servePanelPage('compare')]);
});
after(() => {
  view?.close();
  compare?.close();
});

const image = (id: string, created: number, size: number, tags: string[] = []) => ({
  id,
  tags,
  created,
  size,
  labels: { 'dev.layerwise.dockerfile': 'panel-split/Dockerfile' },
  platform: 'linux/amd64',
  history: [],
});

function splitState(): PanelState {
  const original = `${fs.readFileSync(path.join(GO, 'Dockerfile'), 'utf8')}LABEL note="${XSS}"\n`;
  const split = splitDockerfile(original, readWorkspaceFacts(fileSystemView(GO)));
  assert.ok(!('refused' in split), JSON.stringify(split));
  const before = image('sha256:b', 2, 1_000_000_000, ['layerwise/panel-split:641f0c36']);
  const afterImage = image('sha256:a', 3, 3_600_000, ['layerwise/panel-split:3298c5e9-split']);
  return {
    connection: { label: 'unix:///tmp/layerwise-docker/docker.sock', ok: true },
    trusted: true,
    built: [],
    images: { items: [], total: 0, offset: 0, pageSize: 50, filter: '' },
    compare: toCompareView(
      { detail: before, rows: [], name: 'panel-split/Dockerfile' },
      { detail: afterImage, rows: [], name: `panel-split/Dockerfile, split (${split.runner})` },
      toSplitView({
        relPath: 'panel-split/Dockerfile',
        originalText: original,
        text: split.text,
        title: split.title,
        runner: split.runner,
        runnerImage: split.runnerImage,
        notes: [`next.config.js ${XSS} is a link out of the build context`],
      }),
    ),
  };
}

async function withPage(
  origin: string,
  memory: object | undefined,
  run: (page: Page, show: (state: PanelState) => Promise<void>) => Promise<void>,
): Promise<void> {
  const { context, page } = await launchPanelBrowser({ width: 300, height: 700 });
  try {
    await page.addInitScript(`
      window.posted = []; window.violations = []; window.saved = ${JSON.stringify(memory ?? null)};
      window.acquireVsCodeApi = () => ({
        postMessage: (m) => window.posted.push(m),
        getState: () => window.saved ?? undefined,
        setState: (s) => { window.saved = s; },
      });
      document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective));
    `);
    await page.goto(origin);
    await page.waitForFunction('window.posted.some((m) => m.type === "ready")', undefined, { timeout: 10_000 });
    await run(page, async (state) => {
      const before = Number((await page.getAttribute('body', 'data-rendered')) ?? '0');
      await page.evaluate(`window.postMessage(${JSON.stringify({ type: 'state', state })}, '*')`);
      await page.waitForFunction(`Number(document.body.dataset.rendered ?? 0) > ${before}`);
    });
  } finally {
    await context.close();
  }
}

test('the comparison of a split: runner, names once, the diff as text, Apply posts its command', async () => {
  const state = splitState();
  await withPage(compare.origin, undefined, async (page, show) => {
    await show(state);
    const names = await page.locator('[data-testid="side-name"]').allTextContents();
    assert.deepEqual(names, ['Before: panel-split/Dockerfile', 'After: panel-split/Dockerfile, split (distroless)']);
    assert.match(
      (await page.locator('[data-testid="split-runner"]').textContent()) ?? '',
      /^Runner: distroless \(gcr\.io\/distroless\/static-debian12:nonroot\)/,
    );
    const kinds = await page
      .locator('[data-testid="split-diff"] span')
      .evaluateAll((els) => els.map((el) => `${el.getAttribute('data-kind')}|${el.textContent}`));
    assert.ok(kinds.includes('removed|− FROM golang:1.19'), kinds.join('\n'));
    assert.ok(kinds.includes('added|+ FROM golang:1.19 AS build'), kinds.join('\n'));
    assert.ok(
      kinds.some((k) => k.startsWith('same|') && k.includes(XSS)),
      'the LABEL with markup is kept, shown as text',
    );
    assert.equal(await page.locator('img').count(), 0, 'markup in the diff or a note became an element');
    assert.equal(await page.evaluate('window.__lwXss ?? null'), null);
    assert.equal(await page.locator('[data-testid="image-list"], [data-testid="selected"]').count(), 0);
    await page.locator('[data-testid="split-apply"]').click();
    assert.deepEqual((await page.evaluate('window.posted')) as unknown[], [
      { type: 'ready' },
      { type: 'command', command: 'applySplit' },
    ]);
    // once applied, the button is off and the outcome is said
    const applied = structuredClone(state);
    applied.compare!.split!.applied = { ok: true, message: 'Applied to panel-split/Dockerfile (not saved yet).' };
    await show(applied);
    assert.equal(await page.locator('[data-testid="split-apply"]').isDisabled(), true);
    assert.equal(await page.locator('[data-testid="split-applied"]').getAttribute('data-ok'), 'true');
    fs.mkdirSync(path.join(ROOT, 'artifacts'), { recursive: true });
    await page.screenshot({ path: path.join(ROOT, 'artifacts/panel-split-compare-page.png'), fullPage: true });
    assert.deepEqual(await page.evaluate('window.violations'), []);
  });
});

test('a narrow sidebar: the selected image first, the picker on the previous build, foldable lists remembered', async () => {
  const builds = [
    image('sha256:3', 300, 95_000_000, ['layerwise/panel-app:af3fbdf0']),
    image('sha256:2', 200, 96_000_000),
    image('sha256:1', 100, 97_000_000),
  ];
  const other = { ...image('sha256:9', 400, 75_000_000, ['debian:12-slim']), labels: {} };
  const items = [other, ...builds].map((r) => toImageItem(r));
  const state: PanelState = {
    connection: { label: 'unix:///tmp/layerwise-docker/docker.sock', ok: true },
    trusted: true,
    dockerfile: { relPath: 'panel-app/Dockerfile' },
    built: items.slice(1),
    images: { items, total: items.length, offset: 0, pageSize: 50, filter: '' },
    selected: toSelectedView(builds[1], [], { status: 'computing', bytesRead: 0 }),
    compare: toCompareView({ detail: builds[0], rows: [] }, { detail: builds[1], rows: [] }),
  };
  await withPage(view.origin, undefined, async (page, show) => {
    await show(state);
    const order = await page
      .locator('#app > *')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-testid') ?? el.className));
    assert.deepEqual(order, ['header', 'compare-line', 'selected', 'lists'].filter(Boolean).map(String), order.join());
    assert.equal(await page.locator('[data-testid="compare-delta"]').count(), 0, 'the sidebar repeats the comparison');
    assert.equal(
      await page.locator('[data-testid="compare-select"]').inputValue(),
      'sha256:1',
      'the picker defaults to the previous build of the same Dockerfile',
    );
    const box = await page.locator('[data-testid="selected-size"]').boundingBox();
    assert.ok(box && box.y + box.height < 700, `the selected image's size is below the fold (y ${box?.y})`);
    await page.locator('[data-testid="fold-images"] > summary').click();
    assert.equal(await page.locator('[data-testid="image-list"]').isVisible(), false);
    assert.deepEqual(await page.evaluate('window.saved'), { folded: ['images'] });
    await show(state); // a new state keeps it folded
    assert.equal(await page.locator('[data-testid="image-list"]').isVisible(), false);
    await page.locator('[data-testid="compare-show"]').click();
    assert.deepEqual(((await page.evaluate('window.posted')) as unknown[]).at(-1), {
      type: 'command',
      command: 'showComparison',
    });
  });
  // a reloaded webview starts with what was folded
  await withPage(view.origin, { folded: ['images', 'built'] }, async (page, show) => {
    await show(state);
    assert.equal(await page.locator('[data-testid="image-list"]').isVisible(), false);
    assert.equal(await page.locator('[data-testid="built-list"]').isVisible(), false);
    assert.equal(await page.locator('[data-testid="selected"]').isVisible(), true);
  });
});
