// 5. Package: `npm run package` in a clean copy of the tracked files (so the shared dist/ other
// tests use is never rebuilt under them), then the VSIX and production bundle sizes.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { kib } from './stats';
import { table, verdict } from './report';
import type { ActivationArtefact, ActivationSample } from '../test/e2e/activation-artefact';

const ROOT = path.resolve(__dirname, '..');

export function benchPackage(): { markdown: string; vsixBytes: number } {
  const copy = mkdtempSync(path.join(os.tmpdir(), 'layerwise-bench-package-'));
  try {
    const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
      .split('\0')
      .filter(Boolean);
    for (const file of tracked) {
      if (!existsSync(path.join(ROOT, file))) continue;
      mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
      cpSync(path.join(ROOT, file), path.join(copy, file));
    }
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
    const t0 = performance.now();
    execFileSync(process.execPath, [path.join(copy, 'scripts', 'package.mjs')], {
      cwd: copy,
      stdio: 'pipe',
      timeout: 300_000,
    });
    const seconds = (performance.now() - t0) / 1000;
    const vsixBytes = statSync(path.join(copy, 'layerwise.vsix')).size;
    const bundles = ['extension.js', 'server.js', 'cli.js'].map((b) => [
      `dist/${b} (production)`,
      kib(statSync(path.join(copy, 'dist', b)).size),
    ]);
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

const ACTIVATION_FILE = path.join(ROOT, 'artifacts', 'vscode-activation.json');

/**
 * Activation time in the real VS Code, as the UI runner (test/e2e/ui.mjs, `npm test` vscode phase)
 * measured it in artifacts/vscode-activation.json; never a number this run did not read from there.
 */
export function activationNote(file = ACTIVATION_FILE): string {
  const title = 'Extension activation in the real VS Code';
  if (!existsSync(file))
    return `${title}: not measured here: run \`npm test\` (vscode phase) first (its UI runner writes \`artifacts/vscode-activation.json\`).`;
  let data: ActivationArtefact;
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as ActivationArtefact;
  } catch (error) {
    return `${title}: not measured here: \`artifacts/vscode-activation.json\` is unreadable (${error instanceof Error ? error.message : error}); run \`npm test\` (vscode phase) again.`;
  }
  const when = `${data.date.replace('T', ' ').slice(0, 16)} UTC, Layerwise ${data.extension.version} at ${data.extension.gitCommit ?? 'an unknown commit'}${data.extension.dirtyTree ? ' + uncommitted changes' : ''}`;
  if (!data.measured) return `${title}: not measured by the last VS Code run (${when}): ${data.reason}.`;
  const m = data.median;
  const n = data.samples.length;
  const each = (key: keyof ActivationSample) => data.samples.map((s) => s[key] ?? '–').join(', ');
  const rows: (string | number)[][] = [
    [
      "activation: extension code loaded + `activate()` + its promise resolved (language client started) — VS Code's own times",
      `**${m.activationMs} ms**`,
      each('activationMs'),
    ],
    ['&nbsp;&nbsp;load code (`dist/extension.js`)', `${m.loadCodeMs} ms`, each('loadCodeMs')],
    ['&nbsp;&nbsp;`activate()` call (synchronous part)', `${m.callActivateMs} ms`, each('callActivateMs')],
    [
      '&nbsp;&nbsp;until `activate()` resolved (`client.start()`: server spawned, initialized)',
      `${m.finishActivateMs} ms`,
      each('finishActivateMs'),
    ],
  ];
  if (m.activatedMs !== undefined) {
    rows.push([
      'window navigation → activated (fresh windows; extension host marks on the page clock)',
      `${m.activatedMs} ms`,
      each('activatedMs'),
    ]);
  }
  if (m.diagnosticsAfterEditorMs !== undefined) {
    rows.push(
      [
        'Dockerfile drawn in the editor → first Layerwise squiggle (what the user waits; includes VS Code starting its extension host)',
        `**${m.diagnosticsAfterEditorMs} ms**`,
        each('diagnosticsAfterEditorMs'),
      ],
      [
        '&nbsp;&nbsp;of which activated → first squiggle drawn',
        `${m.diagnosticsAfterActivatedMs ?? '–'} ms`,
        each('diagnosticsAfterActivatedMs'),
      ],
      ['window navigation → first Layerwise squiggle', `${m.firstDiagnosticsMs} ms`, each('firstDiagnosticsMs')],
    );
  }
  const timeline =
    m.diagnosticsAfterEditorMs !== undefined
      ? ''
      : ' Time to the first diagnostics: not measured in that run (`LAYERWISE_ACTIVATION_WINDOWS=3` adds fresh windows opened with a Dockerfile).';
  const problems = data.problems.length ? ` Samples that failed: ${data.problems.join('; ')}.` : '';
  return [
    '',
    `${title} (median of ${n} sample${n === 1 ? '' : 's'}: ${data.samples.map((s) => `${s.window} \`${s.activationEvent}\``).join(', ')} — "main" is the UI tests\' window, where Layerwise activated as the window opened a folder holding Dockerfiles, "window-N" a fresh window opened with a Dockerfile; measured ${when}, in ${data.where}; from \`artifacts/vscode-activation.json\`, not re-measured by this bench):`,
    '',
    table(['', 'median', `samples (ms): ${data.samples.map((s) => s.window).join(', ')}`], rows),
    '',
    `Medians are per figure (the parts need not add up to the total). VS Code's Running Extensions view shows only load code + \`activate()\` call as "Activation".${timeline}${problems}`,
  ].join('\n');
}
