// `layerwise fix --write` with the size and cache rules on a real folder: the safe fixes land in
// the Dockerfile, .dockerignore is created beside it, and linting afterwards no longer reports them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempWorkspace } from '../support/ruleTest';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
const cli = (args: string[], cwd: string) =>
  spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });

test('fix --write applies the safe size fixes and creates .dockerignore; lint is then quiet about them', () => {
  const dir = tempWorkspace({
    'package.json': '{"dependencies":{"express":"4"}}',
    'package-lock.json': '{}',
    'node_modules/express/index.js': '',
    'app.conf': 'x',
    Dockerfile:
      'FROM node:20-slim\nWORKDIR /app\nRUN apk add tini\nADD app.conf /etc/app.conf\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\nCOPY . .\nUSER node\nCMD ["node","server.js"]\n',
  });
  const fixed = cli(['fix', '--write', 'Dockerfile'], dir);
  assert.equal(fixed.status, 0, fixed.stderr);
  assert.equal(
    fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'),
    'FROM node:20-slim\nWORKDIR /app\nRUN apk add --no-cache tini\nCOPY app.conf /etc/app.conf\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev && npm cache clean --force\nCOPY . .\nUSER node\nCMD ["node","server.js"]\n',
  );
  assert.equal(fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8'), 'node_modules\n.git\n.env*\n');
  const lint = cli(['lint', '--format', 'json', 'Dockerfile'], dir);
  const rules = (JSON.parse(lint.stdout) as { rule: string }[]).map((f) => f.rule);
  for (const id of ['package-manager-cache', 'add-instead-of-copy', 'missing-dockerignore'])
    assert.ok(!rules.includes(id), `${id} still reported: ${rules.join(', ')}`);
  const again = cli(['fix', 'Dockerfile'], dir);
  assert.equal(again.stdout, fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), 'a second fix changes nothing');
});
