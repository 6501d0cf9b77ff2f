import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildImageHover } from '../../../server/src/sizes/hover';
import { resolveImageSize, type ResolvedImageSize } from '../../../server/src/sizes/resolve';

test('catalogue-only hover: download size with source link and date, alternatives table with saving and cost', async () => {
  const resolved = await resolveImageSize('node:22');
  const md = buildImageHover(resolved)!;
  assert.match(md, /\*\*node:22\*\* \(linux\/amd64\)/);
  assert.match(
    md,
    /Download: \*\*408 MB\*\* — \[docker-library\/repo-info@3179cb4\]\(https:\/\/github.com\/docker-library\/repo-info\/blob\/3179cb4d576b9929bf86873c87f279ac67661c6e\/repos\/node\/remote\/22.md\), 2026-09-19/,
  );
  assert.match(md, /\| `node:22-slim` \| 80 MB \| 80% \| no compilers/);
  assert.match(md, /\| `node:22-alpine` \| 61 MB \| 85% \| musl libc/);
  assert.doesNotMatch(md, /Local image/, 'the daemon was not asked, so nothing is claimed');
});

test('an inexact catalogue match is marked ≈ and names the entry used', async () => {
  const md = buildImageHover(await resolveImageSize('node:18-slim'))!;
  assert.match(md, /Download: ≈ \*\*80 MB\*\*.*figures for node:24-slim/);
});

test('local and registry figures, notes, and table cells with pipes', () => {
  const size: ResolvedImageSize = {
    ref: 'example.com/app:1',
    platform: 'linux/arm64',
    daemonChecked: true,
    download: {
      bytes: 12_345_678,
      origin: 'registry',
      source: 'registry https://example.com',
      date: '2026-11-22',
      approximate: false,
    },
    onDisk: {
      bytes: 40_000_000,
      origin: 'daemon',
      source: 'local Docker daemon',
      date: '2026-11-22',
      approximate: false,
    },
    local: {
      ref: 'example.com/app:1',
      id: 'sha256:0123456789abcdef0123',
      sizeBytes: 40_000_000,
      platform: 'linux/arm64',
      created: '',
      layers: [],
      measuredAt: '',
    },
    alternatives: [],
    unmeasured: [],
    notes: ['registry: something | odd'],
  };
  const md = buildImageHover(size)!;
  assert.match(md, /Download: \*\*12 MB\*\* — registry https:\/\/example.com, 2026-11-22/);
  assert.match(md, /On disk: \*\*40 MB\*\* — local Docker daemon/);
  assert.match(md, /Local image: yes, 40 MB on disk \(0 layers, id 0123456789ab\)/);
  assert.match(md, /_registry: something \| odd_/);
});

test('nothing known gives no hover', async () => {
  assert.equal(buildImageHover(await resolveImageSize('mycompany/base:1')), undefined);
});

test('alternatives without a download figure are listed with their on-disk size and no saving', async () => {
  const md = buildImageHover(await resolveImageSize('golang:1.25'))!;
  assert.match(
    md,
    /\| `gcr.io\/distroless\/static-debian12` \| ≈ 2.1 MB on disk \| — \| runtime stage only: needs a static binary/,
  );
});
