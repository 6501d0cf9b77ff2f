import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../server/src/rules/root-user';
import { runRule } from '../../support/ruleTest';

test('flags a final stage without USER and offers USER node before CMD on node images', () => {
  const text = 'FROM node:20-slim\nCOPY . .\nCMD ["node", "server.js"]\n';
  const [f] = runRule(rule, text);
  assert.ok(f, 'expected a finding');
  assert.match(f.message, /USER node/);
  const edit = f.fixes?.[0].edits[0] as { range: { start: { line: number } }; newText: string };
  assert.equal(edit.range.start.line, 2);
  assert.equal(edit.newText, 'USER node\n');
});

test('flags USER root explicitly, on the user name', () => {
  const [f] = runRule(rule, 'FROM debian:12\nUSER root\n');
  assert.deepEqual(f.range, { start: { line: 1, character: 5 }, end: { line: 1, character: 9 } });
});

test('only the final stage counts; USER in a parent stage carries over; distroless nonroot is fine', () => {
  assert.deepEqual(runRule(rule, 'FROM node:20 AS build\nRUN npm ci\nFROM node:20-slim\nUSER node\n'), []);
  assert.deepEqual(runRule(rule, 'FROM node:20-slim AS base\nUSER node\nFROM base\nCMD ["node","a.js"]\n'), []);
  assert.deepEqual(runRule(rule, 'FROM gcr.io/distroless/nodejs20-debian12:nonroot\nCMD ["a.js"]\n'), []);
});

test('suppression comments: layerwise-ignore above the instruction, ignore-file anywhere', () => {
  assert.deepEqual(runRule(rule, '# layerwise-ignore root-user\nFROM node:20-slim\n'), []);
  assert.deepEqual(runRule(rule, 'FROM node:20-slim\nRUN true\n# layerwise-ignore-file root-user\n'), []);
  assert.equal(runRule(rule, '# layerwise-ignore other-rule\nFROM node:20-slim\n').length, 1);
});
