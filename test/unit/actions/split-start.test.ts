// The split and npm-as-entrypoint read `npm start` the same way (core/startCommand.plainNodeScript):
// a prestart script means npm does more than `node file`, so the split must not drop it silently.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitDockerfile } from '../../../server/src/actions/split/index';
import { fileSystemView, readWorkspaceFacts } from '../../../server/src/core/workspace';
import { tempWorkspace } from '../../support/ruleTest';

const DOCKERFILE = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD ["npm", "start"]\n';

function split(scripts: Record<string, string>, extra: Record<string, string> = {}) {
  const dir = tempWorkspace({
    'package.json': JSON.stringify({ name: 'a', scripts, dependencies: { express: '4' } }),
    'package-lock.json': '{}',
    'server.js': '',
    ...extra,
  });
  const out = splitDockerfile(DOCKERFILE, readWorkspaceFacts(fileSystemView(dir)), { runner: 'slim' });
  assert.ok(!('refused' in out), JSON.stringify(out));
  return out;
}

test('a plain start script becomes node …; with a prestart the npm command is kept and the split says why', () => {
  assert.match(split({ start: 'node server.js' }).text, /CMD \["node", "server\.js"\]/);
  const withPre = split({ start: 'node server.js', prestart: 'node migrate.js' });
  assert.doesNotMatch(withPre.text, /CMD \["node", "server\.js"\]/);
  assert.ok(
    withPre.warnings.some((w) => /prestart/.test(w)) || /prestart/.test(withPre.text),
    `${withPre.warnings.join('\n')}\n${withPre.text}`,
  );
});

test("npm's default start (no script, server.js exists) is node server.js for the split too", () => {
  assert.match(split({ build: 'echo no build' }).text, /CMD \["node", "server\.js"\]/);
});
