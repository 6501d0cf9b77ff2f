// Issue 15 §2 in the real VS Code: the extension tells its server whether the workspace is trusted
// (initializationOptions.workspaceTrusted), and an untrusted one asks no private registry host.
// Runs in both suites: trust disabled (trusted: the loopback "registry" is asked — the control that
// the set-up does reach it) and Workspace Trust on with the folder untrusted (nothing reaches it).
// The "registry" is a loopback TCP server counting connections: the thing that must not be reached.
import * as assert from 'node:assert';
import * as net from 'node:net';
import * as vscode from 'vscode';
import { sleep, waitFor } from './support';
import { activateLayerwise } from './layerwise';

const untrusted = process.env.LAYERWISE_TEST_TRUST === 'untrusted';

describe(`Size look-ups, workspace ${untrusted ? 'untrusted' : 'trusted'}`, () => {
  let server: net.Server;
  let port = 0;
  let connections = 0;

  before(async () => {
    await activateLayerwise();
    server = net.createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
    // The fixture workspace turns look-ups off; this test needs them on.
    await vscode.workspace
      .getConfiguration('layerwise')
      .update('sizes.registryLookups', true, vscode.ConfigurationTarget.Workspace);
    await sleep(500);
  });

  after(async () => {
    await vscode.workspace
      .getConfiguration('layerwise')
      .update('sizes.registryLookups', false, vscode.ConfigurationTarget.Workspace);
    await new Promise((resolve) => server?.close(resolve));
  });

  it(untrusted
    ? 'FROM 127.0.0.1:PORT/x:1: hover, inlay hints and a still line send nothing'
    : 'FROM 127.0.0.1:PORT/x:1: the hover asks that registry', async () => {
    const doc = await vscode.workspace.openTextDocument({
      language: 'dockerfile',
      content: `FROM 127.0.0.1:${port}/x:1\n`,
    });
    await vscode.window.showTextDocument(doc);
    const ask = async () => {
      await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 8));
      await vscode.commands.executeCommand('vscode.executeInlayHintProvider', doc.uri, new vscode.Range(0, 0, 1, 0));
    };
    await ask();
    if (untrusted) {
      await sleep(2500); // past the 1.5 s after which a still FROM line is looked up
      await ask();
      assert.strictEqual(connections, 0, 'no connection reached the loopback registry');
    } else {
      await waitFor(
        'a connection to the loopback registry',
        () => connections,
        (n) => n >= 1,
        15_000,
      );
    }
  });
});
