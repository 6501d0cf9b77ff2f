// The panel's message validation (both directions) and view model, without an editor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ON_DISK_LABEL, parseFromWebview, parseToWebview } from '../../../client/src/panel/messages';
import { sizeKindLabel } from '../../../server/src/core/format';
import { formatAge, toCompareView, toImageItem, toSelectedView } from '../../../client/src/panel/viewModel';
import type { ImageDetail } from '../../../server/src/docker/images';
import { mapHistoryToDockerfile } from '../../../server/src/docker/layerMap';
import { parseDockerfile } from '../../../server/src/core/parse';

test('webview messages: exactly the union is accepted, everything else is dropped', () => {
  assert.deepEqual(parseFromWebview({ type: 'select', imageId: 'sha256:abc' }), {
    type: 'select',
    imageId: 'sha256:abc',
  });
  assert.deepEqual(parseFromWebview({ type: 'reveal', line: 3, extra: 'ignored' }), { type: 'reveal', line: 3 });
  assert.deepEqual(parseFromWebview({ type: 'command', command: 'build' }), { type: 'command', command: 'build' });
  for (const bad of [
    null,
    'select',
    [],
    { type: 'select' },
    { type: 'select', imageId: 42 },
    { type: 'select', imageId: 'x'.repeat(1000) },
    { type: 'reveal', line: -1 },
    { type: 'reveal', line: 1.5 },
    { type: 'reveal', line: '3' },
    { type: 'command', command: 'rm -rf /' },
    { type: 'compare', beforeId: 'a' },
    { type: 'eval', code: 'x' },
  ])
    assert.equal(parseFromWebview(bad), undefined, JSON.stringify(bad));
});

test('extension messages are checked by the webview before rendering', () => {
  const state = {
    connection: { label: 'x', ok: true },
    trusted: true,
    built: [],
    images: { items: [], total: 0, offset: 0, pageSize: 50, filter: '' },
  };
  assert.ok(parseToWebview({ type: 'state', state }));
  assert.equal(parseToWebview({ type: 'state', state: { ...state, connection: null } }), undefined);
  assert.equal(parseToWebview({ type: 'html', html: '<img src=x onerror=alert(1)>' }), undefined);
});

test('ages read like docker images', () => {
  const now = Date.UTC(2026, 0, 10);
  assert.equal(formatAge(now / 1000 - 30, now), 'just now');
  assert.equal(formatAge(now / 1000 - 120, now), '2 minutes ago');
  assert.equal(formatAge(now / 1000 - 3 * 86400, now), '3 days ago');
});

test('daemon strings pass through the view model untouched (the webview renders them as text)', () => {
  const xss = '<img src=x onerror=alert(1)>';
  const item = toImageItem({
    id: 'sha256:0123456789abcdef',
    tags: [],
    created: 0,
    size: 1_500_000,
    labels: { 'dev.layerwise.dockerfile': xss },
  });
  assert.equal(item.dockerfile, xss);
  assert.equal(
    item.name,
    'earlier build 0123456789ab',
    "an untagged Layerwise build is one of its Dockerfile's history",
  );
  assert.equal(
    toImageItem({ id: 'sha256:0123456789abcdef', tags: [], created: 0, size: 1, labels: {} }).name,
    '0123456789ab',
  );
  assert.equal(item.sizeText, '1.5 MB');
});

test('selected image: newest layer first, base grouped, per-layer waste from the layer → history map', () => {
  const detail: ImageDetail = {
    id: 'sha256:1',
    tags: ['app:1'],
    created: 0,
    size: 100_000_000,
    labels: {},
    platform: 'linux/amd64',
    history: [
      { id: '<missing>', createdBy: '/bin/sh -c #(nop) ADD file:x in / ', size: 40_000_000, created: 0 },
      { id: '<missing>', createdBy: '/bin/sh -c head -c 50000000 /dev/urandom > /big', size: 50_000_000, created: 0 },
      { id: '<missing>', createdBy: '/bin/sh -c rm /big', size: 0, created: 0 },
    ],
  };
  const rows = mapHistoryToDockerfile(
    detail.history,
    parseDockerfile('FROM debian\nRUN head -c 50000000 /dev/urandom > /big\nRUN rm /big\n'),
  );
  const waste = {
    totalBytes: 50_000_000,
    files: 1,
    perLayer: [0, 50_000_000, 0],
    groups: [{ path: '/big', bytes: 50_000_000, files: 1, addedLayer: 1, removedLayer: 2, how: 'removed' as const }],
    layerToHistory: [0, 1, 2],
    layerBytes: [],
    archiveBytes: 0,
  };
  const view = toSelectedView(detail, rows, { status: 'done', waste }, { baseName: 'debian', mappedTo: 'Dockerfile' });
  assert.deepEqual(
    view.layers.map((l) => [l.line, l.fromBase, l.wastedBytes]),
    [
      [2, false, undefined],
      [1, false, 50_000_000],
      [undefined, true, undefined],
    ],
  );
  assert.deepEqual(view.base, {
    label: 'base image debian',
    sizeBytes: 40_000_000,
    sizeText: '40 MB',
    percent: 40,
    layers: 1,
  });
  assert.equal(view.waste.lines[0].text, '`/big` 50 MB added at line 2, removed at line 3 — still shipped');
  const cmp = toCompareView(
    { detail, rows },
    { detail: { ...detail, id: 'sha256:2', size: 40_000_000 }, rows: rows.slice(0, 1) },
  );
  assert.equal(cmp.deltaText, '−60 MB');
  assert.equal(cmp.deltaPercentText, '−60.0%');
  assert.equal(cmp.after.percent, 40);
});

test('a split comparison names what was built once, the runner, and the change as a line diff', async () => {
  const { toSplitView } = await import('../../../client/src/panel/viewModel');
  const detail = {
    id: 'sha256:1',
    tags: ['layerwise/app:0a1b2c3d'],
    created: 0,
    size: 1_000_000_000,
    labels: {},
    platform: 'linux/amd64',
    history: [],
  };
  const split = toSplitView({
    relPath: 'app/Dockerfile',
    originalText: 'FROM golang:1.19\nRUN go build -o /app .\nCMD ["/app"]\n',
    text: 'FROM golang:1.19 AS build\nRUN go build -o /app .\n\nFROM gcr.io/distroless/static-debian12:nonroot AS runner\nCOPY --from=build /app /app\nCMD ["/app"]\n',
    title: 'Split into build + distroless runner',
    runner: 'distroless',
    runnerImage: 'gcr.io/distroless/static-debian12:nonroot',
    notes: [],
  });
  const cmp = toCompareView(
    { detail, rows: [], name: 'app/Dockerfile' },
    {
      detail: { ...detail, id: 'sha256:2', tags: ['layerwise/app:0a1b2c3d-split'], size: 4_000_000 },
      rows: [],
      name: 'app/Dockerfile, split (distroless)',
    },
    split,
  );
  assert.equal(cmp.before.name, 'app/Dockerfile');
  assert.equal(cmp.after.name, 'app/Dockerfile, split (distroless)');
  assert.equal(cmp.after.image, 'layerwise/app:0a1b2c3d-split');
  assert.equal(cmp.split?.runner, 'distroless');
  assert.deepEqual(
    cmp.split?.diff.map((d) => `${d.kind[0]} ${d.text}`),
    [
      'r FROM golang:1.19',
      'a FROM golang:1.19 AS build',
      's RUN go build -o /app .',
      'a ',
      'a FROM gcr.io/distroless/static-debian12:nonroot AS runner',
      'a COPY --from=build /app /app',
      's CMD ["/app"]',
    ],
  );
});

test('the panel labels its sizes with the same words as every other size (core/format.ts)', () => {
  assert.equal(ON_DISK_LABEL, sizeKindLabel('onDisk'));
});
