import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../server/src/rules/fat-base-image';
import { siblingReference } from '../../../server/src/sizes/family';
const variantReference = (ref: string, variant: string) => siblingReference(ref, variant, { policy: 'catalogue' });
import { runRule, covered, checkFix } from '../../support/ruleTest';

test('flags a full node image in the final stage, naming the slim variant and the saving', () => {
  const text = 'FROM node:22\nCOPY . .\nCMD ["node", "server.js"]\n';
  const [f, ...rest] = runRule(rule, text);
  assert.equal(rest.length, 0);
  assert.equal(covered(text, f), 'node:22');
  assert.match(f.message, /^`node:22` ≈ 408 MB download → `node:22-slim` ≈ 80 MB saves ≈ 80%\./);
  assert.match(f.message, /node:22-alpine ≈ 61 MB/);
});

test('an end-of-life line says so, and the lighter images offered are on a supported LTS line with the version change', () => {
  const text = 'FROM node:20\nCMD ["node", "server.js"]\n';
  const [f] = runRule(rule, text);
  assert.match(f.message, /^node 20 reached end of life on 2026-04-30; lighter images on 24 \(20 → 24\): /);
  assert.match(f.message, /→ `node:24-slim` ≈ 80 MB/);
  assert.deepEqual(
    f.fixes?.map((x) => x.title),
    [
      'Switch to `node:24-slim` (≈ 80 MB download, saves ≈ 82%, 20 → 24)',
      'Switch to `node:24-alpine` (≈ 58 MB download, saves ≈ 87%, 20 → 24)',
    ],
  );
  checkFix(rule, 'FROM node:20.11.1-bookworm\n', 'FROM node:24-alpine\n', { title: 'alpine' });
});

test('python, golang (distroless/scratch mentioned), JDK → JRE, buildpack-deps and openjdk are flagged', () => {
  assert.match(runRule(rule, 'FROM python:3.12\nCMD ["python","app.py"]\n')[0].message, /python:3\.12-slim/);
  const go = runRule(rule, 'FROM golang:1.22\nRUN go build -o /app .\nCMD ["/app"]\n')[0].message;
  assert.match(go, /golang:1\.22-alpine.*scratch/);
  assert.match(go, /figures for golang:1\.26/);
  assert.match(
    runRule(rule, 'FROM eclipse-temurin:21-jdk\nCMD ["java","-jar","a.jar"]\n')[0].message,
    /eclipse-temurin:21-jre/,
  );
  assert.match(runRule(rule, 'FROM buildpack-deps:bookworm\n')[0].message, /buildpack-deps/);
  assert.match(runRule(rule, 'FROM openjdk:17\n')[0].message, /eclipse-temurin:<version>-jre/);
});

test('builder stages, slim/alpine/distroless runners and unknown images are not flagged', () => {
  assert.deepEqual(
    runRule(rule, 'FROM node:20 AS build\nRUN npm ci\nFROM node:20-slim\nCOPY --from=build /app /app\n'),
    [],
  );
  assert.deepEqual(runRule(rule, 'FROM node:20 AS build\nFROM gcr.io/distroless/nodejs20-debian12\n'), []);
  assert.deepEqual(runRule(rule, 'FROM python:3.12-alpine\n'), []);
  assert.deepEqual(runRule(rule, 'FROM ubuntu:24.04\n'), []);
  assert.deepEqual(runRule(rule, 'FROM example.com/team/app:1\n'), []);
  assert.deepEqual(runRule(rule, 'FROM openjdk:17-jre-slim\n'), []);
});

test('follows the FROM-stage chain to the image that ships', () => {
  const text = 'FROM node:20 AS base\nWORKDIR /app\nFROM base\nCMD ["node","a.js"]\n';
  const [f] = runRule(rule, text);
  assert.equal(covered(text, f), 'node:20');
});

test('fix: switch to slim (preferred) or alpine, not marked safe; ARG tags keep the variable', () => {
  checkFix(rule, 'FROM node:22\nCMD ["node","a.js"]\n', 'FROM node:22-slim\nCMD ["node","a.js"]\n', {
    title: 'node:22-slim',
  });
  checkFix(rule, 'FROM node:22.11.1-bookworm\n', 'FROM node:22.11.1-alpine\n', { title: 'alpine' });
  checkFix(
    rule,
    'ARG NODE_VERSION=22\nFROM node:${NODE_VERSION}\n',
    'ARG NODE_VERSION=22\nFROM node:${NODE_VERSION}-slim\n',
  );
  const [f] = runRule(rule, 'FROM node:22\n');
  assert.deepEqual(
    f.fixes?.map((x) => [x.title, x.safe, x.isPreferred]),
    [
      ['Switch to `node:22-slim` (≈ 80 MB download, saves ≈ 80%)', false, true],
      ['Switch to `node:22-alpine` (≈ 61 MB download, saves ≈ 85%)', false, false],
    ],
  );
});

test('variantReference rewrites tags the way the official images name their variants', () => {
  assert.equal(variantReference('python:3.12-bookworm', 'slim'), 'python:3.12-slim');
  assert.equal(variantReference('eclipse-temurin:21-jdk-jammy', 'jre'), 'eclipse-temurin:21-jre-jammy');
  assert.equal(variantReference('eclipse-temurin:21', 'jre'), 'eclipse-temurin:21-jre');
  assert.equal(variantReference('debian:bookworm', 'slim'), 'debian:bookworm-slim');
  assert.equal(variantReference('node', 'slim'), 'node:slim');
  assert.equal(variantReference('node@sha256:abc', 'slim'), undefined);
});

test('seed: ruby:3 runs on ruby:3-slim', () => {
  const text = 'FROM ruby:3\nCMD ["ruby","app.rb"]\n';
  const [f] = runRule(rule, text);
  assert.equal(covered(text, f), 'ruby:3');
  assert.match(f.message, /`ruby:3-slim`.*saves ≈ \d+%/);
  checkFix(rule, text, 'FROM ruby:3-slim\nCMD ["ruby","app.rb"]\n');
});
