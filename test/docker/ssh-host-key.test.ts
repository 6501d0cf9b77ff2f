// ssh:// daemons check the server's host key as OpenSSH does (sshHostKey.ts), against a real
// OpenSSH server on loopback (test/setup/sshd.sh) whose sessions reach the private daemon: the
// recorded key (plain or hashed) connects; a different key for the host is refused as CHANGED;
// an unrecorded host is refused with the command that records it. Nothing is accepted blindly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSshd, type LocalSshd } from '../support/docker-env';
import { createDockerClient, resolveConnection } from '../../server/src/docker/connection';
import { describeDockerError } from '../../server/src/docker/problems';
import { checkKnownHosts } from '../../server/src/docker/sshHostKey';

let sshd: LocalSshd;
const homes: string[] = [];

before(async () => {
  delete process.env.SSH_AUTH_SOCK; // the client key file is the identity, as `ssh` without an agent
  sshd = await startSshd();
});

after(async () => {
  await sshd?.stop();
  for (const h of homes) fs.rmSync(h, { recursive: true, force: true });
});

function publicKey(name: string): string {
  return fs
    .readFileSync(path.join(sshd.dir, `${name}.pub`), 'utf8')
    .trim()
    .split(/\s+/)
    .slice(0, 2)
    .join(' ');
}

/** A home folder with the authorized client key and the given known_hosts text. */
function home(knownHosts: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lw-sshhome-'));
  homes.push(dir);
  fs.mkdirSync(path.join(dir, '.ssh'), { mode: 0o700 });
  fs.copyFileSync(path.join(sshd.dir, 'client_key'), path.join(dir, '.ssh', 'id_ed25519'));
  fs.writeFileSync(path.join(dir, '.ssh', 'known_hosts'), knownHosts);
  return dir;
}

async function ping(
  homeDir: string,
): Promise<{ ok: true } | { ok: false; err: unknown; connection: ReturnType<typeof connect> }> {
  const connection = connect(homeDir);
  try {
    await createDockerClient(connection).ping();
    return { ok: true };
  } catch (err) {
    return { ok: false, err, connection };
  }
}

function connect(homeDir: string) {
  const r = resolveConnection({ env: { DOCKER_HOST: `ssh://root@127.0.0.1:${sshd.port}` }, home: homeDir });
  assert.ok(r.ok);
  return r.connection;
}

test('the recorded host key connects: the daemon answers over ssh', { timeout: 120_000 }, async () => {
  const result = await ping(home(`[127.0.0.1]:${sshd.port} ${publicKey('host_key')}\n`));
  assert.ok(result.ok, !result.ok ? String((result.err as Error).message) : '');
});

test('a hashed known_hosts entry (ssh-keygen -H) matches too', { timeout: 120_000 }, async () => {
  const dir = home(`[127.0.0.1]:${sshd.port} ${publicKey('host_key')}\n`);
  execFileSync('ssh-keygen', ['-H', '-f', path.join(dir, '.ssh', 'known_hosts')], { stdio: 'ignore' });
  assert.match(fs.readFileSync(path.join(dir, '.ssh', 'known_hosts'), 'utf8'), /^\|1\|/);
  const result = await ping(dir);
  assert.ok(result.ok, !result.ok ? String((result.err as Error).message) : '');
});

test(
  'a changed host key is refused, naming the known_hosts line and the ssh-keygen -R fix',
  { timeout: 120_000 },
  async () => {
    const result = await ping(home(`# other hosts\n[127.0.0.1]:${sshd.port} ${publicKey('other_host_key')}\n`));
    assert.ok(!result.ok, 'a wrong host key must not connect');
    const problem = describeDockerError(result.err, result.connection, 'listing images');
    assert.equal(problem.kind, 'ssh-host-key');
    assert.match(
      problem.message,
      new RegExp(`host key of \\[127\\.0\\.0\\.1\\]:${sshd.port} has CHANGED .*known_hosts, line 2`),
    );
    assert.match(problem.fix, new RegExp(`ssh-keygen -R '\\[127\\.0\\.0\\.1\\]:${sshd.port}'`));
  },
);

test('an unknown host is refused with the command that records its key', { timeout: 120_000 }, async () => {
  // The key is recorded for the default port only: another port is another host, as for OpenSSH.
  const result = await ping(home(`127.0.0.1 ${publicKey('host_key')}\n`));
  assert.ok(!result.ok);
  const problem = describeDockerError(result.err, result.connection, 'listing images');
  assert.equal(problem.kind, 'ssh-host-key');
  assert.match(problem.message, /is not in ~\/\.ssh\/known_hosts/);
  assert.match(problem.fix, new RegExp(`ssh -p ${sshd.port} 127\\.0\\.0\\.1`));
});

test('known_hosts lines: @revoked wins, other key types are not a change, negated patterns exclude', () => {
  const key = Buffer.from(publicKey('host_key').split(' ')[1], 'base64');
  const other = publicKey('other_host_key').split(' ')[1];
  const rsaLike = Buffer.concat([Buffer.from([0, 0, 0, 7]), Buffer.from('ssh-rsa'), Buffer.alloc(8)]).toString(
    'base64',
  );
  assert.equal(
    checkKnownHosts(
      `@revoked build-box ssh-ed25519 ${key.toString('base64')}\nbuild-box ssh-ed25519 ${key.toString('base64')}\n`,
      'build-box',
      22,
      key,
    ).kind,
    'revoked',
  );
  assert.equal(checkKnownHosts(`build-box ssh-rsa ${rsaLike}\n`, 'build-box', 22, key).kind, 'unknown');
  assert.equal(checkKnownHosts(`build-box ssh-ed25519 ${other}\n`, 'build-box', 22, key).kind, 'changed');
  assert.equal(
    checkKnownHosts(`*.lan,!build-box.lan ssh-ed25519 ${key.toString('base64')}\n`, 'build-box.lan', 22, key).kind,
    'unknown',
  );
  assert.equal(
    checkKnownHosts(`*.lan ssh-ed25519 ${key.toString('base64')}\n`, 'build-box.lan', 22, key).kind,
    'match',
  );
});
