// One code path: the CLI and the language server report the same findings (rule, range, severity)
// for the same file on disk, and a broken .layerwise.json surfaces in both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { startServer, fileUri, ROOT, type TestClient } from '../support/lspClient';
import { tempWorkspace } from '../support/ruleTest';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus');
// Apps with their package.json (workspace-aware rules), CRLF, heredocs, escape directives, numeric --from, distroless.
const FILES = [
  'apps/dockersamples__node-bulletin-board__bulletin-board-app/Dockerfile',
  'apps/docker__awesome-compose__nginx-nodejs-redis__web/Dockerfile',
  'apps/BretFisher__node-docker-good-defaults__root/Dockerfile',
  'node/rcjsuen__dockerfile-utils__Dockerfile.Dockerfile',
  'node/docker__awesome-compose__react-express-mysql__backend__Dockerfile.Dockerfile',
  'go/jonmorehouse__dogstatsd-local__Dockerfile.Dockerfile',
  'rust/simophin__simple-logbook__Dockerfile.Dockerfile',
  'python/docker-library__python__3.13__slim-trixie__Dockerfile.Dockerfile',
  'parser/microsoft__dotnet-framework-docker__src__sdk__4.8__windowsservercore-ltsc2019__Dockerfile.Dockerfile',
  'nextjs/vercel__next.js__examples__with-docker__Dockerfile.Dockerfile',
];

type Row = {
  file: string;
  rule: string;
  severity: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
};
const key = (rule: string, severity: string, r: Row['range']) =>
  `${rule} ${severity} ${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
const LSP_SEVERITY: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'info' };

let client: TestClient;
before(async () => {
  assert.ok(fs.existsSync(CORPUS), `the corpus is missing at ${CORPUS} (CI checks it out beside the repository)`);
  client = await startServer({ rootDir: CORPUS, settings: { builtinValidation: false } });
});
after(async () => {
  await client?.stop();
});

async function serverKeys(file: string): Promise<string[]> {
  const uri = fileUri(file);
  const waiting = client.nextDiagnostics(uri, 1);
  client.open(uri, fs.readFileSync(file, 'utf8'));
  const { diagnostics } = await waiting;
  client.close(uri);
  // Findings only: config and suppression-comment problems are the editor's extra hints.
  return diagnostics
    .filter((d: Diagnostic) => d.source === 'layerwise' && d.code !== 'config' && d.code !== 'suppression')
    .map((d) => key(String(d.code), LSP_SEVERITY[d.severity ?? 1], d.range))
    .sort();
}

test('CLI --format json and the server agree on every finding of each corpus file', async () => {
  const files = FILES.map((f) => path.join(CORPUS, f));
  const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', ...files], {
    cwd: CORPUS,
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const rows = JSON.parse(r.stdout) as Row[];
  let total = 0;
  for (const file of files) {
    const fromCli = rows
      .filter((x) => path.resolve(CORPUS, x.file) === file)
      .map((x) => key(x.rule, x.severity, x.range))
      .sort();
    const fromServer = await serverKeys(file);
    assert.deepEqual(fromServer, fromCli, path.relative(CORPUS, file));
    total += fromCli.length;
  }
  assert.ok(total >= 20, `the files are chosen to have findings (got ${total})`);
});

test('a broken .layerwise.json: one config diagnostic in the editor, one stderr line and exit 2 in the CLI', async () => {
  const dir = tempWorkspace({
    '.layerwise.json': '{"rules": {"root-user": "loud"}}',
    Dockerfile: 'FROM node:20-slim\n',
  });
  const file = path.join(dir, 'Dockerfile');
  const uri = fileUri(file);
  const waiting = client.nextDiagnostics(uri, 1);
  client.open(uri, 'FROM node:20-slim\n');
  const config = (await waiting).diagnostics.filter((d) => d.code === 'config');
  assert.equal(config.length, 1);
  assert.match(
    String(config[0].message),
    /Layerwise config ignored: .*\.layerwise\.json: rule "root-user": severity must be off, info, warning or error/,
  );
  const r = spawnSync(process.execPath, [CLI, 'lint', 'Dockerfile'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /rule "root-user": severity must be/);
});
