// `.layerwise.json` and editor settings through lintText, the path both the CLI and the server take.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintText } from '../../server/src/lint/lintFile';
import { tempWorkspace } from '../support/ruleTest';

const TEXT = 'FROM node:latest AS app\nUSER node\nFROM node:20 AS dev\nCMD ["npm", "start"]\n';

function lint(files: Record<string, string>, sub = '', overrides = {}) {
  const dir = tempWorkspace({ ...files, [path.join(sub, 'Dockerfile')]: TEXT });
  return lintText(TEXT, { file: path.join(dir, sub, 'Dockerfile'), rootDir: dir, overrides });
}
const severities = (r: ReturnType<typeof lint>) => Object.fromEntries(r.findings.map((f) => [f.rule, f.severity]));

test('without config: default severities, the last stage ships', () => {
  const r = lint({});
  assert.equal(r.configFile, undefined);
  assert.equal(severities(r)['unpinned-base-image'], 'warning');
  assert.equal(severities(r)['root-user'], 'info', 'the dev stage has no USER');
});

test('.layerwise.json severities: off removes a rule, others change its severity; found from a subfolder', () => {
  const r = lint(
    { '.layerwise.json': JSON.stringify({ rules: { 'unpinned-base-image': 'error', 'root-user': 'off' } }) },
    'services/api',
  );
  assert.match(r.configFile ?? '', /\.layerwise\.json$/);
  assert.equal(r.configError, undefined);
  assert.equal(severities(r)['unpinned-base-image'], 'error');
  assert.equal(severities(r)['root-user'], undefined);
});

test('.layerwise.json target picks the stage that ships', () => {
  const r = lint({ '.layerwise.json': JSON.stringify({ target: 'app' }) });
  assert.equal(severities(r)['root-user'], undefined, 'app has USER node');
  assert.equal(severities(r)['npm-as-entrypoint'], undefined, "the dev stage's CMD does not ship");
  assert.equal(severities(lint({}))['npm-as-entrypoint'], 'warning');
});

test('editor settings override the file; unknown severities in settings fall back to the default', () => {
  const file = { '.layerwise.json': JSON.stringify({ rules: { 'unpinned-base-image': 'error' } }) };
  assert.equal(severities(lint(file, '', { rules: { 'unpinned-base-image': 'info' } }))['unpinned-base-image'], 'info');
  assert.equal(
    severities(lint({}, '', { rules: { 'unpinned-base-image': 'loud' } }))['unpinned-base-image'],
    'warning',
  );
  assert.equal(severities(lint({}, '', { target: 'app' }))['root-user'], undefined);
});

test('a broken config gives one clear error and analysis still runs with defaults', () => {
  const broken = lint({ '.layerwise.json': '{ "rules": ' });
  assert.match(broken.configError ?? '', /\.layerwise\.json is not valid JSON/);
  assert.equal(broken.configError!.split('\n').length, 1);
  assert.ok(broken.findings.length > 0);
  const wrong = lint({
    '.layerwise.json': JSON.stringify({
      rules: { 'no-such-rule': 'off', 'root-user': 'loud', 'unpinned-base-image': 'error' },
      target: 3,
    }),
  });
  assert.match(
    wrong.configError ?? '',
    /unknown rule "no-such-rule"; rule "root-user": severity must be off, info, warning or error; "target" must be a stage name/,
  );
  assert.equal(severities(wrong)['unpinned-base-image'], 'error', 'the valid parts still apply');
});

test('the search stops at the repository root (.git) and at the workspace root', () => {
  const outer = tempWorkspace({ '.layerwise.json': JSON.stringify({ rules: { 'unpinned-base-image': 'off' } }) });
  const repo = path.join(outer, 'repo');
  fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
  fs.writeFileSync(path.join(repo, 'Dockerfile'), TEXT);
  const r = lintText(TEXT, { file: path.join(repo, 'Dockerfile') });
  assert.equal(r.configFile, undefined);
  assert.equal(severities(r)['unpinned-base-image'], 'warning');
});
