import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../server/src/rules/removed-in-later-layer';
import { runRule, covered } from '../../support/ruleTest';

test('flags a download removed in a later RUN, on the removed path, naming where it came from', () => {
  const text =
    'FROM debian:12\nRUN curl -fsSLo /tmp/tool.tgz https://example.com/tool.tgz\nRUN tar -xzf /tmp/tool.tgz -C /usr/local && rm /tmp/tool.tgz\n';
  const [f, ...rest] = runRule(rule, text);
  assert.equal(rest.length, 0);
  assert.equal(covered(text, f), '/tmp/tool.tgz');
  assert.match(f.message, /added by `curl` on line 2.*bytes stay in that earlier layer.*same RUN/);
});

test('flags packages purged later, apt lists removed later, copied folders deleted later, git clones', () => {
  const text = `${[
    'FROM debian:12',
    'WORKDIR /app',
    'RUN apt-get update && apt-get install -y gcc make',
    'COPY tests ./tests',
    'RUN git clone https://github.com/x/lib.git',
    'RUN apt-get purge -y gcc && rm -rf /var/lib/apt/lists/*',
    'RUN rm -rf tests/fixtures lib',
  ].join('\n')}\n`;
  const findings = runRule(rule, text);
  assert.deepEqual(
    findings.map((f) => covered(text, f)),
    ['gcc', '/var/lib/apt/lists/*', 'tests/fixtures', 'lib'],
  );
  assert.match(findings[0].message, /package `gcc` was added by `apt-get install` on line 3/);
});

test('removal in the same RUN, removal of unrelated paths and builder stages are fine', () => {
  assert.deepEqual(
    runRule(
      rule,
      'FROM debian:12\nRUN curl -o /tmp/x.tgz https://e.com/x.tgz && tar -xzf /tmp/x.tgz && rm /tmp/x.tgz\nRUN rm -rf /var/log/*.log\n',
    ),
    [],
  );
  assert.deepEqual(
    runRule(
      rule,
      'FROM debian:12\nRUN apt-get update && apt-get install -y gcc && apt-get purge -y gcc && rm -rf /var/lib/apt/lists/*\n',
    ),
    [],
  );
  assert.deepEqual(
    runRule(
      rule,
      'FROM debian:12 AS build\nRUN curl -o /tmp/x https://e.com/x\nRUN rm /tmp/x\nFROM debian:12-slim\nCOPY --from=build /usr/local /usr/local\n',
    ),
    [],
  );
});

test('COPY . . then rm: flagged only for paths that really come from the context', () => {
  const text = 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm run build && rm -rf src .cache\n';
  const findings = runRule(rule, text, { files: { 'src/index.ts': 'x', 'package.json': '{}' } });
  assert.deepEqual(
    findings.map((f) => covered(text, f)),
    ['src'],
  );
  assert.match(findings[0].message, /\.dockerignore/);
  assert.deepEqual(runRule(rule, text), [], 'no workspace: cannot tell what the context holds');
  assert.deepEqual(runRule(rule, text, { files: { 'src/index.ts': 'x', '.dockerignore': 'src\n' } }), []);
});

test('cleaning a package manager cache in a later RUN saves nothing: flagged on the clean word', () => {
  const text =
    'FROM node:20-slim\nRUN npm ci --omit=dev\nRUN npm cache clean --force\nRUN dnf install -y x\nRUN dnf clean all\n';
  const findings = runRule(rule, text);
  assert.deepEqual(
    findings.map((f) => covered(text, f)),
    ['clean', 'clean'],
  );
  assert.match(findings[0].message, /the cache in `\/root\/\.npm` was added by `npm ci` on line 2/);
  assert.deepEqual(runRule(rule, 'FROM node:20-slim\nRUN npm ci --omit=dev && npm cache clean --force\n'), []);
  assert.deepEqual(
    runRule(rule, 'FROM node:20-slim\nRUN npm i -g npm@10\nRUN npm ci && npm cache clean --force\n'),
    [],
    'the clean serves its own RUN',
  );
});

test('a file written by a shell redirection and removed in a later RUN still ships (the size panel measures it)', () => {
  const text =
    'FROM debian:bookworm-slim\nRUN head -c 20000000 /dev/urandom > /blob.bin\nRUN echo hi >>/tmp/log.txt 2>/dev/null\nRUN rm /blob.bin /tmp/log.txt\n';
  const findings = runRule(rule, text);
  assert.deepEqual(
    findings.map((f) => covered(text, f)),
    ['/blob.bin', '/tmp/log.txt'],
  );
  assert.match(findings[0].message, /line 2/);
  assert.deepEqual(
    runRule(rule, 'FROM debian:bookworm-slim\nRUN echo a > /dev/null 2>&1\nRUN rm -rf /dev/null.d\n'),
    [],
  );
});
