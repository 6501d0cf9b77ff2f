// The model's ENV values against the real builders on the private daemon: what later words are
// substituted with, and what the rules look up (envValueAt), must be what the classic builder and
// BuildKit put in the image. The Dockerfile reference's example (one ENV that sets a variable again and
// uses it: the use gets the old value), the legacy `ENV KEY value` form, and a backtick escape directive.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { DOCKER_HOST, buildSuiteHooks, buildTestImage, dockerCli, dockerProcessEnv } from '../support/docker-env';
import { parseDockerfile } from '../../server/src/core/parse';
import { envValueAt } from '../../server/src/core/queries';

const run = promisify(execFile);
const TEST_TIMEOUT = 10 * 60_000;
/** Debian's docker 20.10 CLI builds with BuildKit (the one first on PATH has no buildx). */
const BUILDKIT_CLI = '/usr/bin/docker';
const tags: string[] = [];

const DOCKERFILES: Record<string, { text: string; names: string[] }> = {
  reference: {
    text: 'FROM debian:bookworm-slim\nENV abc=hello\nENV abc=bye def=$abc\nENV ghi=$abc\nWORKDIR /w/$def/$ghi\n',
    names: ['abc', 'def', 'ghi'],
  },
  legacy: {
    text: 'FROM debian:bookworm-slim\nENV BASE=/opt\nENV OLD $BASE/legacy form\nENV NEXT=${OLD}-x\nWORKDIR /w/$BASE\n',
    names: ['BASE', 'OLD', 'NEXT'],
  },
  backtick: {
    // With a backtick escape, a backslash before `$` is a plain character and the variable is substituted.
    // (Not here: an escaped `$`. Docker drops the escape character; the model keeps escape characters in
    // values, as it keeps `\ ` in `Rex\ The\ Dog`.)
    text: '# escape=`\nFROM debian:bookworm-slim\nENV A=1\nENV B=\\$A\nWORKDIR /w/$B\n',
    names: ['A', 'B'],
  },
};

/** The image's Env (as a map) and WorkingDir, read back from the daemon. */
async function imageConfig(tag: string): Promise<{ env: Map<string, string>; workdir: string }> {
  const out = await dockerCli(['image', 'inspect', '--format', '{{json .Config}}', tag]);
  const config = JSON.parse(out.stdout) as { Env: string[] | null; WorkingDir: string };
  const env = new Map<string, string>();
  for (const entry of config.Env ?? []) {
    const eq = entry.indexOf('=');
    env.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return { env, workdir: config.WorkingDir };
}

/** What the model says: each name's value after the last instruction, and the WORKDIR's substituted path. */
function modelConfig(text: string, names: string[]): { env: Map<string, string | undefined>; workdir: string } {
  const model = parseDockerfile(text);
  const stage = model.stages[0];
  const workdir = stage.instructions.find((i) => i.keyword === 'WORKDIR');
  assert.ok(workdir, 'the example has a WORKDIR');
  return {
    env: new Map(names.map((name) => [name, envValueAt(model, stage, name)])),
    workdir: workdir.args[0].value,
  };
}

function context(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-env-'));
  fs.writeFileSync(path.join(dir, 'Dockerfile'), text);
  return dir;
}

describe('ENV values: the model against the classic builder and BuildKit', { timeout: 40 * 60_000 }, () => {
  buildSuiteHooks(tags, {
    precondition: () =>
      assert.ok(
        fs.existsSync(BUILDKIT_CLI),
        `${BUILDKIT_CLI} (Debian's docker.io CLI, which builds with BuildKit) is missing`,
      ),
  });

  /** Builds the example with one builder and compares the image's Env and WorkingDir with the model's. */
  async function builtAsModelled(text: string, names: string[], tag: string, build: (dir: string) => Promise<unknown>) {
    tags.push(tag);
    const dir = context(text);
    try {
      await build(dir);
      const built = await imageConfig(tag);
      const model = modelConfig(text, names);
      for (const n of names) assert.equal(model.env.get(n), built.env.get(n), `${n} in the model and the image`);
      assert.equal(model.workdir, built.workdir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  for (const [name, { text, names }] of Object.entries(DOCKERFILES)) {
    it(`${name}: classic builder`, { timeout: TEST_TIMEOUT }, async () => {
      const tag = `layerwise-env-test/${name}-classic:${process.pid}`;
      await builtAsModelled(text, names, tag, (dir) => buildTestImage(dir, tag));
    });

    it(`${name}: BuildKit`, { timeout: TEST_TIMEOUT }, async () => {
      const tag = `layerwise-env-test/${name}-buildkit:${process.pid}`;
      await builtAsModelled(text, names, tag, (dir) =>
        run(BUILDKIT_CLI, ['-H', DOCKER_HOST, 'build', '--network', 'none', '-t', tag, dir], {
          env: { ...dockerProcessEnv(), DOCKER_BUILDKIT: '1' },
          timeout: TEST_TIMEOUT,
        }),
      );
    });
  }
});
