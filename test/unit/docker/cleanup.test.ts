import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildsPastHistory, isLayerwiseImage } from '../../../server/src/docker/cleanup';
import { dockerfileTag } from '../../../server/src/docker/build';
import { createdNanoseconds } from '../../../server/src/docker/images';
import { parseFromWebview } from '../../../client/src/panel/messages';

test('one tag per Dockerfile: stable across builds, different per workspace, path and variant, a valid reference', () => {
  const tag = dockerfileTag('API Server', 'api/Dockerfile', 'ws1');
  assert.match(tag, /^layerwise\/api-server:[0-9a-f]{8}$/);
  assert.equal(dockerfileTag('API Server', 'api/Dockerfile', 'ws1'), tag);
  assert.notEqual(dockerfileTag('API Server', 'api/Dockerfile', 'ws2'), tag);
  assert.notEqual(dockerfileTag('API Server', 'api/Dockerfile.prod', 'ws1'), tag);
  assert.equal(dockerfileTag('API Server', 'api/Dockerfile', 'ws1', 'split'), `${tag}-split`);
  assert.equal(dockerfileTag('', 'Dockerfile'), dockerfileTag('', 'Dockerfile', ''));
  assert.match(dockerfileTag('...', 'Dockerfile'), /^layerwise\/image:/);
});

test("history: a Dockerfile's untagged builds past the newest N go; tagged ones and the newest stay", () => {
  const row = (id: string, created: number, tags: string[] = []) => ({ id, created, tags, size: 1, labels: {} });
  const builds = [row('a', 1), row('b', 2, ['mine:keep']), row('c', 3), row('d', 4), row('e', 5, ['layerwise/x:1'])];
  assert.deepEqual(
    buildsPastHistory(builds, 2).map((r) => r.id),
    ['c', 'a'],
  );
  assert.deepEqual(buildsPastHistory(builds, 5), []);
  assert.deepEqual(
    buildsPastHistory(builds, 0).map((r) => r.id),
    ['d', 'c', 'a'],
  );
});

test('history within one second: exact creation times decide which builds are older, the tag breaks a tie', () => {
  const row = (id: string, tags: string[] = []) => ({ id, created: 1_700_000_000, tags, size: 1, labels: {} });
  // Listed in an order the daemon may give for rows of the same second: the oldest first.
  const builds = [row('oldest'), row('older'), row('newer'), row('newest', ['layerwise/x:1'])];
  const ns = new Map([
    ['oldest', 1_700_000_000_100_000_000n],
    ['older', 1_700_000_000_200_000_000n],
    ['newer', 1_700_000_000_300_000_000n],
    ['newest', 1_700_000_000_400_000_000n],
  ]);
  assert.deepEqual(
    buildsPastHistory([...builds].reverse(), 2, ns).map((r) => r.id),
    ['older', 'oldest'],
  );
  assert.deepEqual(
    buildsPastHistory(builds, 2, ns).map((r) => r.id),
    ['older', 'oldest'],
  );
  // Without exact times, a tie keeps the tagged (newest) build.
  assert.ok(!buildsPastHistory([builds[3], builds[0]], 1).some((r) => r.id === 'newest'));
});

test("creation times from inspect: Docker's RFC 3339 with nanoseconds, trailing zeros trimmed, or an offset", () => {
  assert.equal(createdNanoseconds('2026-12-03T16:15:40.123456789Z'), 1_796_314_540_123_456_789n);
  assert.equal(createdNanoseconds('2026-12-03T16:15:40.12Z'), 1_796_314_540_120_000_000n);
  assert.equal(createdNanoseconds('2026-12-03T16:15:40Z'), 1_796_314_540_000_000_000n);
  assert.equal(createdNanoseconds('2026-12-03T17:15:40.5+01:00'), 1_796_314_540_500_000_000n);
  assert.equal(createdNanoseconds('yesterday'), undefined);
  assert.equal(createdNanoseconds('2026-13-45T99:00:00Z'), undefined);
});

test("Layerwise's images are those with its Dockerfile label, optionally of one workspace", () => {
  const labels = (l: Record<string, string>) => ({ id: 'x', tags: [], created: 0, size: 0, labels: l });
  assert.equal(isLayerwiseImage(labels({})), false);
  assert.equal(isLayerwiseImage(labels({ 'dev.layerwise.dockerfile': 'Dockerfile' })), true);
  assert.equal(isLayerwiseImage(labels({ 'dev.layerwise.dockerfile': 'Dockerfile' }), 'ws'), false);
  assert.equal(
    isLayerwiseImage(labels({ 'dev.layerwise.dockerfile': 'Dockerfile', 'dev.layerwise.workspace': 'ws' }), 'ws'),
    true,
  );
});

test('the webview may ask to apply the split, show the comparison and remove images; nothing else new', () => {
  for (const command of ['applySplit', 'showComparison', 'removeImages'])
    assert.deepEqual(parseFromWebview({ type: 'command', command }), { type: 'command', command });
  assert.equal(parseFromWebview({ type: 'command', command: 'applyEdit' }), undefined);
});
