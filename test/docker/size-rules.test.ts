// The size rules' claims, measured on the private daemon: each rule's own fix, applied to the
// flagged Dockerfile, gives an image that still works and is smaller by at least the stated amount.
// Builds use --network host (apt mirror, npm registry); containers run with --network none.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSuiteHooks, buildTestImage, dockerCli } from '../support/docker-env';
import { appliedFix, runRule, tempWorkspace } from '../support/ruleTest';
import type { Rule } from '../../server/src/rules/types';
import { rule as aptLists } from '../../server/src/rules/apt-lists-not-removed';
import { rule as aptRecommends } from '../../server/src/rules/apt-recommends';
import { rule as packageManagerCache } from '../../server/src/rules/package-manager-cache';
import { rule as devDependencies } from '../../server/src/rules/dev-dependencies-in-final-stage';

const MB = 1_000_000;
const tags: string[] = [];
/** Measured sizes, printed at the end for the record. */
const measured: string[] = [];

async function buildAndMeasure(dir: string, dockerfile: string, name: string): Promise<{ tag: string; bytes: number }> {
  fs.writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
  const tag = `layerwise-size-rule-test/${name}:${process.pid}`;
  tags.push(tag);
  await buildTestImage(dir, tag, { network: 'host', timeoutMs: 10 * 60_000 });
  const { stdout } = await dockerCli(['image', 'inspect', '-f', '{{.Size}}', tag]);
  return { tag, bytes: Number(stdout.trim()) };
}

async function runOffline(tag: string, command: string[]): Promise<string> {
  const { stdout, stderr } = await dockerCli(
    ['run', '--rm', '--network', 'none', '--entrypoint', command[0], tag, ...command.slice(1)],
    { timeoutMs: 60_000 },
  );
  return stdout + stderr;
}

/** Lints, applies the rule's fix (by title), checks the rule is then quiet, builds both, returns the saving. */
async function proveSaving(
  rule: Rule,
  name: string,
  files: Record<string, string>,
  before: string,
  fixTitle: string,
  check: string[],
): Promise<number> {
  const dir = tempWorkspace(files);
  const afterText = appliedFix(rule, before, { dir, title: fixTitle }).text;
  assert.deepEqual(runRule(rule, afterText, { dir }), [], `${rule.meta.id} is quiet after its fix`);
  const original = await buildAndMeasure(dir, before, `${name}-before`);
  const fixed = await buildAndMeasure(dir, afterText, `${name}-after`);
  await runOffline(fixed.tag, check);
  const saved = original.bytes - fixed.bytes;
  measured.push(
    `${rule.meta.id}: ${(original.bytes / MB).toFixed(1)} MB → ${(fixed.bytes / MB).toFixed(1)} MB (−${(saved / MB).toFixed(1)} MB)`,
  );
  return saved;
}

describe('size rules on a real daemon: the fix makes the image smaller and it still works', () => {
  buildSuiteHooks(tags, { finish: () => console.log(measured.join('\n')) });

  it(
    'apt-lists-not-removed: removing the lists in the same RUN saves megabytes',
    { timeout: 15 * 60_000 },
    async () => {
      const saved = await proveSaving(
        aptLists,
        'apt-lists',
        {},
        'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends tini\n',
        'rm -rf',
        ['tini', '--version'],
      );
      assert.ok(saved > 5 * MB, `saved ${saved} bytes`);
    },
  );

  it(
    'apt-recommends: --no-install-recommends leaves the recommended packages out',
    { timeout: 15 * 60_000 },
    async () => {
      const saved = await proveSaving(
        aptRecommends,
        'apt-recommends',
        {},
        'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
        'no-install-recommends',
        ['curl', '--version'],
      );
      assert.ok(saved > 1 * MB, `saved ${saved} bytes`);
    },
  );

  it(
    'package-manager-cache: npm cache clean in the same RUN drops the tarball cache',
    { timeout: 15 * 60_000 },
    async () => {
      const saved = await proveSaving(
        packageManagerCache,
        'npm-cache',
        { 'package.json': '{"name":"a","dependencies":{"express":"4.21.2"}}' },
        'FROM node:20-slim\nWORKDIR /app\nCOPY package.json ./\nRUN npm install --omit=dev\n',
        'npm cache clean',
        ['node', '-e', 'require("/app/node_modules/express")'],
      );
      assert.ok(saved > 1 * MB, `saved ${saved} bytes`);
    },
  );

  it(
    'dev-dependencies-in-final-stage: --omit=dev leaves typescript out of the image',
    { timeout: 15 * 60_000 },
    async () => {
      const files = {
        'package.json': '{"name":"a","dependencies":{"express":"4.21.2"},"devDependencies":{"typescript":"5.6.3"}}',
      };
      const saved = await proveSaving(
        devDependencies,
        'dev-deps',
        files,
        'FROM node:20-slim\nWORKDIR /app\nCOPY package.json ./\nRUN npm install && npm cache clean --force\n',
        '--omit=dev',
        [
          'node',
          '-e',
          'require("/app/node_modules/express"); let gone = false; try { require("/app/node_modules/typescript") } catch { gone = true }; if (!gone) process.exit(1)',
        ],
      );
      assert.ok(saved > 15 * MB, `saved ${saved} bytes`);
    },
  );
});
