// The UI scenarios, in order. Each gets { ui, page, workspace, cliFindings } and throws on failure;
// it may return a one-line note for the report. ui.mjs screenshots the page after each one.
import path from 'node:path';
import { panelBuildViewScenarios, panelScenarios } from './panel-scenarios.mjs';

const NAIVE = 'naive-node/Dockerfile';

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** A Problems row's text joins message, source and code: "...layerwiseroot-user[Ln 2, Col 6]". */
function problemOf(rowText, rule) {
  return new RegExp(`layerwise\\(?${rule}\\b`).test(rowText);
}

/** Leaves no dirty editor behind for the next scenario. */
async function revertAndCloseAll({ ui, page }) {
  await ui.focusEditor();
  await ui.runCommand('File: Revert File');
  await page.waitForSelector('.tabs-container .tab.dirty', { state: 'detached', timeout: 10_000 });
  await ui.runCommand('View: Close All Editors');
}

export const scenarios = [
  {
    name: 'problems',
    title: 'squiggles in the editor and one Problems row per Layerwise finding',
    async run({ ui, workspace, cliFindings }) {
      const expected = cliFindings(path.join(workspace, NAIVE));
      check(expected.length > 0, 'the CLI reports nothing for the naive Dockerfile');
      await ui.openFile(NAIVE);
      const squiggles = await ui.waitForSquiggles();
      const rows = await ui.problemRows(expected.length + 1);
      for (const finding of expected) {
        const row = rows.find((text) => problemOf(text, finding.rule)
          && text.includes(`[Ln ${finding.range.start.line + 1}, Col ${finding.range.start.character + 1}]`));
        check(row, `no Problems row for ${finding.rule} at ${finding.range.start.line + 1}:${finding.range.start.character + 1}; rows: ${JSON.stringify(rows)}`);
      }
      return `${squiggles} squiggle(s); rows: ${rows.map((r) => r.slice(0, 90)).join(' | ')}`;
    },
    cleanUp: revertAndCloseAll,
  },
  {
    name: 'hover',
    title: 'hover on the FROM image shows its size and lighter alternatives',
    async run({ ui }) {
      await ui.openFile(NAIVE);
      await ui.goTo(2, 8); // FROM node:20 — on "node"
      const text = await ui.hoverAtCursor(/Lighter alternative/);
      check(/node:20/.test(text), `hover does not name node:20: ${text.slice(0, 300)}`);
      check(/\d+(\.\d+)?\s?(MB|GB)/.test(text), `hover shows no size: ${text.slice(0, 300)}`);
      // node 20 is past its end of life: the lighter images offered are on the current LTS line (node:24-slim).
      check(/node:\d+-(slim|alpine)|distroless/.test(text), `hover names no lighter alternative: ${text.slice(0, 300)}`);
      return text.replace(/\s+/g, ' ').slice(0, 200);
    },
    cleanUp: revertAndCloseAll,
  },
  {
    name: 'quick-fix',
    title: 'the lightbulb menu lists the fixes; choosing "Add USER" edits the file and clears the finding',
    async run({ ui, page }) {
      await ui.openFile(NAIVE);
      await ui.waitForSquiggles();
      const rows = await ui.problemRows(2);
      check(rows.some((row) => problemOf(row, 'root-user')), `no root-user row before the fix: ${JSON.stringify(rows)}`);
      const items = await ui.codeActionMenuAt(2, 8); // root-user is reported on the final stage's FROM
      check(items.some((item) => /Add `?USER/.test(item)), `no "Add USER" in the menu: ${JSON.stringify(items)}`);
      check(items.some((item) => /Ignore root-user/i.test(item)), `no suppression action in the menu: ${JSON.stringify(items)}`);
      await ui.page.screenshot({ path: ui.shotPath('quick-fix-menu') });
      await ui.chooseCodeAction(/Add `?USER/);
      await ui.waitForEditorLine(/^USER \w+/);
      check(await page.locator('.markers-panel').isVisible(), 'the Problems panel closed: cannot see the finding go');
      await page.waitForFunction(() => ![...document.querySelectorAll('.markers-panel .monaco-list-row')]
        .some((row) => /layerwise\(?root-user/.test(row.textContent ?? '')), null, { timeout: 15_000 });
      return `menu: ${items.join(' | ')}`;
    },
    cleanUp: revertAndCloseAll,
  },
  {
    name: 'split',
    title: 'the lightbulb offers "Split into stages" per runner; choosing distroless rewrites the file into deps/build/runner',
    async run({ ui, page }) {
      await ui.openFile(NAIVE);
      await ui.waitForSquiggles();
      const items = await ui.codeActionMenuAt(6, 5); // RUN npm run build
      const splits = items.filter((item) => /Split into/.test(item));
      check(splits.length >= 2, `expected a split per runner in the menu: ${JSON.stringify(items)}`);
      check(splits.some((item) => /runner distroless/.test(item)), `no distroless runner: ${JSON.stringify(splits)}`);
      await page.screenshot({ path: ui.shotPath('split-menu') });
      await ui.chooseCodeAction(/runner distroless/);
      await ui.waitForEditorLine(/ AS runner/);
      const lines = await ui.editorLines();
      const stages = lines.filter((line) => /^FROM .* AS \w+/.test(line));
      check(stages.length >= 2, `expected named stages, editor shows: ${JSON.stringify(lines)}`);
      return `menu: ${splits.join(' | ')}; stages: ${stages.join(' | ')}`;
    },
    cleanUp: revertAndCloseAll,
  },
  ...panelScenarios,
  ...panelBuildViewScenarios,
];
