#!/usr/bin/env node
// UI tests: the packaged VSIX installed into the real VS Code server, driven in headless Chromium
// like a user would. One screenshot per scenario in artifacts/e2e/. Prints "N passing" / "N failing".
// After the scenarios, reads Layerwise's activation times in their window (activation.mjs →
// artifacts/vscode-activation.json); --activation-windows N (or LAYERWISE_ACTIVATION_WINDOWS) adds N fresh
// windows opened with a Dockerfile, which also time the first diagnostics (≈ 8 s each).
//   node test/e2e/ui.mjs [--vsix layerwise.vsix] [--only name,name] [--keep] [--activation-windows N]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot, artifactsDir } from '../vscode/paths.mjs';
import { startServer } from '../vscode/server.mjs';
import { launchChromium } from '../vscode/browser.mjs';
import { Workbench } from './workbench.mjs';
import { scenarios } from './scenarios.mjs';
import { panelImages } from './panel-scenarios.mjs';
import { forgetActivation, installedExtensionDir, installedVersion, installTimeline, measureWindow, windowUrl, writeActivation } from './activation.mjs';

const { values: opts } = parseArgs({
  options: {
    vsix: { type: 'string', default: path.join(repoRoot, 'layerwise.vsix') },
    only: { type: 'string' },
    keep: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '600' },
    'activation-windows': { type: 'string', default: process.env.LAYERWISE_ACTIVATION_WINDOWS ?? '0' },
  },
});

const say = (line) => console.log(`[e2e] ${line}`);
const started = Date.now();
const shots = path.join(artifactsDir, 'e2e');
mkdirSync(shots, { recursive: true });
if (!existsSync(opts.vsix)) {
  say(`FAILED: no VSIX at ${opts.vsix} (run npm run package)`);
  process.exit(1);
}

/** What the CLI inside the installed VSIX reports: the UI must show the same findings. */
function cliFindings(file) {
  const cli = path.join(installedExtensionDir(server.runDir), 'dist/cli.js');
  const result = spawnSync(process.execPath, [cli, 'lint', file, '--format', 'json'], { encoding: 'utf8' });
  if (result.status !== 0 && result.status !== 1) throw new Error(`layerwise lint exited ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** The first line of the message and where in test/e2e it was thrown (a bare Playwright timeout names no step). */
function describeFailure(error) {
  if (!(error instanceof Error)) return String(error);
  const frame = (error.stack ?? '').split('\n').find((line) => line.includes('test/e2e/'));
  return `${error.message.split('\n')[0]}${frame ? `  (${frame.trim().replace(/^at /, 'at ').replace(repoRoot + '/', '')})` : ''}`;
}

let server;
let browser;
const timer = setTimeout(async () => {
  say(`FAILED: UI tests did not finish within ${opts.timeout} s`);
  await browser?.context.close().catch(() => {});
  await server?.stop().catch(() => {});
  process.exit(1);
}, Number(opts.timeout) * 1000);

let passing = 0;
let failing = 0;
/** Activation samples (a measurement, not a test: a failed one is reported, never counted as failing). */
const activation = { results: [], problems: [], extensionVersion: undefined };
forgetActivation();
async function activationSample(ui, page, label, dockerfile) {
  try {
    activation.results.push(await measureWindow({ ui, page, label, dockerfile }));
  } catch (error) {
    activation.problems.push(`${label}: ${describeFailure(error)}`);
  }
}
try {
  server = await startServer({ installExtensions: [opts.vsix], keep: opts.keep });
  const workspace = path.join(server.runDir, 'workspace');
  activation.extensionVersion = installedVersion(server.runDir);
  cpSync(path.join(repoRoot, 'test/fixtures/workspaces'), workspace, { recursive: true });
  say(`VS Code server ${server.baseUrl}, ${path.basename(opts.vsix)} installed, workspace ${workspace}`);
  const wanted = opts.only?.split(',');
  const chosen = scenarios.filter((s) => !wanted || wanted.includes(s.name));
  if (chosen.some((s) => s.name.startsWith('panel'))) {
    try {
      say(panelImages.prepare(workspace));
    } catch (error) {
      say(`${error.message} (the panel scenarios will fail)`);
    }
  }
  browser = await launchChromium(server.runDir);
  const { page } = browser;
  await page.goto(`${server.baseUrl}/?folder=${encodeURIComponent(workspace)}`);
  const ui = new Workbench(page, shots);
  await ui.waitUntilReady();

  for (const scenario of chosen) {
    const t0 = Date.now();
    try {
      const note = await scenario.run({ ui, page, workspace, cliFindings, server });
      passing++;
      console.log(`    ✔ ${scenario.name}: ${scenario.title} (${Date.now() - t0} ms)${note ? `\n      ${note}` : ''}`);
    } catch (error) {
      failing++;
      console.log(`    ✖ ${scenario.name}: ${scenario.title}\n      ${describeFailure(error)}`);
    } finally {
      await page.screenshot({ path: ui.shotPath(scenario.name) }).catch(() => {});
      await ui.escape().catch(() => {});
      // a scenario that leaves a dirty editor behind would change what the next one sees
      await scenario.cleanUp?.({ ui, page }).catch((error) => {
        failing++;
        console.log(`    ✖ ${scenario.name}: clean-up failed, later scenarios may be affected: ${error.message.split('\n')[0]}`);
      });
    }
  }

  // Activation, read once the scenarios are done with their window (so measuring cannot change what they
  // see): this window's own (Layerwise activated as it started), then fresh windows whose URL opens a
  // Dockerfile, if asked for.
  const windows = Number(opts['activation-windows']);
  await activationSample(ui, page, 'main', false);
  if (!(windows >= 0)) activation.problems.push(`--activation-windows ${opts['activation-windows']} is not a number`);
  if (windows > 0) await page.close().catch(() => {}); // its extension host idles, its page stops drawing
  for (let n = 1; n <= windows; n++) {
    const fresh = await browser.context.newPage();
    try {
      await installTimeline(fresh);
      await fresh.goto(windowUrl(server, workspace));
      const freshUi = new Workbench(fresh, shots);
      await freshUi.waitUntilReady();
      await activationSample(freshUi, fresh, `window-${n}`, true);
    } catch (error) {
      activation.problems.push(`window-${n}: ${describeFailure(error)}`);
    } finally {
      await fresh.close().catch(() => {});
    }
  }
} catch (error) {
  failing++;
  say(`FAILED: ${error instanceof Error ? error.message : error}`);
  if (activation.results.length === 0) activation.problems.push(`the UI runner failed before measuring: ${describeFailure(error)}`);
  await browser?.page.screenshot({ path: path.join(shots, 'startup-failure.png') }).catch(() => {});
} finally {
  clearTimeout(timer);
  await panelImages.remove();
  await browser?.context.close().catch(() => {});
  await server?.stop().catch(() => {});
}
writeActivation({ ...activation, say });
console.log(`  ${passing} passing (${((Date.now() - started) / 1000).toFixed(1)} s)`);
if (failing) console.log(`  ${failing} failing`);
say(`screenshots in ${path.relative(repoRoot, shots)}/`);
process.exit(failing === 0 && passing > 0 ? 0 : 1);
