// 5. Package: `npm run package` in a clean copy of the tracked files (so the shared dist/ other
// tests use is never rebuilt under them), then the VSIX and production bundle sizes.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { kib } from './stats';
import { table, verdict } from './report';

const ROOT = path.resolve(__dirname, '..');

export function benchPackage(): { markdown: string; vsixBytes: number } {
  const copy = mkdtempSync(path.join(os.tmpdir(), 'layerwise-bench-package-'));
  try {
    const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
    for (const file of tracked) {
      if (!existsSync(path.join(ROOT, file))) continue;
      mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
      cpSync(path.join(ROOT, file), path.join(copy, file));
    }
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
    const t0 = performance.now();
    execFileSync(process.execPath, [path.join(copy, 'scripts', 'package.mjs')], { cwd: copy, stdio: 'pipe', timeout: 300_000 });
    const seconds = (performance.now() - t0) / 1000;
    const vsixBytes = statSync(path.join(copy, 'layerwise.vsix')).size;
    const bundles = ['extension.js', 'server.js', 'cli.js'].map((b) => [`dist/${b} (production)`, kib(statSync(path.join(copy, 'dist', b)).size)]);
    const markdown = [
      table(['artifact', 'size'], [['layerwise.vsix', kib(vsixBytes)], ...bundles]),
      '',
      `\`npm run package\` (production build + \`vsce package\`) took ${seconds.toFixed(1)} s in a copy of the ${tracked.length} tracked files. Target VSIX < 1 MB — ${verdict(vsixBytes < 1024 * 1024)}.`,
      activationNote(),
    ].join('\n');
    return { markdown, vsixBytes };
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** Activation time in the real VS Code, if the VS Code runner recorded one. */
function activationNote(): string {
  const summary = path.join(ROOT, 'artifacts', 'vscode-summary.json');
  const data = existsSync(summary) ? (JSON.parse(readFileSync(summary, 'utf8')) as Record<string, unknown>) : undefined;
  const ms = data && typeof data.activationMs === 'number' ? data.activationMs : undefined;
  if (ms !== undefined) return `Extension activation in the real VS Code (from \`artifacts/vscode-summary.json\`): ${ms.toFixed(0)} ms.`;
  return 'Extension activation time in the real VS Code: not measured — the VS Code runner (`test/vscode/`) does not record it (`artifacts/vscode-summary.json` has no `activationMs`).';
}
