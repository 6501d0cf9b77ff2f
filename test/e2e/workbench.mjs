// Page helpers for driving the VS Code web workbench with Playwright. Selectors are VS Code's own
// DOM classes (stable across releases since the smoke tests depend on them too).
import path from 'node:path';

export const SQUIGGLE = '.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-info';

export class Workbench {
  /**
   * @param {import('playwright-core').Page} page
   * @param {string} screenshotDir
   */
  constructor(page, screenshotDir) {
    this.page = page;
    this.screenshotDir = screenshotDir;
  }

  shotPath(name) {
    return path.join(this.screenshotDir, `${name}.png`);
  }

  /** Keyboard focus back to the active editor (after the Problems panel took it). */
  async focusEditor() {
    await this.page.keyboard.press('Control+1');
  }

  async waitUntilReady() {
    await this.page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    await this.page.waitForSelector('.statusbar', { timeout: 30_000 });
  }

  /**
   * Opens the quick input with `key` and types `text` into it, after any previous one has closed.
   * A key press can be lost: right after the workbench loads (keybindings not ready yet), or with the
   * focus inside a webview's iframe (the size panel), which does not always hand keys to the
   * workbench; and while the workbench settles it may close the quick input before we type. So: up to
   * 4 tries, taking the focus back to the workbench's own document between them.
   */
  async quickInput(key, text) {
    await this.page.waitForSelector('.quick-input-widget', { state: 'hidden', timeout: 15_000 }).catch(() => {});
    const input = this.page.locator('.quick-input-widget input');
    await this.retry(`quick input: ${key} gave nothing to type into`, 4, async () => {
      await this.page.keyboard.press(key);
      // While the workbench is still settling it can close the quick input again before we type.
      const opened = await input.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false);
      return opened && input.fill(text, { timeout: 5_000 }).then(() => true, () => false);
    }, async () => {
      await this.page.keyboard.press('Escape');
      await this.page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
      await this.page.locator('.monaco-workbench').focus().catch(() => {});
    });
  }

  /**
   * Runs `attempt` until it returns true, at most `tries` times, with `recover` between tries; each
   * retry is printed, and the last failure throws naming `what` went wrong and what had the focus.
   */
  async retry(what, tries, attempt, recover) {
    for (let n = 1; ; n++) {
      if (await attempt()) return;
      if (n === tries) {
        const focused = await this.page.evaluate(() => `${document.activeElement?.tagName}.${document.activeElement?.className}`);
        throw new Error(`${what} (${tries} tries); focus on ${focused}`);
      }
      console.log(`      (${what}, try ${n + 1} of ${tries})`);
      await recover();
    }
  }

  /**
   * Quick Open (Ctrl+P) → wait for the result row naming the file and its folder → choose it. Right after
   * the workbench loads, the first query can stay empty (file search not ready): close and ask again.
   */
  async openFile(relativePath) {
    const name = path.basename(relativePath);
    const folder = path.dirname(relativePath);
    const row = this.page.locator('.quick-input-list .monaco-list-row')
      .filter({ hasText: name }).filter({ hasText: folder }).first();
    let seen = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      await this.quickInput('Control+P', relativePath);
      // Enter before the row exists opens nothing: wait for it
      if (await row.waitFor({ state: 'visible', timeout: 8_000 }).then(() => true, () => false)) {
        await row.click();
        // A click while the list re-renders (results still arriving) can hit nothing: then ask again.
        const opened = await this.page
          .waitForSelector(`.tabs-container .tab.active[aria-label^="${name}"]`, { timeout: 10_000 })
          .then(() => true, () => false);
        if (opened) {
          await this.page.waitForSelector('.editor-group-container.active .monaco-editor .view-lines', { timeout: 20_000 });
          return;
        }
      }
      seen = await this.page.$$eval('.quick-input-list .monaco-list-row', (rows) => rows.map((r) => r.textContent));
      await this.escape();
    }
    throw new Error(`Quick Open opened no editor for ${relativePath} after 4 tries; last rows: ${JSON.stringify(seen)}`);
  }

  /** Runs a command by its palette title, e.g. "View: Close All Editors". */
  async runCommand(title) {
    await this.quickInput('F1', `>${title}`);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await row.click();
    await this.page.waitForSelector('.quick-input-widget', { state: 'hidden', timeout: 15_000 }).catch(() => {});
  }

  /** Ctrl+G line:column (1-based, as the UI shows them). */
  async goTo(line, column) {
    await this.quickInput('Control+G', `:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.waitForSelector('.quick-input-widget', { state: 'hidden', timeout: 15_000 });
  }

  async waitForSquiggles(timeout = 30_000) {
    await this.page.waitForSelector(SQUIGGLE, { timeout });
    return this.page.locator(SQUIGGLE).count();
  }

  /** Opens the Problems panel and returns its rows' text (file rows and problem rows). */
  async problemRows(minimumRows = 2) {
    await this.page.keyboard.press('Control+Shift+M');
    await this.page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 15_000 });
    await this.page.waitForFunction((n) => document.querySelectorAll('.markers-panel .monaco-list-row').length >= n,
      minimumRows, { timeout: 15_000 });
    return this.page.$$eval('.markers-panel .monaco-list-row', (rows) => rows.map((row) => row.textContent ?? ''));
  }

  /** Text of the editor hover shown at the cursor (Ctrl+K Ctrl+I, "Show or Focus Hover"). */
  async hoverAtCursor(expect) {
    await this.focusEditor(); // the chord only works with the editor text focused
    await this.page.keyboard.press('Control+K');
    await this.page.keyboard.press('Control+I');
    const hover = this.page.locator('.monaco-editor .monaco-hover:not(.hidden)').first();
    await hover.waitFor({ state: 'visible', timeout: 15_000 });
    if (expect) {
      await this.page.waitForFunction((source) => [...document.querySelectorAll('.monaco-editor .monaco-hover')]
        .some((el) => new RegExp(source, 'i').test(el.textContent ?? '')), expect.source, { timeout: 20_000 });
    }
    return hover.innerText();
  }

  /**
   * Ctrl+. at the cursor: the code action menu's item titles. Ctrl+. only works with the editor text
   * focused, and the Problems panel can take focus as it updates: focus the editor first, and ask again
   * (up to 3 times) when no menu shows.
   */
  async codeActionMenu() {
    const menu = this.page.locator('.action-widget').first();
    await this.retry('code action menu: none after Ctrl+.', 3, async () => {
      await this.focusEditor();
      await this.page.keyboard.press('Control+.');
      return menu.waitFor({ state: 'visible', timeout: 8_000 }).then(() => true, () => false);
    }, () => this.escape());
    await this.page.waitForSelector('.action-widget .monaco-list-row.action', { timeout: 15_000 });
    return this.page.$$eval('.action-widget .monaco-list-row.action', (rows) => rows.map((row) => row.textContent ?? ''));
  }

  /** The code action menu at a position of the active editor (focus there first: the Problems panel may hold it). */
  async codeActionMenuAt(line, column) {
    await this.focusEditor();
    await this.goTo(line, column);
    return this.codeActionMenu();
  }

  async chooseCodeAction(titlePattern) {
    const row = this.page.locator('.action-widget .monaco-list-row.action').filter({ hasText: titlePattern }).first();
    await row.click();
    await this.page.waitForSelector('.action-widget', { state: 'hidden', timeout: 15_000 });
  }

  /** The visible lines of the active editor (enough for the short fixtures). */
  async editorLines() {
    return this.page.$$eval('.editor-group-container.active .monaco-editor .view-lines .view-line',
      (lines) => lines
        .map((line) => ({ top: parseFloat(line.style.top || '0'), text: (line.textContent ?? '').replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.top - b.top)
        .map((line) => line.text));
  }

  /** Waits until a visible line of the active editor matches `pattern` (non-breaking spaces read as spaces). */
  async waitForEditorLine(pattern, timeout = 15_000) {
    await this.page.waitForFunction((source) => [...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-line')]
      .some((line) => new RegExp(source).test((line.textContent ?? '').replace(/\u00a0/g, ' '))), pattern.source, { timeout });
  }

  /** The (nested) webview frame that contains `selector`; webview content lives two iframes down. */
  async webviewFrame(selector, timeout = 30_000) {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      for (const frame of this.page.frames()) {
        if (await frame.$(selector).catch(() => null)) return frame;
      }
      await this.page.waitForTimeout(250);
    }
    throw new Error(`no webview frame shows ${selector} within ${timeout} ms`);
  }

  /** 1-based cursor position from the status bar ("Ln 3, Col 1"). */
  async cursor() {
    const texts = await this.page.$$eval('.statusbar-item', (items) => items.map((item) => item.textContent ?? ''));
    const match = texts.map((text) => /Ln (\d+), Col (\d+)/.exec(text)).find(Boolean);
    return match ? { line: Number(match[1]), column: Number(match[2]) } : undefined;
  }

  async escape() {
    await this.page.keyboard.press('Escape');
  }
}
