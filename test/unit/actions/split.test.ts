// check_assist for the split: each fixture folder holds the inputs and the expected result per
// runner (expected.<runner>.Dockerfile) or the expected refusal (expected.<runner>.refused holds
// a substring of the reason). Set UPDATE_EXPECT=1 to (re)write expected files after reviewing.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { splitDockerfile, splitVariants, replaceRunner, RUNNER_KINDS } from '../../../server/src/actions/split/index';
import { analyzeAll } from '../../../server/src/lint/lintFile';
import { parseDockerfile } from '../../../server/src/core/parse';
import { fileSystemView, readWorkspaceFacts } from '../../../server/src/core/workspace';
import { applyTextEdits } from '../../../server/src/core/edits';
import { CORPUS, corpusDockerfiles } from '../../support/corpus';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'actions', 'split');
const UPDATE = process.env.UPDATE_EXPECT === '1';

for (const name of fs.readdirSync(FIXTURES).sort()) {
  const dir = path.join(FIXTURES, name);
  const input = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
  const facts = readWorkspaceFacts(fileSystemView(dir));
  for (const runner of RUNNER_KINDS) {
    const expectedFile = path.join(dir, `expected.${runner}.Dockerfile`);
    const refusedFile = path.join(dir, `expected.${runner}.refused`);
    if (!UPDATE && !fs.existsSync(expectedFile) && !fs.existsSync(refusedFile)) continue;
    // replace-*: multi-stage files whose final stage ships the builder ("replace the runner").
    const rewrite = name.startsWith('replace-') ? replaceRunner : splitDockerfile;
    test(`split ${name} → ${runner}`, () => {
      const out = rewrite(input, facts, { runner });
      if (UPDATE) {
        fs.rmSync(expectedFile, { force: true });
        fs.rmSync(refusedFile, { force: true });
        if ('refused' in out) fs.writeFileSync(refusedFile, `${out.refused}\n`);
        else fs.writeFileSync(expectedFile, out.text);
        return;
      }
      if (fs.existsSync(refusedFile)) {
        assert.ok('refused' in out, `expected a refusal, got:\n${'text' in out ? out.text : ''}`);
        assert.match(out.refused, new RegExp(escapeRegExp(fs.readFileSync(refusedFile, 'utf8').trim())));
        return;
      }
      assert.ok(!('refused' in out), `refused: ${'refused' in out ? out.refused : ''}`);
      assert.equal(out.text, fs.readFileSync(expectedFile, 'utf8'));
      assert.match(out.title, new RegExp(`runner ${runner}`));
      // The result re-parses into named stages, none of them unnamed or empty.
      const model = parseDockerfile(out.text);
      assert.ok(model.stages.length >= 2, 'at least two stages');
      assert.ok(model.stages.every((s) => s.name && s.instructions.length > 0));
      assert.equal(model.stages[model.stages.length - 1].name, 'runner');
      // Re-linting no longer reports what the split is for.
      const after = analyzeAll({ text: out.text, workspace: facts });
      assert.deepEqual(after.ruleErrors, []);
      const still = after.findings.filter((f) => f.rule === 'single-stage-build' || f.rule === 'fat-base-image');
      assert.deepEqual(
        still.map((f) => `${f.rule}: ${f.message}`),
        [],
      );
      // A second application offers nothing.
      const again = rewrite(out.text, facts, { runner });
      assert.ok('refused' in again, 'splitting the split result must be a no-op');
      // Other-file edits apply cleanly (next.config.js gets output: 'standalone').
      for (const e of out.extraEdits) {
        if ('file' in e && e.file) {
          const edited = applyTextEdits(fs.readFileSync(e.file, 'utf8'), [{ range: e.range, newText: e.newText }]);
          assert.match(edited, /output: 'standalone'/);
        }
      }
    });
  }
}

test('warnings are written at the top of the result', () => {
  const dir = path.join(FIXTURES, 'devdeps-trap');
  const out = splitDockerfile(
    fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'),
    readWorkspaceFacts(fileSystemView(dir)),
    { runner: 'slim' },
  );
  assert.ok(!('refused' in out));
  assert.deepEqual(out.warnings.length, 1);
  assert.match(out.warnings[0], /errorhandler, method-override are only in devDependencies/);
  assert.ok(out.text.startsWith('# layerwise split: errorhandler, method-override'));
  assert.doesNotMatch(out.text, /--omit=dev/);
});

test('without a workspace the split refuses instead of guessing', () => {
  const out = splitDockerfile('FROM node:20\nCOPY . .\nRUN npm ci\nCMD ["node","x.js"]\n', undefined);
  assert.ok('refused' in out);
});

test('splitVariants offers each runner the plan can honour and says why not for the others', () => {
  const dir = path.join(FIXTURES, 'tini-entrypoint');
  const { results, refused } = splitVariants(
    fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'),
    readWorkspaceFacts(fileSystemView(dir)),
  );
  assert.deepEqual(
    results.map((r) => r.runner),
    ['slim'],
  );
  assert.deepEqual(
    refused.map((r) => r.runner),
    ['distroless', 'alpine'],
  );
});

test('CRLF input gives CRLF output', () => {
  const dir = path.join(FIXTURES, 'express-plain');
  const input = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8').replace(/\n/g, '\r\n');
  const out = splitDockerfile(input, readWorkspaceFacts(fileSystemView(dir)), { runner: 'slim' });
  assert.ok(!('refused' in out));
  assert.ok(out.text.includes('\r\n') && !/[^\r]\n/.test(out.text));
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const corpusFiles = corpusDockerfiles(CORPUS);
test(
  `every corpus Dockerfile (${corpusFiles.length}) is split or refused with a reason, never broken`,
  { skip: corpusFiles.length === 0 ? 'no ../shared/corpus next to the project' : false },
  () => {
    let split = 0;
    for (const file of corpusFiles) {
      const facts = readWorkspaceFacts(fileSystemView(path.dirname(file)));
      const { results, refused } = splitVariants(fs.readFileSync(file, 'utf8'), facts);
      for (const r of refused) assert.ok(r.reason.length > 10, `${file}: ${r.runner} refused without a reason`);
      for (const r of results) {
        split++;
        const model = parseDockerfile(r.text);
        assert.ok(
          model.stages.length >= 2 && model.stages.every((s) => s.name),
          `${file} (${r.runner}): the result has unnamed stages`,
        );
        assert.deepEqual(
          analyzeAll({ text: r.text, workspace: facts }).ruleErrors,
          [],
          `${file} (${r.runner}): a rule threw on the result`,
        );
        assert.ok(
          'refused' in splitDockerfile(r.text, facts, { runner: r.runner }),
          `${file} (${r.runner}): splitting again is not a no-op`,
        );
      }
    }
    assert.ok(split > 0, 'the corpus apps are splittable');
  },
);

test('a RUN with `||` or a pipe is kept whole, operators and all', () => {
  const dir = path.join(FIXTURES, 'express-plain');
  const text =
    'FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN ./setup.sh || echo skipped\nRUN curl -s x | sh; echo done\nCMD ["node","server.js"]\n';
  const out = splitDockerfile(text, readWorkspaceFacts(fileSystemView(dir)), { runner: 'slim' });
  assert.ok(!('refused' in out), 'refused' in out ? out.refused : '');
  assert.match(out.text, /^RUN \.\/setup\.sh \|\| echo skipped$/m);
  assert.match(out.text, /^RUN curl -s x \| sh; echo done$/m);
  assert.ok('refused' in splitDockerfile(text, readWorkspaceFacts(fileSystemView(dir)), { runner: 'distroless' }));
});

test('a module preloaded with -r counts as a run-time dependency, and is not taken for the entry file', async () => {
  const { tempWorkspace } = await import('../../support/ruleTest');
  const dir = tempWorkspace({
    'package.json': JSON.stringify({
      name: 'a',
      scripts: { start: 'node -r dotenv/config server.js' },
      dependencies: { express: '4' },
      devDependencies: { dotenv: '16' },
    }),
    'package-lock.json': '{}',
    'server.js': "require('express');\n",
  });
  const out = splitDockerfile(
    'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["npm", "start"]\n',
    readWorkspaceFacts(fileSystemView(dir)),
    { runner: 'distroless' },
  );
  assert.ok(!('refused' in out), 'refused' in out ? out.refused : '');
  assert.match(out.warnings.join('\n'), /dotenv is only in devDependencies/);
  assert.match(out.text, /CMD \["-r", "dotenv\/config", "server\.js"\]/);
});
