// Headless Debian Chromium driven by playwright-core (no Playwright browser download needed).
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { chromiumPath, loadPlaywright } from './paths.mjs';

const CHROMIUM_FLAGS = [
  '--no-sandbox', // root in CI containers
  '--disable-gpu',
  '--disable-dev-shm-usage', // small /dev/shm in containers
  // keep the browser offline except for the loopback server
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
  '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** A fresh persistent context (its own profile under runDir); close it with context.close(). */
export async function launchChromium(runDir, { viewport = { width: 1400, height: 900 } } = {}) {
  const { chromium } = loadPlaywright();
  const profile = mkdtempSync(path.join(runDir, 'chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}
