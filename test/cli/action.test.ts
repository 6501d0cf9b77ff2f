// The GitHub Action (action.yml, action/run.cjs) run locally the way a runner starts it: `node
// action/run.cjs` in the workspace with INPUT_* (defaults from action.yml filled in, as the runner
// does), GITHUB_WORKSPACE, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY set. No GitHub involved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tempWorkspace } from '../support/ruleTest';
import { packCli } from '../support/packCli';

const ROOT = path.resolve(__dirname, '..', '..');
const ACTION_YML = fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8');

/** The `inputs:` block of action.yml: name → default (a small reader for this one file's layout). */
function actionInputs(): Map<string, string> {
  const inputs = new Map<string, string>();
  const block = /^inputs:\n((?: {2}.*\n|\n)*)/m.exec(ACTION_YML)?.[1] ?? '';
  let current: string | undefined;
  for (const line of block.split('\n')) {
    const name = /^ {2}([\w-]+):\s*$/.exec(line);
    if (name) {
      current = name[1];
      inputs.set(current, '');
    }
    const def = /^ {4}default:\s*(.*)$/.exec(line);
    if (def && current) inputs.set(current, def[1].replace(/^"(.*)"$/, '$1'));
  }
  return inputs;
}

interface ActionRun {
  code: number | null;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Runs the action's script as the runner would, from `actionRoot` (the checked-out action). */
function runAction(workspace: string, given: Record<string, string>, actionRoot = ROOT, env = {}): ActionRun {
  const runnerTemp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-runner-'));
  const outputFile = path.join(runnerTemp, 'github_output');
  const summaryFile = path.join(runnerTemp, 'step_summary');
  fs.writeFileSync(outputFile, '');
  const inputEnv: Record<string, string> = {};
  for (const [name, def] of actionInputs())
    inputEnv[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = given[name] ?? def;
  for (const name of Object.keys(given)) assert.ok(actionInputs().has(name), `action.yml declares input ${name}`);
  const main = /^\s+main:\s*(\S+)/m.exec(ACTION_YML)?.[1] as string;
  const r = spawnSync(process.execPath, [path.join(actionRoot, main)], {
    cwd: workspace,
    encoding: 'utf8',
    timeout: 180_000,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_ACTION_PATH: actionRoot,
      RUNNER_TEMP: runnerTemp,
      ...inputEnv,
      ...env,
    },
  });
  const outputs = Object.fromEntries(
    fs
      .readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  const summary = fs.existsSync(summaryFile) ? fs.readFileSync(summaryFile, 'utf8') : '';
  return { code: r.status, stdout: r.stdout + r.stderr, outputs, summary };
}

const BAD = 'FROM node:20\nRUN apt-get update && apt-get install -y curl\nCOPY . .\nRUN npm install\n';

test('action.yml: a node action whose script exists, with the inputs paths, format, config, max-warnings, baseline', () => {
  assert.match(ACTION_YML, /^runs:\n\s+using:\s*node(20|24)\n\s+main:\s*action\/run\.cjs/m);
  assert.ok(fs.existsSync(path.join(ROOT, 'action/run.cjs')));
  const inputs = actionInputs();
  for (const name of ['paths', 'format', 'config', 'max-warnings', 'baseline', 'output'])
    assert.ok(inputs.has(name), `input ${name}`);
  assert.equal(inputs.get('format'), 'sarif');
  assert.equal(inputs.get('paths'), '.');
});

test('defaults: SARIF written in the workspace, annotations, outputs; warnings alone exit 0', () => {
  const ws = tempWorkspace({ 'app/Dockerfile': BAD, 'app/package-lock.json': '{}', 'README.md': 'hi' });
  const r = runAction(ws, {});
  assert.equal(r.code, 0, r.stdout);
  const sarifPath = path.join(ws, 'layerwise.sarif');
  assert.equal(r.outputs.report, sarifPath);
  const sarif = JSON.parse(fs.readFileSync(sarifPath, 'utf8'));
  assert.equal(sarif.version, '2.1.0');
  const results = sarif.runs[0].results as { ruleId: string; partialFingerprints: object }[];
  assert.ok(results.length >= 3, `${results.length} results`);
  assert.ok(results.every((x) => Object.keys(x.partialFingerprints).length === 1));
  assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'app/Dockerfile');
  assert.equal(r.outputs.findings, String(results.length));
  assert.equal(r.outputs['exit-code'], '0');
  assert.match(r.stdout, /^::warning file=app\/Dockerfile,line=2,col=\d+,title=apt-lists-not-removed::/m);
  assert.match(r.summary, new RegExp(`${results.length} findings`));
});

test('exit codes are the CLI’s: max-warnings 0 → 1 (report still written), config raising a rule to error → 1, bad path → 2', () => {
  const ws = tempWorkspace({
    'app/Dockerfile': BAD,
    'app/package-lock.json': '{}',
    'ci/strict.json': '{"rules": {"npm-install-not-ci": "error"}}',
  });
  const strictWarnings = runAction(ws, { 'max-warnings': '0', paths: 'app', output: 'reports/lw.sarif' });
  assert.equal(strictWarnings.code, 1, strictWarnings.stdout);
  assert.equal(strictWarnings.outputs['exit-code'], '1');
  assert.ok(fs.existsSync(path.join(ws, 'reports/lw.sarif')), 'the report is written when the step fails');

  const cliSays = spawnSync(
    process.execPath,
    [path.join(ROOT, 'dist/cli.js'), 'lint', '--config', 'ci/strict.json', 'app'],
    { cwd: ws, encoding: 'utf8' },
  );
  const withConfig = runAction(ws, { config: 'ci/strict.json', paths: 'app', format: 'json', output: 'lw.json' });
  assert.equal(withConfig.code, 1, withConfig.stdout);
  assert.equal(withConfig.code, cliSays.status);
  assert.match(withConfig.stdout, /^::error file=app\/Dockerfile,line=4,col=\d+,title=npm-install-not-ci::/m);
  const rows = JSON.parse(fs.readFileSync(path.join(ws, 'lw.json'), 'utf8')) as { rule: string; severity: string }[];
  assert.ok(rows.some((x) => x.rule === 'npm-install-not-ci' && x.severity === 'error'));

  const missing = runAction(ws, { paths: 'app\nnope' });
  assert.equal(missing.code, 2, missing.stdout);
  assert.match(missing.stdout, /nope: no such file or directory/);
  assert.equal(missing.outputs['exit-code'], '2');

  const textFormat = runAction(ws, { paths: 'app', format: 'text', output: 'lw.txt' });
  assert.equal(textFormat.code, 0);
  assert.match(fs.readFileSync(path.join(ws, 'lw.txt'), 'utf8'), /problems \(0 error, \d+ warning/);
  assert.match(textFormat.stdout, /app\/Dockerfile\n(?: +\d+:\d+ .*\n)* +2:13 +warning .*apt-lists-not-removed/);
});

test('baseline input: only new findings are reported and fail', () => {
  const ws = tempWorkspace({ Dockerfile: BAD, 'package-lock.json': '{}' });
  const written = spawnSync(
    process.execPath,
    [path.join(ROOT, 'dist/cli.js'), 'lint', '--write-baseline', '.layerwise-baseline.json', '.'],
    { cwd: ws, encoding: 'utf8' },
  );
  assert.equal(written.status, 0, written.stderr);
  const clean = runAction(ws, { baseline: '.layerwise-baseline.json', 'max-warnings': '0' });
  assert.equal(clean.code, 0, clean.stdout);
  assert.equal(JSON.parse(fs.readFileSync(path.join(ws, 'layerwise.sarif'), 'utf8')).runs[0].results.length, 0);
  assert.equal(clean.outputs.findings, '0');

  fs.appendFileSync(path.join(ws, 'Dockerfile'), 'RUN apk add git\n');
  const fresh = runAction(ws, { baseline: '.layerwise-baseline.json', 'max-warnings': '0' });
  assert.equal(fresh.code, 1, fresh.stdout);
  const results = JSON.parse(fs.readFileSync(path.join(ws, 'layerwise.sarif'), 'utf8')).runs[0].results;
  assert.ok(results.length >= 1);
  assert.ok(
    results.every(
      (x: { locations: { physicalLocation: { region: { startLine: number } } }[] }) =>
        x.locations[0].physicalLocation.region.startLine === 5,
    ),
    'only the added line is reported',
  );
});

test('without dist/ beside it, the action runs the npm package of its version (here the packed tarball, offline)', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-action-'));
  // The action as a workflow checks it out from a tag: action.yml, action/, packages/cli — no build.
  const checkout = path.join(tmp, 'action-checkout');
  fs.mkdirSync(path.join(checkout, 'action'), { recursive: true });
  fs.mkdirSync(path.join(checkout, 'packages/cli'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'action.yml'), path.join(checkout, 'action.yml'));
  fs.copyFileSync(path.join(ROOT, 'action/run.cjs'), path.join(checkout, 'action/run.cjs'));
  fs.copyFileSync(path.join(ROOT, 'packages/cli/package.json'), path.join(checkout, 'packages/cli/package.json'));
  const tarball = packCli(path.join(tmp, 'pack'));
  const ws = tempWorkspace({ Dockerfile: BAD, 'package-lock.json': '{}' });
  const r = runAction(ws, { 'max-warnings': '0' }, checkout, {
    LAYERWISE_CLI_PACKAGE: tarball,
    npm_config_offline: 'true',
    npm_config_cache: path.join(tmp, 'npm-cache'),
  });
  assert.match(r.stdout, /layerwise: npm exec/);
  assert.equal(r.code, 1, r.stdout);
  const sarif = JSON.parse(fs.readFileSync(path.join(ws, 'layerwise.sarif'), 'utf8'));
  assert.ok(sarif.runs[0].results.length >= 3);
  fs.rmSync(tmp, { recursive: true, force: true });
});
