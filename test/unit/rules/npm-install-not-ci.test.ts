import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../server/src/rules/npm-install-not-ci';
import { runRule, covered, checkFix } from '../../support/ruleTest';

const LOCK = { 'package.json': '{}', 'package-lock.json': '{}' };

test('flags npm install / npm i when the context has a package-lock.json, in any stage, on the install word', () => {
  const text = 'FROM node:20 AS build\nRUN npm install\nFROM node:20-slim\nRUN npm i --omit=dev\n';
  const findings = runRule(rule, text, { files: LOCK });
  assert.deepEqual(
    findings.map((f) => covered(text, f)),
    ['install', 'i'],
  );
  assert.match(findings[0].message, /rewrite package-lock\.json.*npm ci/);
});

test('a lockfile copied in by name counts even without a workspace', () => {
  const text = 'FROM node:20-slim\nCOPY package.json package-lock.json ./\nRUN npm install\n';
  assert.equal(runRule(rule, text).length, 1);
});

test('no lockfile, npm ci, adding packages or global installs: not flagged', () => {
  assert.deepEqual(
    runRule(rule, 'FROM node:20-slim\nCOPY package.json ./\nRUN npm install\n', { files: { 'package.json': '{}' } }),
    [],
  );
  assert.deepEqual(
    runRule(rule, 'FROM node:20-slim\nRUN npm ci && npm install -g pm2 && npm install left-pad\n', { files: LOCK }),
    [],
  );
  assert.deepEqual(
    runRule(rule, 'FROM node:20-slim\nRUN yarn install\n', { files: { 'package.json': '{}', 'yarn.lock': '' } }),
    [],
  );
});

test('fix: npm install → npm ci (not marked safe: ci fails on a stale lockfile)', () => {
  checkFix(rule, 'FROM node:20-slim\nRUN npm install --omit=dev\n', 'FROM node:20-slim\nRUN npm ci --omit=dev\n', {
    files: LOCK,
  });
  assert.equal(runRule(rule, 'FROM node:20-slim\nRUN npm install\n', { files: LOCK })[0].fixes?.[0].safe, false);
});
