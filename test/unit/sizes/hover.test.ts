import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildImageHover } from '../../../server/src/sizes/hover';
import { resolveImageSize, type ResolvedImageSize } from '../../../server/src/sizes/resolve';
import { figureLabel, registryFailureSentence, sizeKindLabel } from '../../../server/src/core/format';

const ON = '2026-12-03';

test('catalogue-only hover: download (compressed) size with source link and date, alternatives each with their own source and date', async () => {
  const md = buildImageHover(await resolveImageSize('node:22'), ON)!;
  assert.match(md, /\*\*node:22\*\* \(linux\/amd64\)/);
  // An exact figure carries no ≈.
  assert.match(
    md,
    /- Download \(compressed\): \*\*408 MB\*\* — \[docker-library\/repo-info@3179cb4\]\(https:\/\/github.com\/docker-library\/repo-info\/blob\/3179cb4d576b9929bf86873c87f279ac67661c6e\/repos\/node\/remote\/22.md\), 2026-09-19/,
  );
  assert.match(md, /\| Lighter alternative \| Download \(compressed\) \| Saves \| Source, date \| Costs \|/);
  assert.match(
    md,
    /\| `node:22-slim` \| 80 MB \| 80% \| \[docker-library\/repo-info@3179cb4\]\([^)]+22-slim\.md\), 2026-09-19 \| no compilers/,
  );
  assert.match(
    md,
    /\| `node:22-alpine` \| 61 MB \| 85% \| \[docker-library\/repo-info@4211a16\]\([^)]+\), 2026-09-23 \| musl libc/,
  );
  // The saving is computed from the catalogue's download figure, and the hover says which one.
  assert.match(
    md,
    /_Savings compare catalogue download \(compressed\) sizes for linux\/amd64: each alternative's with `node:22` 408 MB \(docker-library\/repo-info@3179cb4, 2026-09-19\)\._/,
  );
  assert.doesNotMatch(md, /End of life/);
  assert.doesNotMatch(md, /Local image/, 'the daemon was not asked, so nothing is claimed');
});

test('an end-of-life line says so, and its alternatives are on a supported LTS line with the version change', async () => {
  const md = buildImageHover(await resolveImageSize('node:20-slim'), ON)!;
  assert.match(
    md,
    /- End of life: node 20 reached end of life on 2026-04-30 \(\[endoflife-date\/endoflife.date@012fdfa\]/,
  );
  assert.match(md, /\| `node:24-alpine` \(20 → 24\) \| 58 MB \| \d+% \|/);
});

test('an inexact catalogue match is marked ≈ and names the entry used', async () => {
  const md = buildImageHover(await resolveImageSize('node:18-slim'), ON)!;
  assert.match(md, /Download \(compressed\): \*\*≈ 80 MB\*\*.*figures for node:24-slim/);
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
  assert.match(md, /Download \(compressed\): \*\*12 MB\*\* — registry https:\/\/example.com, 2026-11-22/);
  assert.match(md, /On disk: \*\*40 MB\*\* — local Docker daemon/);
  assert.match(md, /Local image: yes, 40 MB on disk \(0 layers, id 0123456789ab\)/);
  assert.match(md, /_registry: something \| odd_/);
});

test('nothing known gives no hover', async () => {
  assert.equal(buildImageHover(await resolveImageSize('mycompany/base:1')), undefined);
});

test('alternatives without a download figure are listed with their on-disk size, its source, and no saving', async () => {
  const md = buildImageHover(await resolveImageSize('golang:1.26'), ON)!;
  assert.match(
    md,
    /\| `gcr.io\/distroless\/static-debian12` \| — \(≈ 2.1 MB on disk\) \| — \| \[GoogleContainerTools\/distroless@878fdaf\]\([^)]+README.md\), 2026 \| runtime stage only: needs a static binary/,
  );
});

test('a registry failure reads as a sentence saying what was shown instead', async () => {
  const md = buildImageHover(
    await resolveImageSize('node:22-slim', {
      registry: { timeoutMs: 1000, registryBaseUrl: () => 'http://127.0.0.1:1' },
    }),
    ON,
  )!;
  assert.match(md, /_registry unreachable: looked up only from the catalogue_/);
  assert.doesNotMatch(md, /127\.0\.0\.1|ECONNREFUSED/);
});

test('registry failures: unreachable and timeout say so plainly; an answer keeps its own words without the address', () => {
  assert.equal(
    registryFailureSentence('unreachable', 'https://registry-1.docker.io: ENOTFOUND', true),
    'registry unreachable: looked up only from the catalogue',
  );
  assert.equal(
    registryFailureSentence('timeout', 'http://127.0.0.1:5000 did not answer within 3000 ms', false),
    'registry did not answer within 3000 ms: no download size known',
  );
  assert.equal(
    registryFailureSentence('answered', 'not found on Docker Hub (remembered; asked again after an hour)', true),
    'not found on Docker Hub (remembered; asked again after an hour): looked up only from the catalogue',
  );
});

test('figure labels: the kind is named, ≈ only on a figure that is not exact', () => {
  assert.equal(figureLabel(408_499_334, 'compressed', false), '408 MB download');
  assert.equal(figureLabel(2_097_152, 'onDisk', true), '≈ 2.1 MB on disk');
  assert.equal(sizeKindLabel('compressed'), 'download (compressed)');
  assert.equal(sizeKindLabel('onDisk'), 'on disk');
});
