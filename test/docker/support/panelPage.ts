// The size panel's real page for Chromium tests: panelDocument (exact CSP) with the bundled
// client/media/panel.ts and panel.css, served on a loopback port; the headless Chromium that opens it.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { panelDocument } from '../../../client/src/panel/document';

const ROOT = path.join(__dirname, '..', '..', '..');

type Page = import('playwright-core').Page;

/** Installs Debian's Chromium and playwright-core (test/vscode/setup.sh) on a machine without them; minutes. */
export function ensureChromium(): void {
  if (!fs.existsSync(process.env.LAYERWISE_CHROMIUM || '/usr/bin/chromium'))
    execFileSync('bash', [path.join(ROOT, 'test/vscode/setup.sh')], { stdio: 'inherit' });
}

/** Headless Chromium (test/vscode/browser.mjs) with a fresh profile; close it with `context.close()`. */
export async function launchPanelBrowser(viewport: {
  width: number;
  height: number;
}): Promise<{ context: { close(): Promise<void> }; page: Page }> {
  const { launchChromium } = (await import(pathToFileURL(path.join(ROOT, 'test/vscode/browser.mjs')).href)) as {
    launchChromium: (dir: string, o?: object) => Promise<{ context: { close(): Promise<void> }; page: Page }>;
  };
  return launchChromium(fs.mkdtempSync(path.join(os.tmpdir(), 'lw-chromium-')), { viewport });
}

export interface PanelPageServer {
  origin: string;
  close(): void;
}

export async function servePanelPage(mode: 'view' | 'compare' = 'view'): Promise<PanelPageServer> {
  const bundle = await build({
    entryPoints: [path.join(ROOT, 'client/media/panel.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    write: false,
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0].text;
  const css = fs.readFileSync(path.join(ROOT, 'client/media/panel.css'), 'utf8');
  let origin = '';
  const server = http.createServer((req, res) => {
    if (req.url === '/panel.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    if (req.url === '/panel.css') return res.writeHead(200, { 'content-type': 'text/css' }).end(css);
    res.writeHead(200, { 'content-type': 'text/html' }).end(
      panelDocument({
        cspSource: origin,
        scriptUri: `${origin}/panel.js`,
        styleUri: `${origin}/panel.css`,
        nonce: 'n0nce-for-this-load',
        mode,
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { origin, close: () => server.close() };
}
