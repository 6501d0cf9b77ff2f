// The pre-commit hook (.pre-commit-hooks.yaml) with Debian's pre-commit, as a user's repository uses it:
// the hook repository is a copy of this one as it would be pushed (tracked and new files, committed in
// a temporary git repository); pre-commit clones it, installs it as a node package (npm install, npm
// pack, npm install -g: .npmignore, .npmrc) and runs `layerwise lint` on the staged Dockerfiles.
// The install is the slow part (the repository's devDependencies, from the npm cache when warm).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Layerwise test',
  GIT_AUTHOR_EMAIL: 'test@layerwise.invalid',
  GIT_COMMITTER_NAME: 'Layerwise test',
  GIT_COMMITTER_EMAIL: 'test@layerwise.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
}

/** A git repository holding this project's files as they would be pushed; returns its commit. */
function hookRepositoryCopy(dir: string): string {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  })
    .split('\0')
    .filter((f) => f && fs.existsSync(path.join(ROOT, f)));
  assert.ok(files.includes('.pre-commit-hooks.yaml') && files.includes('package.json'), 'the hook files are tracked');
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
  }
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'the project as pushed');
  return git(dir, 'rev-parse', 'HEAD').trim();
}

const BAD = 'FROM node:20\nCOPY . .\nRUN npm install\nCMD ["npm", "start"]\n';
const GOOD = 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\nENTRYPOINT ["/app"]\n';

test('pre-commit hook: a Dockerfile with findings fails the commit, a clean one passes, other files are not linted', () => {
  const setup = spawnSync('bash', [path.join(ROOT, 'test/setup/pre-commit.sh')], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  assert.equal(setup.status, 0, `installing Debian's pre-commit failed: ${setup.stderr}`);
  assert.match(setup.stdout, /pre-commit \d+\./);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-pre-commit-'));
  const hookRepo = path.join(tmp, 'hook-repo');
  const rev = hookRepositoryCopy(hookRepo);

  const project = path.join(tmp, 'project');
  fs.mkdirSync(project);
  git(project, 'init', '-q');
  fs.writeFileSync(
    path.join(project, '.pre-commit-config.yaml'),
    `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: layerwise\n`,
  );
  const env = {
    ...process.env,
    ...GIT_ENV,
    PRE_COMMIT_HOME: path.join(tmp, 'pre-commit-home'),
    // The hook repository's devDependencies come from the npm cache when it has them.
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  };
  const install = spawnSync('pre-commit', ['install'], { cwd: project, env, encoding: 'utf8' });
  assert.equal(install.status, 0, install.stdout + install.stderr);
  const commit = (message: string) => {
    const t0 = Date.now();
    const r = spawnSync('git', ['commit', '-m', message], { cwd: project, env, encoding: 'utf8', timeout: 600_000 });
    return { code: r.status, out: r.stdout + r.stderr, seconds: (Date.now() - t0) / 1000 };
  };

  // 1. A Dockerfile with warnings: the hook (installed on this first run) fails the commit.
  fs.mkdirSync(path.join(project, 'services'));
  fs.writeFileSync(path.join(project, 'services/api.Dockerfile'), BAD);
  git(project, 'add', '-A');
  const bad = commit('add the API image');
  console.log(`first commit (hook environment installed): ${bad.seconds.toFixed(1)}s`);
  assert.notEqual(bad.code, 0, `the commit must fail: ${bad.out}`);
  assert.match(bad.out, /Layerwise[^\n]*Failed/, bad.out);
  assert.match(bad.out, /services\/api\.Dockerfile/);
  assert.match(bad.out, /npm-as-entrypoint/);
  assert.throws(() => git(project, 'rev-parse', '--verify', '-q', 'HEAD'), 'nothing was committed');

  // 2. Fixed to a clean Dockerfile (and a README that merely mentions FROM): the commit passes.
  fs.writeFileSync(path.join(project, 'services/api.Dockerfile'), GOOD);
  fs.writeFileSync(path.join(project, 'README.md'), 'FROM node\nRUN npm install\n');
  git(project, 'add', '-A');
  const good = commit('a clean API image');
  assert.equal(good.code, 0, `the commit must pass: ${good.out}`);
  assert.match(good.out, /Layerwise[^\n]*Passed/, good.out);
  assert.match(git(project, 'log', '--format=%s'), /a clean API image/);

  // 3. Only files named like Dockerfiles go to the hook: a README change is skipped, a Containerfile is linted.
  fs.appendFileSync(path.join(project, 'README.md'), 'USER root\n');
  git(project, 'add', '-A');
  const readme = commit('docs');
  assert.equal(readme.code, 0, readme.out);
  assert.match(readme.out, /Layerwise[^\n]*\(no files to check\)Skipped/, readme.out);
  fs.writeFileSync(path.join(project, 'Containerfile'), BAD);
  git(project, 'add', '-A');
  const containerfile = commit('a Containerfile');
  assert.notEqual(containerfile.code, 0, containerfile.out);
  assert.match(containerfile.out, /Containerfile/);
  fs.rmSync(tmp, { recursive: true, force: true });
});
