import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  catalogue,
  estimateImageSize,
  isEndOfLife,
  lifecycleOf,
  lighterAlternatives,
  normalisePlatform,
  supportedLines,
  unmeasuredAlternatives,
} from '../../../server/src/sizes/catalogue';
import { resolveFamily } from '../../../server/src/sizes/family';
import { formatBytes } from '../../../server/src/core/format';

const ISO_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

test('every figure has a source and a date', () => {
  let figures = 0;
  for (const entry of catalogue.images) {
    assert.ok(Object.keys(entry.sizes).length > 0, `${entry.ref} has no figure`);
    for (const [platform, sizes] of Object.entries(entry.sizes)) {
      assert.match(platform, /^linux\/(amd64|arm64)$/);
      for (const figure of [sizes.compressed, sizes.onDisk]) {
        if (!figure) continue;
        figures++;
        assert.ok(Number.isInteger(figure.bytes) && figure.bytes >= 0, `${entry.ref} ${platform} bytes`);
        assert.match(figure.date, ISO_DATE, `${entry.ref} ${platform} date`);
        const s = figure.source;
        assert.ok((s.repository && s.commit && s.path) || s.url, `${entry.ref} ${platform} source`);
        if (s.commit) assert.match(s.commit, /^[0-9a-f]{40}$/);
      }
    }
  }
  assert.ok(figures >= 30, `only ${figures} figures`);
});

test('every entry resolves to its own family, line and variant', () => {
  for (const entry of catalogue.images) {
    const family = resolveFamily(entry.ref);
    assert.ok(family, entry.ref);
    assert.equal(family.family, entry.family, entry.ref);
    assert.equal(family.variant, entry.variant, entry.ref);
    assert.equal(estimateImageSize(entry.ref)?.entry.ref, entry.ref);
  }
});

test('every alternative names families and variants present in the catalogue', () => {
  const present = new Set(catalogue.images.map((e) => `${e.family}/${e.variant}`));
  for (const edge of catalogue.alternatives) {
    assert.ok(present.has(`${edge.from.family}/${edge.from.variant}`), JSON.stringify(edge.from));
    assert.ok(present.has(`${edge.to.family}/${edge.to.variant}`), JSON.stringify(edge.to));
    assert.ok(edge.cost.length > 10, 'each alternative says what it costs');
  }
});

test('the catalogue covers the families the issue asks for', () => {
  const families = new Set(catalogue.images.map((e) => e.family));
  for (const f of [
    'node',
    'python',
    'golang',
    'debian',
    'ubuntu',
    'alpine',
    'eclipse-temurin',
    'ruby',
    'php',
    'nginx',
    'rust',
    'dotnet',
    'distroless',
    'scratch',
  ]) {
    assert.ok(families.has(f), f);
  }
});

test('estimate resolves a patch-level tag to its release line', () => {
  const estimate = estimateImageSize('node:24.19.0-bookworm-slim')!;
  assert.equal(estimate.entry.ref, 'node:24-slim');
  assert.equal(estimate.exact, true);
  assert.equal(estimate.compressed!.bytes, 80451137);
  assert.equal(estimate.compressed!.kind, 'compressed');
  assert.equal(estimate.platform, 'linux/amd64');
});

test('estimate for a line the catalogue lacks falls back to the newest line, flagged inexact', () => {
  const estimate = estimateImageSize('node:18-slim')!;
  assert.equal(estimate.entry.family, 'node');
  assert.equal(estimate.entry.variant, 'slim');
  assert.equal(estimate.entry.line, '24');
  assert.equal(estimate.exact, false);
});

test('the distribution named by the tag decides which figure is exact (golang 1.25: trixie by default)', () => {
  const plain = estimateImageSize('golang:1.25')!;
  assert.equal(plain.entry.ref, 'golang:1.25');
  assert.equal(plain.entry.distro, 'trixie');
  assert.equal(plain.exact, true);
  assert.equal(plain.compressed!.bytes, 305264123);
  const trixie = estimateImageSize('golang:1.25.12-trixie')!;
  assert.equal(trixie.entry.ref, 'golang:1.25');
  assert.equal(trixie.exact, true);
  const bookworm = estimateImageSize('golang:1.25-bookworm')!;
  assert.equal(bookworm.entry.ref, 'golang:1.25-bookworm');
  assert.equal(bookworm.exact, true);
  assert.equal(bookworm.compressed!.bytes, 289709620);
  // python's slim images are built on trixie now: a bookworm tag gets the trixie figure, not as exact.
  const pyBookworm = estimateImageSize('python:3.12-slim-bookworm')!;
  assert.equal(pyBookworm.entry.ref, 'python:3.12-slim');
  assert.equal(pyBookworm.exact, false);
  // temurin moved to Ubuntu 26.04: a noble tag is not measured.
  assert.equal(estimateImageSize('eclipse-temurin:21-jre-noble')!.exact, false);
  assert.equal(estimateImageSize('eclipse-temurin:21-jre')!.entry.distro, 'resolute');
});

test('named releases resolve to the line they pointed to when the figures were taken', () => {
  const lts = estimateImageSize('node:lts-slim')!;
  assert.equal(lts.alias?.ref, 'node:lts');
  assert.equal(lts.entry.ref, 'node:24-slim');
  assert.equal(lts.exact, true);
  const bare = estimateImageSize('node')!;
  assert.equal(bare.alias?.release, 'latest');
  assert.equal(bare.entry.line, '26');
  const mainline = estimateImageSize('nginx:mainline-alpine')!;
  assert.equal(mainline.entry.ref, 'nginx:mainline-alpine');
  assert.equal(estimateImageSize('nginx:1.31')!.entry.ref, 'nginx:mainline');
  assert.equal(estimateImageSize('nginx:stable')!.entry.line, '1.30');
});

test('platform selects arm64 figures, and a platform without figures gives no estimate', () => {
  const arm = estimateImageSize('node:24', 'linux/arm64/v8')!;
  assert.equal(arm.platform, 'linux/arm64');
  assert.equal(arm.compressed!.bytes, 400000940);
  assert.equal(estimateImageSize('node:24', 'linux/s390x'), undefined);
  assert.equal(normalisePlatform('aarch64'), 'linux/arm64');
  assert.equal(normalisePlatform('linux/arm64/v8'), 'linux/arm64/v8');
});

test('an end-of-life line is recognised, and its lighter alternatives come from a supported LTS line', () => {
  const on = '2026-12-03';
  const node20 = estimateImageSize('node:20-slim')!;
  assert.equal(node20.lifecycle?.eol, '2026-04-30');
  assert.ok(isEndOfLife(node20.lifecycle, on));
  assert.ok(!isEndOfLife(lifecycleOf('node', '24'), on));
  const alternatives = lighterAlternatives('node:20', undefined, on);
  const slim = alternatives.find((a) => a.entry.variant === 'slim')!;
  assert.equal(slim.entry.ref, 'node:24-slim');
  assert.deepEqual([slim.lineChange?.from, slim.lineChange?.to], ['20', '24']);
  assert.equal(slim.lineChange?.target?.eol, '2028-04-30');
  // A supported line keeps its own line and says nothing about a change.
  assert.ok(
    lighterAlternatives('node:22', undefined, on).every((a) => a.lineChange === undefined && a.entry.line === '22'),
  );
  assert.ok(isEndOfLife(lifecycleOf('golang', '1.24'), on));
  assert.ok(supportedLines('node', on).every((l) => l.line !== '20'));
});

test('unknown images have no estimate', () => {
  assert.equal(estimateImageSize('mycompany/base:1'), undefined);
  assert.equal(estimateImageSize('node:${V}'), undefined);
});

test('lighter alternatives of node:22 are slim and alpine with real savings', () => {
  const alternatives = lighterAlternatives('node:22', undefined, '2026-12-03');
  const refs = alternatives.map((a) => a.entry.ref);
  assert.deepEqual(refs.sort(), ['node:22-alpine', 'node:22-slim']);
  const slim = alternatives.find((a) => a.entry.ref === 'node:22-slim')!;
  assert.equal(slim.savedBytes, 408499334 - 79893445);
  assert.equal(slim.savedPercent, 80);
  assert.match(slim.cost, /compilers/);
  const alpine = alternatives.find((a) => a.entry.ref === 'node:22-alpine')!;
  assert.match(alpine.cost, /musl/);
});

test('Go build images point at scratch by download size, and at distroless static by its published on-disk size', () => {
  const alternatives = lighterAlternatives('golang:1.25');
  const refs = alternatives.map((a) => a.entry.ref);
  assert.ok(refs.includes('scratch'));
  assert.match(alternatives.find((a) => a.entry.ref === 'scratch')!.cost, /no package manager/);
  // distroless static's only figure is an on-disk size: listed without a saving, never compared with a download.
  assert.ok(!refs.includes('gcr.io/distroless/static-debian12'));
  const unmeasured = unmeasuredAlternatives('golang:1.25');
  const staticImage = unmeasured.find((a) => a.entry.ref === 'gcr.io/distroless/static-debian12')!;
  assert.equal(staticImage.onDisk?.kind, 'onDisk');
  assert.equal(staticImage.onDisk?.source.repository, 'GoogleContainerTools/distroless');
  // Largest saving first.
  for (let i = 1; i < alternatives.length; i++) assert.ok(alternatives[i - 1].savedBytes >= alternatives[i].savedBytes);
});

test('the lightest image has no lighter alternative', () => {
  assert.deepEqual(lighterAlternatives('scratch'), []);
  assert.deepEqual(lighterAlternatives('node:22-alpine'), []);
});

test('formatBytes prints decimal units like docker images', () => {
  assert.equal(formatBytes(1_150_000_000), '1.1 GB');
  assert.equal(formatBytes(70_683_740), '71 MB');
  assert.equal(formatBytes(2_097_152), '2.1 MB');
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(999), '999 B');
});

test('rust build images point at a slim toolchain or a runtime base; php cli at alpine', () => {
  const rust = lighterAlternatives('rust:1.98');
  assert.deepEqual(rust.map((a) => a.entry.ref).sort(), ['debian:trixie-slim', 'rust:1-slim']);
  assert.equal(rust.find((a) => a.entry.ref === 'rust:1-slim')!.savedBytes, 592953245 - 319098044);
  const php = lighterAlternatives('php:8.4');
  assert.deepEqual(
    php.map((a) => a.entry.ref),
    ['php:8.4-cli-alpine'],
  );
  assert.equal(php[0].savedPercent, 78);
});

test('docs/sizes.md lists every catalogue image', () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'sizes.md'), 'utf8');
  for (const entry of catalogue.images)
    assert.ok(doc.includes(`\`${entry.ref}\``), `${entry.ref} missing from docs/sizes.md`);
});

test('imageTraits: libc, shell and package manager come from the catalogue entries, not from tag text', async () => {
  const { imageTraits, catalogue: data } = await import('../../../server/src/sizes/catalogue');
  // Every entry carries the three fields (whoever regenerates base-images.json keeps them).
  for (const e of data.images) {
    assert.ok(['glibc', 'musl', 'none'].includes(e.libc), e.ref);
    assert.equal(typeof e.shell, 'boolean', e.ref);
    assert.ok(e.packageManager === null || typeof e.packageManager === 'string', e.ref);
    // An alpine-based entry is musl with apk; the alpine image itself was once recorded as glibc/apt.
    if (e.family === 'alpine' || e.variant.split('-').includes('alpine'))
      assert.deepEqual([e.libc, e.packageManager], ['musl', 'apk'], e.ref);
  }
  assert.deepEqual(imageTraits('alpine:3.20'), { libc: 'musl', shell: true, packageManager: 'apk' });
  assert.deepEqual(imageTraits('node:20-alpine'), { libc: 'musl', shell: true, packageManager: 'apk' });
  assert.deepEqual(imageTraits('node:20-bookworm-slim'), { libc: 'glibc', shell: true, packageManager: 'apt' });
  assert.deepEqual(imageTraits('gcr.io/distroless/static-debian12:nonroot'), {
    libc: 'none',
    shell: false,
    packageManager: null,
  });
  // Not in the catalogue as such: an official image's alpine variant is alpine's, any other Debian's.
  assert.equal(imageTraits('ruby:3.3-alpine')?.packageManager, 'apk');
  assert.equal(imageTraits('eclipse-temurin:21-jre-alpine')?.libc, 'musl');
  assert.equal(imageTraits('ruby:3.3-bookworm')?.libc, 'glibc');
  assert.equal(imageTraits('registry.example.com/team/app:1'), undefined);
});
