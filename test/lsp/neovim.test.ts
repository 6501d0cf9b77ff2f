// A second real editor: Debian's Neovim (0.7.2, headless) drives the server over stdio with its own
// LSP client (test/lsp/neovim/driver.lua): diagnostics, hover, fixAll writing .dockerignore on
// :wall, a watched-file refresh and the multi-stage split. Neovim is installed by
// test/setup/neovim.sh when missing (CI machines start fresh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, SERVER_JS } from '../support/lspClient';

function ensureNeovim(): void {
  if (spawnSync('nvim', ['--version']).status === 0) return;
  const setup = spawnSync('bash', [path.join(ROOT, 'test/setup/neovim.sh')], { encoding: 'utf8' });
  assert.equal(setup.status, 0, `installing Neovim failed: ${setup.stderr}`);
}

test('Neovim 0.7.2 with its own LSP client: diagnostics, hover, fixAll writing .dockerignore, a watched-file refresh, the split', () => {
  ensureNeovim();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'layerwise-nvim-'));
  cpSync(path.join(ROOT, 'examples/naive-node'), dir, { recursive: true });
  const outFile = path.join(dir, '..', `${path.basename(dir)}.jsonl`);
  const nvim = spawnSync(
    'nvim',
    ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${path.join(__dirname, 'neovim/driver.lua')}`],
    {
      cwd: dir,
      encoding: 'utf8',
      timeout: 180_000,
      env: {
        ...process.env,
        LW_OUT: outFile,
        LW_DIR: dir,
        LW_SERVER: SERVER_JS,
        DOCKER_HOST: `unix://${path.join(dir, 'no-daemon.sock')}`,
        HOME: dir,
        XDG_STATE_HOME: dir,
        XDG_CACHE_HOME: dir,
      },
    },
  );
  const seen = new Map<string, unknown>();
  for (const line of readFileSync(outFile, 'utf8').split('\n').filter(Boolean)) {
    const { step, value } = JSON.parse(line) as { step: string; value: unknown };
    seen.set(step, value);
    console.log(
      `neovim: ${step}: ${typeof value === 'string' ? value.slice(0, 160).replace(/\n/g, '⏎') : JSON.stringify(value)}`,
    );
  }
  assert.equal(seen.get('error'), undefined, `the driver failed (nvim exit ${nvim.status}, stderr ${nvim.stderr})`);
  assert.equal(nvim.status, 0, nvim.stderr);

  const open = seen.get('open') as string[];
  for (const code of ['fat-base-image', 'missing-dockerignore', 'npm-as-entrypoint', 'single-stage-build'])
    assert.ok(open.includes(code), `${code} in ${open}`);
  assert.match(String(seen.get('hover')), /node:20/, 'the hover names the image');
  assert.match(String(seen.get('fixAll offered')), /Fix all/);
  assert.equal(
    seen.get('fixAll edit shape'),
    'changes',
    'Neovim 0.7.2 does not advertise documentChanges, so it gets `changes`',
  );
  assert.match(String(seen.get('.dockerignore on disk')), /node_modules/, '.dockerignore written by :wall');
  assert.equal(String(seen.get('.dockerignore on disk')).match(/node_modules/g)?.length, 1, 'written once');
  assert.ok(
    !(seen.get('after fixAll and :wall') as string[]).includes('missing-dockerignore'),
    'the save re-read the folder',
  );
  assert.equal(seen.get('second fixAll touches .dockerignore'), false, 'no second copy of the .dockerignore text');
  assert.ok(
    (seen.get('after .dockerignore deleted (watched-file notification)') as string[]).includes('missing-dockerignore'),
    'the watched-file change re-analysed the Dockerfile',
  );
  assert.match(String(seen.get('split offered')), /^Split into/);
  assert.ok(Number(seen.get('stages after the split')) >= 2, 'the split gave a multi-stage Dockerfile');
  assert.ok(!(seen.get('after the split and :write') as string[]).includes('single-stage-build'));
  assert.equal(seen.get('fixAll in the menu has its edit'), false, 'offered without its edit, to be resolved');
  assert.match(
    String(seen.get('last line after fixAll picked from the menu')),
    /pip install --no-cache-dir -r requirements\.txt/,
    `Neovim resolved the fixAll it picked and applied it (menu: ${JSON.stringify(seen.get('menu titles'))})`,
  );
});
