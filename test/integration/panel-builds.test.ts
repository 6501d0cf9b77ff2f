// No litter, in the real extension host on the private daemon: Build and Measure tags a Dockerfile's
// builds with its one tag (the same on every build), and "Remove Layerwise's Images" (this
// workspace's) removes them while images of other workspaces, or without Layerwise's workspace
// label (the panel images test-all built), stay. Needs LAYERWISE_TEST_DOCKER=1 (test-all.sh).
import * as assert from 'node:assert';
import * as http from 'node:http';
import type * as vscode from 'vscode';
import { fixtureUri } from './support';
import { activateLayerwise } from './layerwise';

interface PanelApi {
  whenIdle(): Promise<void>;
  buildAndMeasure(uri?: vscode.Uri): Promise<{ imageId: string; tag: string } | undefined>;
  removeImages(scope: 'workspace' | 'all'): Promise<{ removed: number; failed: number } | undefined>;
}

/** GET on the daemon named by DOCKER_HOST (the private one, set by the runner): status and parsed body. */
function daemonGet(path: string): Promise<{ status: number; body: unknown }> {
  const socketPath = (process.env.DOCKER_HOST ?? '').replace(/^unix:\/\//, '');
  return new Promise((resolve, reject) => {
    http
      .get({ socketPath, path: `/v1.41${path}` }, (response) => {
        let body = '';
        response.on('data', (chunk) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: body ? JSON.parse(body) : null }));
      })
      .on('error', reject);
  });
}

if (process.env.LAYERWISE_TEST_DOCKER === '1' && process.env.LAYERWISE_TEST_TRUST !== 'untrusted') {
  describe('Size panel builds leave no litter (private Docker daemon)', () => {
    let panel: PanelApi;
    before(async () => {
      panel = ((await activateLayerwise()).exports as { panel: PanelApi }).panel;
      await panel.whenIdle();
    });

    it("builds under the Dockerfile's one tag, then Remove Layerwise's Images (this workspace) removes them", async function () {
      this.timeout(240_000);
      const first = await panel.buildAndMeasure(fixtureUri('panel-app', 'Dockerfile'));
      assert.ok(first, 'the build failed (see the Layerwise Build output)');
      assert.match(first.tag, /^layerwise\/panel-app:[0-9a-f]{8}$/);
      const second = await panel.buildAndMeasure(fixtureUri('panel-app', 'Dockerfile'));
      assert.strictEqual(second?.tag, first.tag, 'a second build of the same Dockerfile reuses its tag');
      const tagged = await daemonGet(`/images/${encodeURIComponent(first.tag)}/json`);
      assert.strictEqual(tagged.status, 200);
      assert.strictEqual(
        (tagged.body as { Config: { Labels: Record<string, string> } }).Config.Labels['dev.layerwise.dockerfile'],
        'panel-app/Dockerfile',
      );

      const result = await panel.removeImages('workspace');
      console.log(`      removed ${result?.removed} image(s) of this workspace, ${result?.failed} kept`);
      assert.ok(result && result.removed >= 1, JSON.stringify(result));
      assert.strictEqual((await daemonGet(`/images/${encodeURIComponent(first.tag)}/json`)).status, 404);
      assert.strictEqual(
        (await daemonGet(`/images/${encodeURIComponent(second!.imageId)}/json`)).status,
        404,
        'the built image is gone',
      );
      // built by test/e2e/panel-images.sh with the Dockerfile label but no workspace label: not this workspace's
      assert.strictEqual((await daemonGet('/images/layerwise-e2e%2Fpanel-app:latest/json')).status, 200);
    });
  });
}
