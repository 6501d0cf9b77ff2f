// Every dependency with an install script is reviewed in package.json's `allowScripts` (npm 11+), so that
// `npm ci` on a new machine prints no "install scripts not yet covered by allowScripts" warning a newcomer must
// decode. The oracle is npm's own lockfile: it marks such packages `hasInstallScript`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const root = new URL('../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8'));

test('every package with an install script is approved or refused in allowScripts', () => {
  const withScripts = Object.entries(lock.packages as Record<string, { hasInstallScript?: boolean }>)
    .filter(([path, entry]) => path !== '' && entry.hasInstallScript)
    .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
  assert.ok(withScripts.length > 0, 'the lockfile lists no package with an install script: the check reads nothing');
  const reviewed = new Set(Object.keys(manifest.allowScripts ?? {}));
  const unreviewed = [...new Set(withScripts)].filter((name) => !reviewed.has(name));
  assert.deepEqual(unreviewed, [], `not reviewed in package.json allowScripts: ${unreviewed.join(', ')}`);
});
