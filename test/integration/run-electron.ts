// Runs the same integration suite in desktop VS Code through @vscode/test-electron, for machines where
// VS Code can be downloaded (or VSCODE_EXECUTABLE_PATH names an installed one). CI here uses
// test/vscode/run.mjs instead: the download servers are unreachable.
//   node test/vscode/build-tests.mjs && npx tsx test/integration/run-electron.ts [--trust]
import { runTests } from '@vscode/test-electron';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

async function main(): Promise<void> {
  const repoRoot = path.resolve(__dirname, '../..');
  const fixtures = path.join(repoRoot, 'test/fixtures/workspaces');
  const trust = process.argv.includes('--trust');
  // Tests edit and save files: give them a copy, as the browser runner does.
  const workspace = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-electron-')), 'workspace');
  fs.cpSync(fixtures, workspace, { recursive: true });

  const exitCode = await runTests({
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH || undefined,
    // desktop VS Code accepts several development extensions: the second Docker server rides along
    extensionDevelopmentPath: [repoRoot, path.join(repoRoot, 'test/fixtures/extensions/other-docker')],
    extensionTestsPath: path.join(repoRoot, 'out/integration/index.js'),
    extensionTestsEnv: {
      LAYERWISE_TEST_FIXTURES: fixtures,
      LAYERWISE_TEST_TRUST: trust ? 'untrusted' : 'disabled',
      LAYERWISE_TEST_EXTENSION: repoRoot,
      LAYERWISE_TEST_OTHER_DOCKER: '1',
      ...(process.env.LAYERWISE_TEST_GREP ? { LAYERWISE_TEST_GREP: process.env.LAYERWISE_TEST_GREP } : {}),
      ...(process.env.LAYERWISE_TEST_FILES ? { LAYERWISE_TEST_FILES: process.env.LAYERWISE_TEST_FILES } : {}),
    },
    // no other extensions, so a second Docker extension in the user's profile cannot change results
    launchArgs: [workspace, '--disable-extensions', ...(trust ? [] : ['--disable-workspace-trust'])],
  });
  process.exit(exitCode);
}

main().catch((error: unknown) => {
  console.error(`[run-electron] FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
