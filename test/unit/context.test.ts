import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { measureContext, measureCopySources } from '../../server/src/core/context';
import { fileSystemView } from '../../server/src/core/workspace';

let dir: string;

function write(rel: string, bytes: number): void {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), Buffer.alloc(bytes, 1));
}

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-context-'));
  write('package.json', 100);
  write('package-lock.json', 1_000);
  write('src/index.ts', 2_000);
  write('src/lib/util.ts', 3_000);
  write('node_modules/big/index.js', 500_000);
  write('node_modules/keep.txt', 10);
  write('.git/objects/pack', 70_000);
  write('.env', 5);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('without .dockerignore everything is sent, largest entries first', () => {
  const m = measureContext(fileSystemView(dir), undefined);
  assert.equal(m.bytes, 100 + 1_000 + 2_000 + 3_000 + 500_000 + 10 + 70_000 + 5);
  assert.equal(m.files, 8);
  assert.deepEqual(
    m.largest.slice(0, 2).map((e) => [e.path, e.bytes]),
    [
      ['node_modules/', 500_010],
      ['.git/', 70_000],
    ],
  );
});

test('.dockerignore exclusions and !exceptions follow Docker matching', () => {
  const m = measureContext(fileSystemView(dir), 'node_modules\n.git\n.env\n!node_modules/keep.txt\n');
  assert.equal(m.bytes, 100 + 1_000 + 2_000 + 3_000 + 10);
  assert.ok(
    m.largest.some((e) => e.path === 'node_modules/' && e.bytes === 10),
    'the exception is still sent',
  );
});

test('COPY sources: folders, globs and the whole context', () => {
  const view = fileSystemView(dir);
  const ignoreFile = 'node_modules\n.git\n';
  assert.equal(measureCopySources(view, ignoreFile, ['package*.json']).bytes, 1_100);
  assert.equal(measureCopySources(view, ignoreFile, ['src/']).bytes, 5_000);
  assert.equal(measureCopySources(view, ignoreFile, ['./src', 'package.json']).bytes, 5_100);
  assert.equal(measureCopySources(view, ignoreFile, ['.']).bytes, 6_105);
  assert.equal(measureCopySources(view, ignoreFile, ['nope/']).files, 0);
});

test('a walk stops at maxFiles and says so', () => {
  const m = measureContext(fileSystemView(dir), undefined, { maxFiles: 3 });
  assert.equal(m.truncated, true);
  assert.equal(m.files, 3);
});

test('the files a build sends are walked at most once per analysis, and read afresh by the next one', async () => {
  const { contextSizeOf, projectFilesSent, reuseContextWalks } = await import('../../server/src/core/context');
  const { readWorkspaceFacts } = await import('../../server/src/core/workspace');
  const { analyze } = await import('../../server/src/core/analyze');
  const { rule: secretInImage } = await import('../../server/src/rules/secret-in-image');
  const { rule: contextTooLarge } = await import('../../server/src/rules/context-too-large');
  const { mergeConfig } = await import('../../server/src/core/config');
  let listings = 0;
  const counted = () => {
    const view = fileSystemView(dir);
    return {
      ...view,
      list: (rel: string) => {
        listings++;
        return view.list(rel);
      },
    };
  };
  const text = 'FROM node:20-slim\nCOPY . .\n';
  const config = mergeConfig({ contextSizeLimitBytes: 100_000 });
  const facts = readWorkspaceFacts(counted());
  const first = analyze({ text, workspace: facts, rules: [secretInImage, contextTooLarge], config });
  const afterFirst = listings;
  assert.ok(
    first.findings.some((f) => f.rule === 'secret-in-image') &&
      first.findings.some((f) => f.rule === 'context-too-large'),
  );
  // Asking again with the same facts walks nothing more.
  analyze({ text, workspace: facts, rules: [secretInImage, contextTooLarge], config });
  projectFilesSent(facts);
  contextSizeOf(facts, config.contextSizeLimitBytes);
  assert.equal(listings, afterFirst);
  // A new analysis reads the disk again: a secret added deep in the tree shows at once (no timed cache in the rule).
  write('src/keys/id_rsa', 0);
  fs.writeFileSync(
    path.join(dir, 'src/keys/id_rsa'),
    '-----BEGIN OPENSSH PRIVATE KEY-----\nx\n-----END OPENSSH PRIVATE KEY-----\n',
  );
  try {
    assert.ok(projectFilesSent(readWorkspaceFacts(fileSystemView(dir))).includes('src/keys/id_rsa'));
    // The language server may hand a new analysis the previous walks while .dockerignore and the top level are
    // unchanged (the secret inside src/ then waits for the walk to age)…
    const next = readWorkspaceFacts(fileSystemView(dir));
    reuseContextWalks(facts, next);
    assert.equal(projectFilesSent(next), projectFilesSent(facts));
    assert.ok(!projectFilesSent(next).includes('src/keys/id_rsa'));
    // …but not once they are stale or .dockerignore changed.
    const later = readWorkspaceFacts(fileSystemView(dir));
    reuseContextWalks(facts, later, Date.now() + 60_000);
    assert.ok(projectFilesSent(later).includes('src/keys/id_rsa'));
    const ignored = { ...readWorkspaceFacts(fileSystemView(dir)), dockerignore: 'src/keys\n', contextWalks: new Map() };
    reuseContextWalks(facts, ignored);
    assert.ok(!projectFilesSent(ignored).includes('src/keys/id_rsa'));
  } finally {
    fs.rmSync(path.join(dir, 'src/keys'), { recursive: true, force: true });
  }
});
