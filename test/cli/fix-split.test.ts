// `layerwise fix` and `layerwise split` as a user runs them (dist/cli.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { splitDockerfile } from '../../server/src/actions/split/index';
import { fileSystemView, readWorkspaceFacts } from '../../server/src/core/workspace';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const SPLIT_FIXTURES = path.join(ROOT, 'test', 'fixtures', 'actions', 'split');

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function copyFixture(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-cli-'));
  fs.cpSync(path.join(SPLIT_FIXTURES, name), dir, { recursive: true, filter: (src) => !/expected\./.test(src) });
  return dir;
}

test('split prints the split without touching the file; --write replaces it', () => {
  const dir = copyFixture('ts-api');
  const original = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
  const expected = splitDockerfile(original, readWorkspaceFacts(fileSystemView(dir)), { runner: 'slim' });
  assert.ok(!('refused' in expected));
  const printed = cli(['split', '--runner', 'slim', 'Dockerfile'], dir);
  assert.equal(printed.code, 0, printed.err);
  assert.equal(printed.out, expected.text);
  assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), original);
  // The predicted image size, in on-disk terms, with what it could not measure here (no node_modules).
  assert.match(printed.err, /predicted image: ≥ \d+ MB( ± \d+ MB)? on disk \+ dependencies \(no node_modules here\)/);
  const written = cli(['split', '--runner=slim', '--write', 'Dockerfile'], dir);
  assert.equal(written.code, 0, written.err);
  assert.equal(written.out, '');
  assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), expected.text);
  const again = cli(['split', 'Dockerfile'], dir);
  assert.equal(again.code, 1);
  assert.match(again.err, /not split: the final stage runs on node:20-slim, which no build stage uses/);
});

test('split: notes go to stderr, refusals exit 1 with the reason, bad runner exits 2', () => {
  const dir = copyFixture('devdeps-trap');
  const r = cli(['split', '--runner', 'distroless', 'Dockerfile'], dir);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /note: errorhandler, method-override are only in devDependencies/);
  assert.match(r.out, /^# layerwise split: errorhandler/);
  const tini = copyFixture('tini-entrypoint');
  const refused = cli(['split', '--runner', 'distroless', 'Dockerfile'], tini);
  assert.equal(refused.code, 1);
  assert.match(refused.err, /not split: the ENTRYPOINT runs `\/usr\/bin\/tini --`/);
  const fallback = cli(['split', 'Dockerfile'], tini);
  assert.equal(fallback.code, 0, 'without --runner, the first runner the plan can honour (slim here)');
  assert.match(fallback.out, /^FROM node:18-slim AS runner$/m);
  assert.equal(cli(['split', '--runner', 'busybox', 'Dockerfile'], dir).code, 2);
});

test('split on a multi-stage file whose final stage ships the builder replaces the runner, other stages kept', () => {
  const dir = copyFixture('ts-api');
  fs.writeFileSync(
    path.join(dir, 'Dockerfile'),
    'FROM node:20-slim AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n\nFROM node:20-slim AS runner\nWORKDIR /app\nCOPY --from=build /app/node_modules ./node_modules\nCOPY --from=build /app/dist ./dist\nCMD ["node", "dist/index.js"]\n',
  );
  const r = cli(['split', '--runner', 'distroless', 'Dockerfile'], dir);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^FROM node:20-slim AS build$/m);
  assert.match(r.out, /^FROM gcr\.io\/distroless\/nodejs20-debian12:nonroot AS runner$/m);
  assert.match(r.out, /^CMD \["dist\/index\.js"\]$/m);
  fs.writeFileSync(path.join(dir, 'Dockerfile'), r.out);
  const again = cli(['split', 'Dockerfile'], dir);
  assert.equal(again.code, 1);
  assert.match(again.err, /not split: the final stage runs on gcr\.io\/distroless/);
});

test('split --write also edits next.config.js for the Next.js standalone layout', () => {
  const dir = copyFixture('nextjs');
  const r = cli(['split', '--runner', 'slim', '--write', 'Dockerfile'], dir);
  assert.equal(r.code, 0, r.err);
  assert.match(
    fs.readFileSync(path.join(dir, 'next.config.js'), 'utf8'),
    /const nextConfig = \{\n {2}output: 'standalone',\n {2}reactStrictMode: true,/,
  );
  assert.match(
    fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'),
    /COPY --from=build --chown=node:node \/app\/\.next\/standalone \.\//,
  );
});

test('fix prints the fixed file, --write saves it and creates .dockerignore; a second run changes nothing', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-cli-fix-'));
  const text =
    'FROM python:3.12-slim\nWORKDIR /app\nADD . /app\nRUN pip install -r requirements.txt\nCMD ["python", "main.py"]\n';
  fs.writeFileSync(path.join(dir, 'Dockerfile'), text);
  fs.writeFileSync(path.join(dir, 'requirements.txt'), 'flask\n');
  fs.mkdirSync(path.join(dir, '.git'));
  const printed = cli(['fix', 'Dockerfile'], dir);
  assert.equal(printed.code, 0, printed.err);
  assert.notEqual(printed.out, text);
  assert.match(printed.out, /COPY \. \/app/);
  assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), text, 'no --write: the file stays');
  const written = cli(['fix', '--write', 'Dockerfile'], dir);
  assert.equal(written.code, 0, written.err);
  assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), printed.out);
  assert.match(written.err, /applied \d+ fix/);
  assert.match(fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8'), /\.git/);
  const second = cli(['fix', '--write', 'Dockerfile'], dir);
  assert.match(second.err, /nothing to fix/);
  assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), printed.out);
  assert.equal(cli(['fix'], dir).code, 2);
});
