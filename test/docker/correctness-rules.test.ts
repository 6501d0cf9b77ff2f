// The correctness rules' claims, proven on the private daemon: the flagged Dockerfile really fails
// (to build or to start), and the rule's own fix makes it build and run. Containers: --network none.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSuiteHooks, buildTestImage, dockerCli } from '../support/docker-env';
import { appliedFix, runRule, tempWorkspace } from '../support/ruleTest';
import type { Rule } from '../../server/src/rules/types';
import { rule as distrolessNodeCmd } from '../../server/src/rules/distroless-node-cmd';
import { rule as shellInShellless } from '../../server/src/rules/shell-in-shellless-image';
import { rule as goCgo } from '../../server/src/rules/go-cgo-in-static-image';
import { rule as rootUser } from '../../server/src/rules/root-user';
import { rule as secretInImage } from '../../server/src/rules/secret-in-image';

const TEST_TIMEOUT = 10 * 60_000;
const tags: string[] = [];

/** Builds `dockerfile` in `dir` and runs it (no network); failures are returned (docker-env throws on non-zero exits). */
async function buildAndRun(
  dir: string,
  dockerfile: string,
  name: string,
): Promise<{ built: boolean; buildOutput: string; ok?: boolean; output?: string }> {
  fs.writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
  const tag = `layerwise-rule-test/${name}:${process.pid}`;
  tags.push(tag);
  try {
    await buildTestImage(dir, tag, { network: 'none' });
  } catch (e) {
    return { built: false, buildOutput: (e as Error).message };
  }
  try {
    const run = await dockerCli(['run', '--rm', '--network', 'none', tag], { timeoutMs: 60_000 });
    return { built: true, buildOutput: '', ok: true, output: run.stdout + run.stderr };
  } catch (e) {
    return { built: true, buildOutput: '', ok: false, output: (e as Error).message };
  }
}

function fixed(rule: Rule, text: string, dir: string): string {
  return appliedFix(rule, text, { dir }).text;
}

describe('correctness rules on a real daemon', () => {
  buildSuiteHooks(tags);

  it(
    'distroless-node-cmd: CMD ["node", …] fails to start on distroless Node; the fix runs',
    { timeout: TEST_TIMEOUT },
    async () => {
      const dir = tempWorkspace({ 'a.js': 'console.log("served by " + process.version)\n' });
      const text = 'FROM gcr.io/distroless/nodejs20-debian12\nCOPY a.js /app/a.js\nCMD ["node", "/app/a.js"]\n';
      assert.equal(runRule(distrolessNodeCmd, text, { dir }).length, 1);
      const before = await buildAndRun(dir, text, 'distroless-node-cmd');
      assert.ok(before.built, before.buildOutput);
      assert.equal(before.ok, false, before.output);
      assert.match(before.output ?? '', /Cannot find module '\/node'|Cannot find module/);
      const after = await buildAndRun(dir, fixed(distrolessNodeCmd, text, dir), 'distroless-node-cmd-fixed');
      assert.equal(after.ok, true, after.output);
      assert.match(after.output ?? '', /served by v20/);
      // ENTRYPOINT ["node", …]: node is not on PATH in distroless; the fix writes /nodejs/bin/node.
      const entry = 'FROM gcr.io/distroless/nodejs20-debian12\nCOPY a.js /app/a.js\nENTRYPOINT ["node", "/app/a.js"]\n';
      const broken = await buildAndRun(dir, entry, 'distroless-node-entrypoint');
      assert.equal(broken.ok, false, broken.output);
      assert.match(broken.output ?? '', /executable file not found|no such file/);
      const repaired = await buildAndRun(dir, fixed(distrolessNodeCmd, entry, dir), 'distroless-node-entrypoint-fixed');
      assert.equal(repaired.ok, true, repaired.output);
      assert.match(repaired.output ?? '', /served by v20/);
    },
  );

  it(
    'shell-in-shellless-image: RUN fails the build, shell-form CMD fails the start; the exec-form fix runs',
    { timeout: TEST_TIMEOUT },
    async () => {
      const dir = tempWorkspace({ 'a.js': 'console.log("ok")\n' });
      const run = await buildAndRun(dir, 'FROM gcr.io/distroless/nodejs20-debian12\nRUN echo hi\n', 'shell-run');
      assert.equal(run.built, false, 'a shell-form RUN cannot build on distroless');
      const execShell = await buildAndRun(
        dir,
        'FROM gcr.io/distroless/static-debian12\nENTRYPOINT ["sh", "-c", "echo hi"]\n',
        'shell-exec',
      );
      assert.equal(execShell.ok, false, 'exec form naming sh cannot start either');
      const text = 'FROM gcr.io/distroless/nodejs20-debian12\nCOPY a.js /app/a.js\nCMD node /app/a.js\n';
      assert.equal(runRule(shellInShellless, text, { dir }).length, 1);
      const before = await buildAndRun(dir, text, 'shell-cmd');
      assert.ok(before.built, before.buildOutput);
      assert.equal(before.ok, false, before.output);
      const fixedText = fixed(shellInShellless, text, dir);
      assert.match(fixedText, /CMD \["\/app\/a.js"\]/);
      const after = await buildAndRun(dir, fixedText, 'shell-cmd-fixed');
      assert.equal(after.ok, true, after.output);
      assert.match(after.output ?? '', /^ok$/m);
    },
  );

  it(
    'go-cgo-in-static-image: a cgo binary using net fails on distroless/static; with the fix it runs',
    { timeout: TEST_TIMEOUT },
    async () => {
      const dir = tempWorkspace({
        'main.go':
          'package main\n\nimport (\n\t"fmt"\n\t"net"\n)\n\nfunc main() {\n\t_, err := net.ResolveTCPAddr("tcp", "127.0.0.1:80")\n\tfmt.Println("resolved", err == nil)\n}\n',
      });
      const text =
        'FROM golang:1.19 AS build\nWORKDIR /src\nCOPY main.go .\nRUN go build -o /out/app main.go\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n';
      assert.equal(runRule(goCgo, text, { dir }).length, 1);
      const before = await buildAndRun(dir, text, 'go-cgo');
      assert.ok(before.built, before.buildOutput);
      assert.equal(before.ok, false, `the dynamically linked binary should not start: ${before.output}`);
      assert.match(before.output ?? '', /no such file or directory/);
      const after = await buildAndRun(dir, fixed(goCgo, text, dir), 'go-cgo-fixed');
      assert.equal(after.ok, true, after.output);
      assert.match(after.output ?? '', /resolved true/);
    },
  );

  it(
    'root-user: the user its fix adds exists in the image (nonroot on distroless, node on node images)',
    { timeout: TEST_TIMEOUT },
    async () => {
      const dir = tempWorkspace({ 'uid.js': 'console.log("uid=" + process.getuid())\n' });
      for (const [image, uid] of [
        ['gcr.io/distroless/nodejs20-debian12', 'uid=65532'],
        ['node:20-slim', 'uid=1000'],
      ]) {
        const cmd = image.startsWith('gcr.io') ? 'CMD ["/app/uid.js"]' : 'CMD ["node", "/app/uid.js"]';
        const text = `FROM ${image}\nCOPY uid.js /app/uid.js\n${cmd}\n`;
        const before = await buildAndRun(dir, text, 'root-user');
        assert.match(before.output ?? '', /uid=0/, 'runs as root before the fix');
        const after = await buildAndRun(dir, fixed(rootUser, text, dir), 'root-user-fixed');
        assert.equal(after.ok, true, after.output);
        assert.match(after.output ?? '', new RegExp(uid), image);
      }
      // No ready user: the fix creates one (useradd on the Debian-based python image).
      const py = 'FROM python:3.11-slim\nCMD ["python", "-c", "import os; print(\'uid=%d\' % os.getuid())"]\n';
      const created = await buildAndRun(dir, fixed(rootUser, py, dir), 'root-user-created');
      assert.equal(created.ok, true, created.output);
      assert.match(created.output ?? '', /uid=[1-9]\d*/);
    },
  );

  it(
    'secret-in-image: the flagged .env really is in the image; after the .dockerignore fix it is not',
    { timeout: TEST_TIMEOUT },
    async () => {
      const dir = tempWorkspace({
        '.env': 'STRIPE_KEY=sk_live_canary\n',
        'app.js': '',
        '.dockerignore': 'node_modules\n',
      });
      const text =
        "FROM node:20-slim\nWORKDIR /app\nCOPY . .\nUSER node\nCMD [\"node\", \"-e\", \"try { console.log(require('fs').readFileSync('/app/.env', 'utf8')) } catch { console.log('no .env') }\"]\n";
      const [finding] = runRule(secretInImage, text, { dir });
      assert.ok(finding, 'flagged');
      const before = await buildAndRun(dir, text, 'secret');
      assert.match(before.output ?? '', /sk_live_canary/, 'the secret is readable in the image');
      const edit = finding.fixes![0].edits[0] as { file: string; newText: string };
      fs.appendFileSync(edit.file, edit.newText);
      assert.deepEqual(runRule(secretInImage, text, { dir }), []);
      const after = await buildAndRun(dir, text, 'secret-fixed');
      assert.match(after.output ?? '', /no \.env/);
    },
  );
});
