#!/usr/bin/env node
// Runs a mocha suite inside the real VS Code extension host: VS Code server (from code-server) +
// headless Chromium loading the workbench with extensionDevelopmentPath / extensionTestsPath.
// Exit code = test result (0 only when the suite reported success).
//
//   node test/vscode/run.mjs [--extension DIR] [--extra-extension DIR]... [--tests FILE.js] [--folder DIR] [--trust]
//                            [--grep PATTERN] [--timeout SECONDS] [--env KEY=VALUE]... [--keep] [--verbose]
import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { format, parseArgs } from 'node:util';
import { repoRoot } from './paths.mjs';
import { startServer } from './server.mjs';
import { launchChromium } from './browser.mjs';

const { values: opts } = parseArgs({
  options: {
    extension: { type: 'string', default: repoRoot },
    'extra-extension': { type: 'string', multiple: true, default: [] }, // more extensions, installed beside it
    tests: { type: 'string', default: path.join(repoRoot, 'out/integration/index.js') },
    folder: { type: 'string', default: path.join(repoRoot, 'test/fixtures/workspaces') },
    trust: { type: 'boolean', default: false }, // keep Workspace Trust on: the folder opens untrusted
    grep: { type: 'string' },
    timeout: { type: 'string', default: '600' },
    env: { type: 'string', multiple: true, default: [] },
    keep: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

// Workbench chatter that reaches the same log hook as mocha's output; harmless offline (test/vscode/README.md).
const WORKBENCH_NOISE = new RegExp([
  '^\\[(AgentHost|ChatModelSelection|AccountPolicyGate|reconnection-grace-time|Service Worker)',
  '^(Creation of workbench contribution|Creating a socket|Resolving connection token|Resolved connection token|Updating additional builtin|Ignoring fetching additional builtin)',
  'No default agent contributed', // chat, disabled in the fixtures
  'ENOTFOUND', // gallery / telemetry hosts; Chromium resolves nothing but loopback
].join('|'));
const say = (line) => console.log(`[vscode-test] ${line}`);
const extensionPath = path.resolve(opts.extension);
const testsPath = path.resolve(opts.tests);
const sourceFolder = path.resolve(opts.folder);
for (const [what, p] of [['extension', extensionPath], ['tests', testsPath], ['folder', sourceFolder]]) {
  if (!existsSync(p)) { say(`FAILED: ${what} not found: ${p}`); process.exit(1); }
}

const started = Date.now();
let server;
let browser;
let finished = false;

async function cleanUp() {
  await browser?.context.close().catch(() => {});
  await server?.stop().catch(() => {});
}

async function finish(code, line) {
  if (finished) return;
  finished = true;
  say(`${line} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (code !== 0 && server) {
    const tail = readFileSync(server.logFile, 'utf8').split('\n').slice(-25).join('\n');
    say(`server log tail (${server.logFile}):\n${tail}`);
  }
  await cleanUp();
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => finish(1, `FAILED: interrupted by ${signal}`));

const timeoutSeconds = Number(opts.timeout);
setTimeout(() => finish(1, `FAILED: no test result within ${timeoutSeconds} s`), timeoutSeconds * 1000).unref();

try {
  const extraEnv = Object.fromEntries(opts.env.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
  // Tests get what they need through the environment the extension host inherits from the server.
  const testEnv = {
    LAYERWISE_TEST_FIXTURES: sourceFolder,
    LAYERWISE_TEST_TRUST: opts.trust ? 'untrusted' : 'disabled',
    LAYERWISE_TEST_EXTENSION: extensionPath,
    ...(opts.grep ? { LAYERWISE_TEST_GREP: opts.grep } : {}),
    ...extraEnv,
  };
  server = await startServer({ trust: opts.trust, env: testEnv, keep: opts.keep, linkExtensions: opts['extra-extension'] });
  // Tests edit and save files: they work on a copy, never on the fixtures in the repository.
  const workspace = path.join(server.runDir, 'workspace');
  cpSync(sourceFolder, workspace, { recursive: true });
  say(`VS Code server on ${server.baseUrl} (run folder ${server.runDir}), workspace ${workspace}${opts.trust ? ' (untrusted)' : ''}`);

  // A crashed extension host never reports a result: fail soon instead of at the global timeout.
  server.hostExits.on('exit', ({ code, signal }) => {
    if (code === '0' && signal === 'null') return;
    setTimeout(() => finish(1, `FAILED: the extension host exited (code ${code}, signal ${signal}) before reporting a result`), 10_000).unref();
  });
  browser = await launchChromium(server.runDir);
  const { page } = browser;
  let result;
  const resultReported = new Promise((resolve) => { result = resolve; });
  // The same hooks VS Code's own browser integration tests use: the workbench calls them in test mode.
  let suiteResult; // from index.ts's closing line
  await page.exposeFunction('codeAutomationLog', (_level, args) => {
    const text = format(...args); // mocha logs printf-style ('%d passing')
    const match = /^\[layerwise-tests\] result: passed=(\d+) failed=(\d+)/.exec(text);
    if (match) suiteResult = { passed: Number(match[1]), failed: Number(match[2]) };
    if (opts.verbose || !WORKBENCH_NOISE.test(text)) console.log(text);
  });
  await page.exposeFunction('codeAutomationExit', (code) => result(code));
  page.on('pageerror', (error) => opts.verbose && say(`page error: ${error.message}`));
  if (opts.verbose) page.on('console', (message) => say(`console.${message.type()}: ${message.text()}`));

  const payload = [
    ['extensionDevelopmentPath', server.remoteUri(extensionPath)],
    ['extensionTestsPath', server.remoteUri(testsPath)],
    ['skipWelcome', 'true'],
  ];
  const url = `${server.baseUrl}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench', { timeout: 90_000 })
    .catch(() => finish(1, 'FAILED: the VS Code workbench did not load in Chromium within 90 s'));
  const code = await resultReported;
  for (let i = 0; i < 30 && !suiteResult; i++) await new Promise((r) => setTimeout(r, 100)); // last log lines may trail the exit
  if (!suiteResult) {
    await finish(1, `FAILED: the extension host ended (exit code ${code}) without the suite's result line: it crashed or never ran the tests`);
  } else if (code !== 0 || suiteResult.failed > 0 || suiteResult.passed === 0) {
    await finish(1, `FAILED: ${suiteResult.passed} passed, ${suiteResult.failed} failed, exit code ${code}`);
  } else {
    await finish(0, `PASSED: ${suiteResult.passed} passed, 0 failed`);
  }
} catch (error) {
  await finish(1, `FAILED: ${error instanceof Error ? error.message : error}`);
}
