// Untrusted workspace (run.mjs --trust): the size panel reads the daemon's images but builds nothing.
// Needs the private test daemon (test-all.sh sets LAYERWISE_TEST_DOCKER=1 after building the panel images).
import * as assert from 'node:assert';
import * as http from 'node:http';
import type * as vscode from 'vscode';
import { fixtureUri, sleep } from './support';
import { activateLayerwise } from './layerwise';

interface PanelApi {
  state(): { trusted?: boolean; built?: unknown[]; images?: { items?: unknown[] } } | undefined;
  whenIdle(): Promise<void>;
  refresh(): Promise<void>;
  buildAndMeasure(uri?: vscode.Uri): Promise<unknown>;
}

/** Image ids carrying `label` on the daemon named by DOCKER_HOST (the private one, set by the runner). */
function imagesLabelled(label: string): Promise<string[]> {
  const socketPath = (process.env.DOCKER_HOST ?? '').replace(/^unix:\/\//, '');
  const filters = encodeURIComponent(JSON.stringify({ label: [label] }));
  return new Promise((resolve, reject) => {
    http
      .get({ socketPath, path: `/v1.41/images/json?filters=${filters}` }, (response) => {
        let body = '';
        response.on('data', (chunk) => {
          body += chunk;
        });
        response.on('end', () => {
          if (response.statusCode !== 200) reject(new Error(`daemon answered ${response.statusCode}: ${body}`));
          else resolve((JSON.parse(body) as { Id: string }[]).map((image) => image.Id));
        });
      })
      .on('error', reject);
  });
}

if (process.env.LAYERWISE_TEST_TRUST === 'untrusted' && process.env.LAYERWISE_TEST_DOCKER === '1') {
  describe('Size panel in an untrusted workspace', () => {
    let panel: PanelApi;
    before(async () => {
      const api = (await activateLayerwise()).exports as { panel?: PanelApi };
      assert.ok(api?.panel, 'the extension exposes no panel API (activate().panel)');
      panel = api.panel;
    });

    it("still lists the daemon's images, and says the workspace is untrusted", async () => {
      await panel.refresh();
      await panel.whenIdle();
      const state = panel.state();
      assert.strictEqual(state?.trusted, false);
      assert.ok((state?.images?.items?.length ?? 0) > 0, 'no image listed from the private daemon');
    });

    it("Build and Measure builds nothing: no image with the file's label appears", async () => {
      // the query itself works: the image panel-images.sh built carries its label
      assert.ok((await imagesLabelled('dev.layerwise.dockerfile=panel-app/Dockerfile')).length > 0);
      const label = 'dev.layerwise.dockerfile=fix-all/Dockerfile'; // a fixture nobody builds otherwise
      const before = await imagesLabelled(label);
      const result = await Promise.race([
        panel.buildAndMeasure(fixtureUri('fix-all', 'Dockerfile')),
        sleep(15_000).then(() => 'timeout'),
      ]);
      assert.strictEqual(result, undefined, `buildAndMeasure returned ${JSON.stringify(result)}`);
      await sleep(2000); // a build started anyway would have tagged its image by now (base image is local)
      assert.deepStrictEqual(await imagesLabelled(label), before);
    });
  });
}
