// unpinned-base-image's "Pin to …" fix through the real language server, with the version read from the
// image the private Docker daemon holds under the moving tag (the stand-in node image declares
// NODE_VERSION as the official one does). The edited file is re-linted: the finding is gone.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodeActionRequest, type CodeAction, type TextEdit } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startServer, fileUri, ROOT, type TestClient } from '../support/lspClient';
import { DOCKER_HOST, dockerCli, ensureBaseImages, ensureDockerDaemon } from '../support/docker-env';

const MOVING = 'node:current-slim';

describe('unpinned-base-image: pin to the version of the local image', () => {
  let client: TestClient;
  let dir: string;
  let declared = '';

  before(
    async () => {
      assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'server.js')), 'run `npm run build` first');
      await ensureDockerDaemon();
      await ensureBaseImages();
      await dockerCli(['tag', 'node:20-slim', MOVING]);
      const env = (await dockerCli(['image', 'inspect', MOVING, '--format', '{{json .Config.Env}}'])).stdout;
      declared = (JSON.parse(env) as string[]).find((e) => e.startsWith('NODE_VERSION='))?.split('=')[1] ?? '';
      assert.match(declared, /^\d+\.\d+\.\d+$/, `the stand-in ${MOVING} declares NODE_VERSION (got ${env})`);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-pin-'));
      client = await startServer({ rootDir: dir, env: { ...process.env, DOCKER_HOST } });
    },
    { timeout: 10 * 60_000 },
  );

  after(async () => {
    await client?.stop();
    await dockerCli(['rmi', MOVING]).catch(() => undefined);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function pinActions(uri: string, text: string) {
    const published = client.nextDiagnostics(uri);
    client.open(uri, text);
    const { diagnostics } = await published;
    const finding = diagnostics.find((d) => d.code === 'unpinned-base-image');
    assert.ok(finding, `unpinned-base-image reported on ${JSON.stringify(text)}`);
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: finding.range,
      context: { diagnostics: [finding], only: ['quickfix'] },
    })) as CodeAction[];
    return actions.filter((a) => a.title.startsWith('Pin to'));
  }

  it('offers the daemon image version, keeps the variant, and the edited file has no finding', async () => {
    const uri = fileUri(path.join(dir, 'Dockerfile'));
    const text = `FROM ${MOVING}\nWORKDIR /app\nCOPY . .\nUSER node\nCMD ["node", "server.js"]\n`;
    const [pin, ...more] = await pinActions(uri, text);
    assert.equal(more.length, 0);
    assert.ok(pin, 'a Pin to … action');
    const expected = `node:${declared}-slim`;
    assert.ok(pin.title.includes(`\`${expected}\``), pin.title);
    assert.match(pin.title, /NODE_VERSION/);
    assert.match(pin.title, /local image/);
    // The server sends documentChanges (versioned) when the client supports them, changes otherwise.
    const versioned = (pin.edit?.documentChanges ?? []).flatMap((c) =>
      'edits' in c && c.textDocument.uri === uri ? c.edits : [],
    );
    const edits = pin.edit?.changes?.[uri] ?? versioned;
    assert.equal(edits.length, 1, JSON.stringify(pin.edit));
    const edited = TextDocument.applyEdits(TextDocument.create(uri, 'dockerfile', 1, text), edits as TextEdit[]);
    assert.equal(edited.split('\n')[0], `FROM ${expected}`);
    const republished = client.nextDiagnostics(uri, 2);
    client.change(uri, 2, edited);
    const after = await republished;
    assert.deepEqual(
      after.diagnostics.filter((d) => d.code === 'unpinned-base-image'),
      [],
      'the pinned file is not reported',
    );
  });

  it('offers nothing for an image the daemon does not have (no guess)', async () => {
    const uri = fileUri(path.join(dir, 'Dockerfile.absent'));
    assert.deepEqual(await pinActions(uri, 'FROM layerwise-absent/app:latest\n'), []);
  });
});
