// Recall on real files: the corpus rarely contains the correctness bugs (its distroless and scratch
// files are done right), so each case takes a real corpus Dockerfile, seeds one known mistake, and
// checks the rule reports exactly that (and nothing on the untouched file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runRule, covered, tempWorkspace } from '../support/ruleTest';
import type { Rule } from '../../server/src/rules/types';
import { rule as distrolessNodeCmd } from '../../server/src/rules/distroless-node-cmd';
import { rule as goCgo } from '../../server/src/rules/go-cgo-in-static-image';
import { rule as shellInShellless } from '../../server/src/rules/shell-in-shellless-image';
import { rule as baseVersionMismatch } from '../../server/src/rules/base-version-mismatch';
import { rule as nextWithoutStandalone } from '../../server/src/rules/next-without-standalone';
import { rule as secretInImage } from '../../server/src/rules/secret-in-image';
import { rule as npmAsEntrypoint } from '../../server/src/rules/npm-as-entrypoint';

const CORPUS = path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus');

function corpusFile(rel: string): string {
  const file = path.join(CORPUS, rel);
  assert.ok(fs.existsSync(file), `corpus file missing: ${file} (CI checks out shared/ beside the repository)`);
  return fs.readFileSync(file, 'utf8');
}

function seeded(
  rule: Rule,
  rel: string,
  from: string,
  to: string,
  expected: string[],
  options: { files?: Record<string, string> } = {},
): void {
  const original = corpusFile(rel);
  assert.ok(original.includes(from), `${rel} no longer contains ${JSON.stringify(from)}`);
  const dir = options.files ? tempWorkspace(options.files) : undefined;
  assert.deepEqual(runRule(rule, original, { dir }), [], `${rule.meta.id} on the untouched ${rel}`);
  const text = original.replace(from, to);
  assert.deepEqual(
    runRule(rule, text, { dir }).map((f) => covered(text, f)),
    expected,
    `${rule.meta.id} on seeded ${rel}`,
  );
}

test('distroless-node-cmd: the distroless Node example with CMD ["node", "hello.js"]', () => {
  seeded(
    distrolessNodeCmd,
    'node/GoogleContainerTools__distroless__examples__nodejs__Dockerfile.Dockerfile',
    'CMD ["hello.js"]',
    'CMD ["node", "hello.js"]',
    ['"node"'],
  );
});

test('go-cgo-in-static-image: the distroless Go example and dogstatsd-local (scratch) without CGO_ENABLED=0', () => {
  seeded(
    goCgo,
    'go/GoogleContainerTools__distroless__examples__go__Dockerfile.Dockerfile',
    'RUN CGO_ENABLED=0 go build',
    'RUN go build',
    ['go build'],
  );
  seeded(
    goCgo,
    'go/jonmorehouse__dogstatsd-local__Dockerfile.Dockerfile',
    'CGO_ENABLED=0 GOOS=linux go build',
    'GOOS=linux go build',
    ['go build'],
  );
});

test('shell-in-shellless-image: a pip install and a shell-form ENTRYPOINT in the distroless Python example', () => {
  seeded(
    shellInShellless,
    'python/GoogleContainerTools__distroless__examples__python3-requirements__Dockerfile.Dockerfile',
    'ENTRYPOINT ["/venv/bin/python3", "psutil_example.py"]',
    'RUN pip install psutil\nENTRYPOINT /venv/bin/python3 psutil_example.py',
    ['RUN', 'ENTRYPOINT'],
  );
});

test('base-version-mismatch: the Next.js compose example with its runner moved to node 20', () => {
  seeded(
    baseVersionMismatch,
    'nextjs/vercel__next.js__examples__with-docker-compose__next-app__prod.Dockerfile.Dockerfile',
    'FROM node:18-alpine AS runner',
    'FROM node:20-alpine AS runner',
    ['node:20-alpine'],
  );
});

test('next-without-standalone: the same example in a workspace whose next.config.js lacks output: standalone', () => {
  const rel = 'nextjs/vercel__next.js__examples__with-docker-compose__next-app__prod.Dockerfile.Dockerfile';
  const pkg = JSON.stringify({ name: 'next-app', scripts: { build: 'next build' }, dependencies: { next: '14.2.0' } });
  const text = corpusFile(rel);
  assert.deepEqual(
    runRule(nextWithoutStandalone, text, {
      files: { 'package.json': pkg, 'next.config.js': "module.exports = { output: 'standalone' };\n" },
    }),
    [],
  );
  const findings = runRule(nextWithoutStandalone, text, {
    files: { 'package.json': pkg, 'next.config.js': 'module.exports = {};\n' },
  });
  assert.deepEqual(
    findings.map((f) => covered(text, f)),
    ['/app/.next/standalone'],
  );
});

test('secret-in-image and npm-as-entrypoint: the nginx-nodejs-redis app with a baked-in password', () => {
  const rel = 'apps/docker__awesome-compose__nginx-nodejs-redis__web/Dockerfile';
  seeded(secretInImage, rel, 'WORKDIR /usr/src/app', 'ENV REDIS_PASSWORD=hunter2\nWORKDIR /usr/src/app', [
    'REDIS_PASSWORD=hunter2',
  ]);
  // The app's own package.json: `start` is `node server.js`, so the fix is offered.
  const appDir = path.join(CORPUS, 'apps/docker__awesome-compose__nginx-nodejs-redis__web');
  const [f] = runRule(npmAsEntrypoint, corpusFile(rel), { dir: appDir });
  assert.equal(f.fixes?.[0].title, 'Run the app directly: CMD ["node", "server.js"]');
});

test('secret-in-image: the distroless Node example in a workspace holding a .env ships it via COPY --from=build-env /app', () => {
  const rel = 'node/GoogleContainerTools__distroless__examples__nodejs__Dockerfile.Dockerfile';
  const text = corpusFile(rel);
  assert.deepEqual(runRule(secretInImage, text, { files: { 'hello.js': '', 'package.json': '{}' } }), []);
  const findings = runRule(secretInImage, text, {
    files: { 'hello.js': '', 'package.json': '{}', '.env': 'STRIPE_KEY=sk_live_x\n' },
  });
  assert.deepEqual(
    findings.map((f) => covered(text, f)),
    ['/app'],
  );
});
