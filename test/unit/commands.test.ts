// The one shell-command classifier (core/commands.ts): what the rules and the split both ask.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfile } from '../../server/src/core/parse';
import type { ShellCommand } from '../../server/src/core/model';
import {
  OPTIONS_WITH_VALUE,
  cleansCaches,
  isBuildToolPackage,
  nodeGlobalInstall,
  nodeInstall,
  nodeToolchainStep,
  osPackageInstall,
  osPackageRefresh,
  positionalArguments,
} from '../../server/src/core/commands';
import { classifyRuns } from '../../server/src/actions/split/roles';
import { readSingleStage, type SourceFacts } from '../../server/src/actions/split/read';

/** The first simple command of `RUN <shell>`. */
function command(shell: string): ShellCommand {
  const model = parseDockerfile(`FROM debian\nRUN ${shell}\n`);
  return model.stages[0].instructions[0].commands[0];
}

test('options that take a value: the value is not a verb, package or subcommand', () => {
  assert.deepEqual(
    positionalArguments(command('apt-get -o Acquire::Retries=3 install -t bookworm-backports curl')).map((w) => w.text),
    ['install', 'curl'],
  );
  assert.deepEqual(
    osPackageInstall(command('apt-get install -y -t bookworm-backports curl'))?.packages.map((w) => w.text),
    ['curl'],
  );
  assert.deepEqual(
    osPackageInstall(command('apk add -t .build-deps gcc musl-dev'))?.packages.map((w) => w.text),
    ['gcc', 'musl-dev'],
  );
  assert.deepEqual(
    osPackageInstall(command('apk add --virtual .build-deps gcc'))?.packages.map((w) => w.text),
    ['gcc'],
  );
  // One table for the OS and the Node package managers, each option once.
  assert.ok(OPTIONS_WITH_VALUE.has('-t') && OPTIONS_WITH_VALUE.has('--network-timeout'));
});

test('nodeInstall: the project install, also with options that take a value', () => {
  for (const shell of [
    'npm ci',
    'npm install',
    'npm i --prefix /app',
    'yarn',
    'yarn install --network-timeout 100000',
    'pnpm install --filter web',
  ]) {
    assert.equal(nodeInstall(command(shell))?.project, true, shell);
  }
  for (const shell of [
    'npm install express',
    'npm install -g typescript',
    'yarn add lodash',
    'pnpm add -D vitest',
    'yarn global add serve',
  ]) {
    assert.notEqual(nodeInstall(command(shell))?.project, true, shell);
  }
});

test('global installs, toolchain steps and cache cleanups', () => {
  for (const shell of ['npm install -g typescript', 'pnpm add --global x', 'yarn global add serve'])
    assert.equal(nodeGlobalInstall(command(shell)), true, shell);
  assert.equal(nodeGlobalInstall(command('npm install')), false);
  for (const shell of ['npm run build', 'yarn build', 'pnpm run lint', 'npx prisma generate', 'tsc', 'next build'])
    assert.equal(nodeToolchainStep(command(shell)), true, shell);
  for (const shell of ['npm run start', 'npm start', 'yarn run start', 'node server.js'])
    assert.equal(nodeToolchainStep(command(shell)), false, shell);
  for (const shell of [
    'npm cache clean --force',
    'apt-get clean',
    'rm -rf /var/lib/apt/lists/*',
    'rm -rf /root/.npm /tmp/x',
  ])
    assert.equal(cleansCaches(command(shell)), true, shell);
  for (const shell of ['rm -rf /app/src', 'rm -rf /var/lib/apt/lists/* /app'])
    assert.equal(cleansCaches(command(shell)), false, shell);
  assert.equal(osPackageRefresh(command('apt-get update')), 'apt');
  assert.equal(osPackageRefresh(command('apk upgrade')), 'apk');
  assert.equal(osPackageRefresh(command('apt-get install curl')), undefined);
});

test('build tools: python3 counts only where the base image brings the runtime the app runs on', () => {
  // A Debian image running a Python app: python3 is the runtime, not a build tool.
  assert.equal(isBuildToolPackage('apt', 'python3'), false);
  // A node or python image: Debian's python3 is only there for node-gyp or C extensions.
  assert.equal(isBuildToolPackage('apt', 'python3', { runtimeInBase: true }), true);
  assert.equal(isBuildToolPackage('apk', 'python3', { runtimeInBase: true }), true);
  assert.equal(isBuildToolPackage('apt', 'python3-dev'), true);
  for (const name of ['build-essential', 'gcc', 'g++', 'make', 'git', 'gcc-12', 'libpq-dev', 'clang'])
    assert.equal(isBuildToolPackage('apt', name), true, name);
  for (const name of ['build-base', 'musl-dev', 'linux-headers', 'alpine-sdk', 'libffi-dev'])
    assert.equal(isBuildToolPackage('apk', name), true, name);
  assert.equal(isBuildToolPackage('dnf', 'openssl-devel'), true);
  for (const name of ['curl', 'ca-certificates', 'tini', 'libpq5'])
    assert.equal(isBuildToolPackage('apt', name, { runtimeInBase: true }), false, name);
});

test('the split maps its roles from the same answers', () => {
  const model = parseDockerfile(
    [
      'FROM node:20',
      'WORKDIR /app',
      'RUN apt-get update && apt-get install -y -t bookworm-backports python3 make && rm -rf /var/lib/apt/lists/*',
      'RUN npm install -g pm2 && yarn install --network-timeout 100000 && npm run build && corepack enable',
      'RUN yum install -y gcc',
      'CMD ["node","server.js"]',
      '',
    ].join('\n'),
  );
  const src = readSingleStage(model) as SourceFacts;
  const roles = classifyRuns(src.items).map((c) => [c.text, c.role, c.packages?.join(' ')]);
  assert.deepEqual(roles, [
    ['apt-get update', 'system', undefined],
    ['apt-get install -y -t bookworm-backports python3 make', 'system', 'python3 make'],
    ['rm -rf /var/lib/apt/lists/*', 'cleanup', undefined],
    ['npm install -g pm2', 'global', undefined],
    ['yarn install --network-timeout 100000', 'install', undefined],
    ['npm run build', 'build', undefined],
    ['corepack enable', 'cleanup', undefined],
    // The split translates apt and apk only: a yum install is not a system step it can move.
    ['yum install -y gcc', 'unknown', undefined],
  ]);
});
