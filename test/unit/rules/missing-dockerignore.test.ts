import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rule } from '../../../server/src/rules/missing-dockerignore';
import { runRule, covered, tempWorkspace, applyEdits } from '../../support/ruleTest';

const COPY_ALL = 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\n';

test('no .dockerignore and a wholesale COPY: flagged on the `.`, naming what would be sent', () => {
  const dir = tempWorkspace({
    'package.json': '{}',
    'node_modules/x/index.js': '',
    '.env': 'TOKEN=1',
    '.git/HEAD': 'ref',
  });
  const [f, ...rest] = runRule(rule, COPY_ALL, { dir });
  assert.equal(rest.length, 0);
  assert.equal(covered(COPY_ALL, f), '.');
  assert.match(f.message, /no \.dockerignore.*`node_modules`, `\.git`, `\.env`/);
});

test('an existing .dockerignore that misses present entries is flagged; one that covers them is not', () => {
  const dir = tempWorkspace({
    'package.json': '{}',
    'node_modules/x/index.js': '',
    '.env.local': 'A=1',
    '.dockerignore': 'node_modules\n',
  });
  const [f] = runRule(rule, COPY_ALL, { dir });
  assert.match(f.message, /does not exclude `\.env\.local`.*secrets.*`\.env\*`/);
  const ok = tempWorkspace({
    'package.json': '{}',
    'node_modules/x/index.js': '',
    '.env': '',
    '.dockerignore': '**/node_modules\n.git\n.env*\n',
  });
  assert.deepEqual(runRule(rule, COPY_ALL, { dir: ok }), []);
});

test('no wholesale copy, or no workspace: nothing to say', () => {
  assert.deepEqual(
    runRule(rule, 'FROM node:20-slim\nCOPY package.json src ./\n', { files: { 'package.json': '{}' } }),
    [],
  );
  assert.deepEqual(runRule(rule, COPY_ALL), []);
});

test('fix: create .dockerignore (safe when nothing excluded is used), then the rule is quiet', () => {
  const dir = tempWorkspace({ 'package.json': '{}', 'node_modules/x/index.js': '', '.git/HEAD': 'ref' });
  const [f] = runRule(rule, COPY_ALL, { dir });
  const fix = f.fixes![0];
  assert.equal(fix.safe, true);
  const { text, otherFiles } = applyEdits(COPY_ALL, fix.edits);
  assert.equal(text, COPY_ALL, 'the Dockerfile is not touched');
  assert.deepEqual(otherFiles, [{ createFile: path.join(dir, '.dockerignore'), text: 'node_modules\n.git\n.env*\n' }]);
  fs.writeFileSync(path.join(dir, '.dockerignore'), (otherFiles[0] as { text: string }).text);
  assert.deepEqual(runRule(rule, COPY_ALL, { dir }), []);
});

test('fix: extend an existing .dockerignore at its end; not safe when it would drop files the build uses', () => {
  const dir = tempWorkspace({ 'package.json': '{}', '.git/HEAD': 'ref', '.dockerignore': 'dist' });
  const text = 'FROM node:20-slim\nCOPY . .\nRUN git describe > VERSION\n';
  const [f] = runRule(rule, text, { dir });
  const edit = f.fixes![0].edits[0] as {
    file: string;
    range: { start: { line: number; character: number } };
    newText: string;
  };
  assert.equal(edit.file, path.join(dir, '.dockerignore'));
  assert.deepEqual(edit.range.start, { line: 0, character: 4 });
  assert.equal(edit.newText, '\n.git\n');
  assert.equal(f.fixes![0].safe, false, 'the build runs git');
  const nodeModulesOnly = tempWorkspace({ 'package.json': '{}', 'node_modules/x/index.js': '' });
  assert.equal(
    runRule(rule, 'FROM node:20-slim\nCOPY . .\nCMD ["node","a.js"]\n', { dir: nodeModulesOnly })[0].fixes![0].safe,
    false,
    'the image uses the host node_modules',
  );
});

test('with nothing risky in the folder yet, the message says what would happen, not what is there', () => {
  const [f] = runRule(rule, 'FROM golang:1.22\nCOPY . .\n', { files: { 'main.go': 'package main' } });
  assert.match(f.message, /the day it has node_modules, \.git or a \.env file/);
  assert.equal(f.fixes?.[0].safe, true);
});
