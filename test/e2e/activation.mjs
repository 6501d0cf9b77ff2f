// Layerwise's activation time in the real VS Code, measured by the UI runner (ui.mjs) after its scenarios:
//  - in the scenarios' own window (always; ≈ 1–2 s): the folder holds Dockerfiles, so Layerwise activated
//    while that window started (workspaceContains). VS Code's own activation times for the extension
//    ("Developer: Startup Performance" → Extension Activation Stats: Load Code, Call Activate, Finish
//    Activate), copied out of that view's text, and the extension host's marks for it on the page clock;
//  - optionally in fresh windows whose URL opens a Dockerfile (≈ 8 s each, after the scenarios so they
//    start from the window they always had): the same, plus the page clock (ms since
//    navigation) when the Dockerfile's text and the first squiggle were drawn (only Layerwise reports on
//    Dockerfiles in the test window). Every figure is read, none invented.
// Writes artifacts/vscode-activation.json (format: activation-artefact.d.ts). A measurement is not a
// test: failing to measure prints one "activation NOT MEASURED: why" line and writes
// { measured: false, reason } instead of figures, without failing the UI tests.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, artifactsDir, CODE_SERVER_VERSION } from '../vscode/paths.mjs';
import { SQUIGGLE } from './workbench.mjs';

export const ACTIVATION_FILE = path.join(artifactsDir, 'vscode-activation.json');
export const ACTIVATION_DOCKERFILE = 'naive-node/Dockerfile';
const EXTENSION_ID = 'layerwise.layerwise';
const FIGURES = ['loadCodeMs', 'callActivateMs', 'finishActivateMs', 'activationMs'];
const OPTIONAL_FIGURES = ['editorShownMs', 'firstDiagnosticsMs', 'diagnosticsAfterEditorMs', 'activationStartedMs', 'activatedMs', 'diagnosticsAfterActivatedMs'];
const STATS_HEADER = ['Extension', 'Eager', 'Load Code', 'Call Activate', 'Finish Activate', 'Event', 'By'];

/** The workbench URL for the folder, opening `relativeFile` at startup (VS Code's web `payload` openFile). */
export function windowUrl(server, workspace, relativeFile = ACTIVATION_DOCKERFILE) {
  const file = server.remoteUri(path.join(workspace, relativeFile));
  return `${server.baseUrl}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify([['openFile', file]]))}`;
}

/**
 * Before page.goto: a poller in the window (top frame only, every 25 ms, stops when done or after 3 min)
 * that notes on the page clock when the workbench, the Dockerfile's text and the first squiggle appear.
 */
export async function installTimeline(page) {
  await page.addInitScript((squiggle) => {
    if (window.top !== window || window.__layerwiseTimeline) return;
    const seen = (window.__layerwiseTimeline = { timeOrigin: performance.timeOrigin });
    const note = (key, present) => { if (seen[key] === undefined && present()) seen[key] = performance.now(); };
    const timer = setInterval(() => {
      note('workbenchShownMs', () => document.querySelector('.monaco-workbench .statusbar'));
      note('editorShownMs', () => [...document.querySelectorAll('.monaco-editor .view-line')].some((line) => /FROM/.test(line.textContent ?? '')));
      note('firstDiagnosticsMs', () => document.querySelector(squiggle));
      if (seen.workbenchShownMs !== undefined && seen.editorShownMs !== undefined && seen.firstDiagnosticsMs !== undefined) clearInterval(timer);
    }, 25);
    setTimeout(() => clearInterval(timer), 180_000);
  }, SQUIGGLE);
}

/** One row of a Markdown table as trimmed cells ("| a | b |" → ["a", "b"]). */
const cells = (line) => line.trim().replace(/^\||\|$/g, '').split('|').map((cell) => cell.trim());

/** Layerwise's row of the Extension Activation Stats table, with the columns checked by name. */
export function parseActivationStats(text) {
  const lines = text.split(/\r?\n/);
  const heading = lines.findIndex((line) => /^#+\s*Extension Activation Stats\s*$/.test(line));
  if (heading < 0) return { error: 'the Startup Performance view has no "Extension Activation Stats" table' };
  const headerLine = lines.slice(heading + 1).find((line) => line.trim().startsWith('|'));
  const header = headerLine ? cells(headerLine) : [];
  if (header.join('|') !== STATS_HEADER.join('|')) {
    return { error: `unexpected Extension Activation Stats columns: ${JSON.stringify(header)} (expected ${JSON.stringify(STATS_HEADER)})` };
  }
  const rows = [];
  for (const line of lines.slice(lines.indexOf(headerLine) + 2)) {
    if (!line.trim().startsWith('|')) break;
    rows.push(cells(line));
  }
  const row = rows.find((r) => r[0] === EXTENSION_ID);
  if (!row) return { missing: true, error: `${EXTENSION_ID} is not in the Extension Activation Stats table (rows: ${rows.map((r) => r[0]).join(', ')})` };
  const [loadCodeMs, callActivateMs, finishActivateMs] = row.slice(2, 5).map(Number);
  if (![loadCodeMs, callActivateMs, finishActivateMs].every(Number.isFinite)) return { error: `unreadable times in ${JSON.stringify(row)}` };
  return {
    stats: {
      activationEvent: row[5], eager: row[1] === 'true', loadCodeMs, callActivateMs, finishActivateMs,
      activationMs: loadCodeMs + callActivateMs + finishActivateMs,
    },
  };
}

/**
 * The extension host's wall-clock marks for Layerwise (section "Raw Perf Marks: remoteExtHost", lines
 * "name<TAB>timestamp<TAB>delta<TAB>total"): when loading its code started and when activate() resolved.
 */
export function parseExtHostMarks(text) {
  const start = text.search(/^#+\s*Raw Perf Marks: remoteExtHost\s*$/m);
  if (start < 0) return undefined;
  const section = text.slice(start).split(/\n#+\s/)[0];
  const mark = (name) => {
    const match = new RegExp(`^code/extHost/${name}/${EXTENSION_ID.replace('.', '\\.')}\\t(\\d+)`, 'm').exec(section);
    return match ? Number(match[1]) : undefined;
  };
  const willLoad = mark('willLoadExtensionCode');
  const didActivate = mark('didActivateExtension');
  return willLoad !== undefined && didActivate !== undefined ? { willLoad, didActivate } : undefined;
}

/** "* code-server: 1.139.1 (53c2f32…)" — the product line of the view's System Info. */
function parseVersion(text) {
  const match = /^\* [^:\n]+: (\d+\.\d+\.\d+) \(([0-9a-f]{7,40})\)/m.exec(text);
  return match ? { version: match[1], commit: match[2] } : { version: null, commit: null };
}

/** Opens Developer: Startup Performance and copies its whole text (clipboard emptied first: no stale text). */
async function startupPerformanceText(ui, page) {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
  await ui.runCommand('Developer: Startup Performance');
  await page.waitForSelector('.tabs-container .tab.active[aria-label^="Startup Performance"]', { timeout: 15_000 });
  await page.waitForFunction(() => [...document.querySelectorAll('.editor-group-container.active .view-line')]
    .some((line) => /System\sInfo/.test(line.textContent ?? '')), null, { timeout: 20_000 });
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await ui.focusEditor();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+C');
  await page.waitForFunction(() => navigator.clipboard.readText().then((text) => text.length > 0), null, { timeout: 5_000, polling: 100 });
  return page.evaluate(() => navigator.clipboard.readText());
}

/**
 * One sample: VS Code's activation stats for Layerwise in this window. With `dockerfile` (a window opened
 * with the Dockerfile, installTimeline before goto) first waits for the first squiggle and adds the page
 * clock's figures. Leaves the Startup Performance editor open.
 */
export async function measureWindow({ ui, page, label, dockerfile }) {
  let timeline = {};
  if (dockerfile) {
    await page.waitForFunction(() => window.__layerwiseTimeline?.firstDiagnosticsMs !== undefined, null, { timeout: 60_000, polling: 100 })
      .catch(() => { throw new Error('no squiggle in the Dockerfile within 60 s of the workbench showing'); });
    timeline = await page.evaluate(() => window.__layerwiseTimeline);
    if (timeline.editorShownMs === undefined) throw new Error('the Dockerfile editor was never seen with text');
  }
  const reading = Date.now();
  await ui.escape();
  let parsed;
  let text = '';
  // the view lists an extension once its activate() promise has resolved: normally long before the first squiggle
  for (let attempt = 1; attempt <= 5; attempt++) {
    text = await startupPerformanceText(ui, page);
    parsed = parseActivationStats(text);
    if (!parsed.missing) break;
    await ui.runCommand('View: Close All Editors');
    await page.waitForTimeout(1_000);
  }
  if (parsed.error) throw new Error(parsed.error);
  const round = (ms) => Math.round(ms);
  const sample = { window: label, ...parsed.stats };
  if (dockerfile) {
    Object.assign(sample, {
      workbenchShownMs: round(timeline.workbenchShownMs),
      editorShownMs: round(timeline.editorShownMs),
      firstDiagnosticsMs: round(timeline.firstDiagnosticsMs),
      diagnosticsAfterEditorMs: round(timeline.firstDiagnosticsMs - timeline.editorShownMs),
    });
  }
  // in a window opened with the Dockerfile, the host's marks on the page clock (same machine clock), kept
  // only when they agree with VS Code's stats: their span covers the three stats plus the wait for the
  // extension's context (storage), so never less. (In the main window they would time the workspace scan.)
  const marks = dockerfile ? parseExtHostMarks(text) : undefined;
  const span = marks ? marks.didActivate - marks.willLoad : NaN;
  if (span >= sample.activationMs - 10 && span <= sample.activationMs + 5_000) {
    sample.activationStartedMs = round(marks.willLoad - timeline.timeOrigin);
    sample.activatedMs = round(marks.didActivate - timeline.timeOrigin);
    sample.diagnosticsAfterActivatedMs = round(timeline.firstDiagnosticsMs - sample.activatedMs);
  }
  return {
    sample,
    version: parseVersion(text),
    userAgent: await page.evaluate(() => navigator.userAgent),
    /** what reading VS Code's figures took (not counting a fresh window's load) */
    readMs: Date.now() - reading,
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
}

function gitState() {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repoRoot, encoding: 'utf8' }).trim() !== '';
    return { gitCommit: commit, dirtyTree: dirty };
  } catch {
    return { gitCommit: null, dirtyTree: false };
  }
}

/** The folder the VS Code server installed the Layerwise VSIX into (throws when there is none). */
export function installedExtensionDir(runDir) {
  const extensions = path.join(runDir, 'extensions');
  const folder = readdirSync(extensions).find((name) => name.startsWith(`${EXTENSION_ID}-`));
  if (!folder) throw new Error(`no ${EXTENSION_ID} in ${extensions}`);
  return path.join(extensions, folder);
}

/** The version of the Layerwise the server installed (read before the run folder is removed). */
export function installedVersion(runDir) {
  try {
    return JSON.parse(readFileSync(path.join(installedExtensionDir(runDir), 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

/** At the start of a run: an older file's figures must not pass for this run's if it dies before writing. */
export function forgetActivation() {
  rmSync(ACTIVATION_FILE, { force: true });
}

/**
 * Writes artifacts/vscode-activation.json from the samples (each { sample, version, userAgent }) and the
 * reasons of the failed ones, and prints what it wrote. Never throws.
 */
export function writeActivation({ results, problems, extensionVersion, say }) {
  const first = results[0];
  const browser = /HeadlessChrome\/(\d+)/.exec(first?.userAgent ?? '')?.[1];
  const cpus = os.cpus();
  const common = {
    date: new Date().toISOString(),
    where: `VS Code ${first?.version.version ?? '(version not read)'} (the web workbench of code-server ${CODE_SERVER_VERSION}, Node extension host on the same machine), `
      + `headless Chromium${browser ? ` ${browser}` : ''}, ${os.type()} ${os.arch()}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}; `
      + 'UI runner test/e2e/ui.mjs',
    vscode: { version: first?.version.version ?? null, commit: first?.version.commit ?? null, codeServer: CODE_SERVER_VERSION },
    extension: { id: EXTENSION_ID, version: extensionVersion ?? 'unknown', ...gitState() },
  };
  let artefact;
  if (results.length === 0) {
    artefact = { measured: false, ...common, reason: problems.join('; ') || 'no sample taken' };
    say(`activation NOT MEASURED: ${artefact.reason} (wrote ${path.relative(repoRoot, ACTIVATION_FILE)} without figures)`);
  } else {
    const samples = results.map((r) => r.sample);
    artefact = {
      measured: true,
      ...common,
      method: 'Sample "main": the UI tests\' window, read after the scenarios; its folder holds Dockerfiles, so Layerwise activated as it started. '
        + 'Samples "window-N": fresh windows whose URL opens naive-node/Dockerfile (Layerwise not active in them yet). '
        + 'loadCode/callActivate/finishActivate are VS Code\'s own times from Developer: Startup Performance (Extension Activation Stats); '
        + 'activationMs is their sum (until activate()\'s promise resolved: language client started). '
        + 'editorShown/firstDiagnostics (window-N only) are the page clock (ms since navigation, polled every 25 ms) when the Dockerfile\'s text and the first squiggle were drawn; '
        + 'activationStarted/activated (window-N only) are the extension host\'s marks code/extHost/willLoadExtensionCode and didActivateExtension for Layerwise (Raw Perf Marks: remoteExtHost) on that clock '
        + '(their span also covers VS Code preparing the extension\'s context, which the three stats leave out). Medians are per figure.',
      samples,
      median: Object.fromEntries([...FIGURES, ...OPTIONAL_FIGURES]
        .map((key) => [key, samples.map((s) => s[key]).filter((v) => v !== undefined)])
        .filter(([, values]) => values.length > 0)
        .map(([key, values]) => [key, median(values)])),
      problems,
    };
    const m = artefact.median;
    say(`activation (median of ${samples.length}, VS Code ${common.vscode.version}): ${m.activationMs} ms `
      + `(load code ${m.loadCodeMs} + activate() ${m.callActivateMs} + client start ${m.finishActivateMs})`
      + `${m.diagnosticsAfterEditorMs !== undefined ? `, Dockerfile shown → first diagnostics ${m.diagnosticsAfterEditorMs} ms` : ''}; `
      + `${samples.map((s) => `${s.window}: ${s.activationMs} ms${s.diagnosticsAfterEditorMs !== undefined ? `, diagnostics ${s.diagnosticsAfterEditorMs} ms after the editor` : ''}`
        + `${s.activatedMs !== undefined ? ` (activated ${s.activatedMs} ms after navigation)` : ''}`).join('; ')}`
      + `${problems.length ? `; failed samples: ${problems.join('; ')}` : ''} → ${path.relative(repoRoot, ACTIVATION_FILE)} `
      + `(reading the figures took ${(results.reduce((sum, r) => sum + r.readMs, 0) / 1000).toFixed(1)} s)`);
  }
  try {
    writeFileSync(ACTIVATION_FILE, `${JSON.stringify(artefact, null, 2)}\n`);
  } catch (error) {
    say(`activation NOT WRITTEN: ${error instanceof Error ? error.message : error}`);
  }
}
