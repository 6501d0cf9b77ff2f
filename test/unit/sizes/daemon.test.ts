import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultDaemon } from '../../../server/src/sizes/daemon';

test('no DOCKER_HOST, no context and no socket on disk: no daemon is asked', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-home-'));
  try {
    const nothing = { readText: () => undefined, exists: () => false };
    assert.equal(defaultDaemon({ env: {}, home, fs: nothing }), undefined);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});

test('DOCKER_HOST names the socket the size look-ups use', () => {
  const docker = defaultDaemon({ env: { DOCKER_HOST: 'unix:///tmp/layerwise-docker/docker.sock' }, home: os.tmpdir() });
  assert.ok(docker);
  assert.equal(
    (docker as unknown as { modem: { socketPath: string } }).modem.socketPath,
    '/tmp/layerwise-docker/docker.sock',
  );
});

test('a default socket that exists is used', () => {
  const exists = { readText: () => undefined, exists: (p: string) => p === '/var/run/docker.sock' };
  const docker = defaultDaemon({ env: {}, home: '/nonexistent-home', fs: exists });
  assert.equal((docker as unknown as { modem: { socketPath: string } }).modem.socketPath, '/var/run/docker.sock');
});
