// Child process for the connection tests: resolves the connection from its own environment (as a
// user would have it), pings the daemon, prints the outcome as JSON. Run as another user to see
// a real "permission denied" on the daemon's socket.
import { resolveConnection, createDockerClient } from '../../../server/src/docker/connection';
import { describeDockerError, problemFromConnection } from '../../../server/src/docker/problems';

async function main(): Promise<void> {
  const resolved = resolveConnection({ setting: process.env.LW_SETTING });
  if (!resolved.ok) {
    console.log(JSON.stringify({ ok: false, problem: problemFromConnection(resolved.problem) }));
    return;
  }
  try {
    await createDockerClient(resolved.connection).ping();
    console.log(JSON.stringify({ ok: true, label: resolved.connection.label }));
  } catch (err) {
    console.log(
      JSON.stringify({
        ok: false,
        label: resolved.connection.label,
        problem: describeDockerError(err, resolved.connection, 'connecting'),
      }),
    );
  }
}
void main();
