// Workspace monorepos (issue 14 §2): an npm workspace is built whole, pruned to production, and the
// runner takes node_modules with the started package and the workspace libraries it depends on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { splitDockerfile } from '../../../server/src/actions/split/index';
import { fileSystemView, readWorkspaceFacts } from '../../../server/src/core/workspace';

const NPM_APP = path.join(__dirname, '..', '..', 'fixtures', 'apps', 'turborepo-kitchen-sink-api-npm');

test('npm workspace: build whole, npm prune --omit=dev, runner with node_modules, the app and its library', () => {
  const text = fs.readFileSync(path.join(NPM_APP, 'Dockerfile'), 'utf8');
  for (const runner of ['distroless', 'slim', 'alpine'] as const) {
    const out = splitDockerfile(text, readWorkspaceFacts(fileSystemView(NPM_APP)), { runner });
    assert.ok(!('refused' in out), JSON.stringify(out));
    const [build, run] = out.text.split(/\n(?=# runner)/);
    assert.match(build, /RUN npm ci\nRUN npm run build\nRUN npm prune --omit=dev\n/);
    for (const copy of [
      'COPY --from=build /app/node_modules ./node_modules',
      'COPY --from=build /app/apps/api ./apps/api',
      'COPY --from=build /app/packages/logger ./packages/logger',
    ])
      assert.ok(run.includes(copy), `${runner}: no "${copy}" in\n${run}`);
    assert.match(
      run,
      runner === 'distroless' ? /CMD \["apps\/api\/dist\/index.js"\]/ : /CMD \["node", "apps\/api\/dist\/index.js"\]/,
    );
  }
});

test('a yarn workspace is refused with the reason; a library only in devDependencies is not copied', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-ws-'));
  try {
    fs.cpSync(NPM_APP, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'yarn.lock'), '');
    fs.rmSync(path.join(dir, 'package-lock.json'));
    const text = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8').replace('RUN npm ci', 'RUN yarn install');
    const yarn = splitDockerfile(text, readWorkspaceFacts(fileSystemView(dir)), { runner: 'slim' });
    assert.ok('refused' in yarn && /yarn workspace package api/.test(yarn.refused), JSON.stringify(yarn));

    fs.rmSync(path.join(dir, 'yarn.lock'));
    const api = path.join(dir, 'apps', 'api', 'package.json');
    const pkg = JSON.parse(fs.readFileSync(api, 'utf8'));
    pkg.devDependencies['@repo/logger'] = pkg.dependencies['@repo/logger'];
    delete pkg.dependencies['@repo/logger'];
    fs.writeFileSync(api, JSON.stringify(pkg));
    const npm = splitDockerfile(
      fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'),
      readWorkspaceFacts(fileSystemView(dir)),
      {
        runner: 'slim',
      },
    );
    assert.ok(!('refused' in npm) && !npm.text.includes('packages/logger'), JSON.stringify(npm));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
