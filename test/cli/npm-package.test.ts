// The npm package of the CLI (packages/cli) as someone who never cloned the repository gets it:
// `npm pack`, install the tarball into an empty folder (offline: the bundle has no dependencies),
// then `layerwise lint --format sarif` over ../shared/corpus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packCli } from '../support/packCli';

const ROOT = path.resolve(__dirname, '..', '..');
const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus');
const ROOT_VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string;

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; rules: { id: string }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      partialFingerprints: Record<string, string>;
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
    }[];
  }[];
}

test('npm pack → install the tarball into an empty folder → layerwise lint --format sarif on the corpus', () => {
  assert.ok(fs.existsSync(CORPUS), `the corpus is missing: expected ${CORPUS} beside the repository`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-npm-'));
  const t0 = Date.now();
  const tarball = packCli(path.join(tmp, 'pack'));
  assert.ok(fs.existsSync(tarball), `pack-cli printed ${tarball}`);

  // Only the bundle, the example and the package's own files: no source, no maps, no node_modules.
  const listed = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
  assert.deepEqual(listed, [
    'package/LICENSE',
    'package/README.md',
    'package/dist/cli.js',
    'package/dist/dockerode.js',
    'package/examples/naive-node/Dockerfile',
    'package/package.json',
  ]);
  const manifest = JSON.parse(execFileSync('tar', ['xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
  assert.equal(manifest.name, 'layerwise');
  assert.equal(manifest.version, ROOT_VERSION, 'the package has the project version');
  assert.notEqual(manifest.private, true, 'publishable');
  assert.equal(manifest.license, 'MIT');
  assert.deepEqual(manifest.bin, { layerwise: 'dist/cli.js' });
  assert.match(manifest.engines?.node ?? '', /^>=\s*20/);
  assert.equal(manifest.dependencies, undefined, 'the bundle needs no dependencies');
  const bundleSize = Number(
    /\s(\d+)\s/.exec(execFileSync('tar', ['tzvf', tarball, 'package/dist/cli.js'], { encoding: 'utf8' }))?.[1],
  );
  assert.ok(bundleSize > 50_000 && bundleSize < 2_000_000, `dist/cli.js is ${bundleSize} bytes`);

  // An empty folder, an empty npm cache and --offline: nothing comes from a registry.
  const app = path.join(tmp, 'app');
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), '{"name": "someone-elses-project", "private": true}\n');
  const install = spawnSync(
    'npm',
    ['install', '--offline', '--no-audit', '--no-fund', '--cache', path.join(tmp, 'npm-cache'), tarball],
    { cwd: app, encoding: 'utf8', timeout: 120_000 },
  );
  assert.equal(install.status, 0, install.stderr);
  const bin = path.join(app, 'node_modules', '.bin', 'layerwise');
  assert.ok(fs.existsSync(bin), 'npm linked the layerwise bin');
  console.log(`pack + offline install: ${((Date.now() - t0) / 1000).toFixed(1)}s`);

  const npx = (args: string[]) =>
    spawnSync('npx', ['--no-install', 'layerwise', ...args], {
      cwd: app,
      encoding: 'utf8',
      timeout: 300_000,
      maxBuffer: 64 << 20,
    });
  const version = npx(['--version']);
  assert.equal(version.stdout.trim(), ROOT_VERSION, version.stderr);

  // No path: the example shipped in the package.
  const example = npx(['lint']);
  assert.ok(example.status === 0 || example.status === 1, example.stderr);
  assert.match(example.stdout, /examples\/naive-node\/Dockerfile/);
  assert.match(example.stdout, /fat-base-image/);

  const corpusArg = path.relative(app, CORPUS);
  const r = npx(['lint', '--format', 'sarif', corpusArg]);
  assert.ok(r.status === 0 || r.status === 1 || r.status === 2, `exit ${r.status}: ${r.stderr.slice(-2000)}`);
  assert.doesNotMatch(r.stderr, /internal error|TypeError|Cannot find module/, r.stderr);
  const sarif = JSON.parse(r.stdout) as SarifLog;
  assert.equal(sarif.version, '2.1.0');
  const run = sarif.runs[0];
  assert.equal(run.tool.driver.name, 'layerwise');
  assert.equal(run.tool.driver.version, ROOT_VERSION);
  const ruleIds = run.tool.driver.rules.map((x) => x.id);
  assert.ok(ruleIds.length >= 20, `${ruleIds.length} rules`);
  assert.ok(run.results.length >= 100, `only ${run.results.length} results over the corpus`);
  for (const res of run.results) {
    assert.equal(ruleIds[res.ruleIndex], res.ruleId);
    assert.match(Object.values(res.partialFingerprints)[0], /^[0-9a-f]+:\d+$/);
    const loc = res.locations[0].physicalLocation;
    assert.ok(loc.region.startLine >= 1);
    assert.ok(fs.existsSync(path.resolve(app, loc.artifactLocation.uri)), `${loc.artifactLocation.uri} exists`);
  }
  const files = new Set(run.results.map((x) => x.locations[0].physicalLocation.artifactLocation.uri));
  assert.ok(files.size >= 40, `findings in only ${files.size} corpus files`);

  // The installed package answers exactly as the repository's own build does.
  const repo = spawnSync(
    process.execPath,
    [path.join(ROOT, 'dist', 'cli.js'), 'lint', '--format', 'sarif', corpusArg],
    {
      cwd: app,
      encoding: 'utf8',
      timeout: 300_000,
      maxBuffer: 64 << 20,
    },
  );
  assert.equal(r.status, repo.status);
  assert.deepEqual(sarif.runs[0].results, (JSON.parse(repo.stdout) as SarifLog).runs[0].results);
  fs.rmSync(tmp, { recursive: true, force: true });
});
