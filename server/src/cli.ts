// Entry of dist/cli.js (`layerwise` on the PATH).
import { runCli } from './cli/main';

runCli(process.argv.slice(2), {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  cwd: process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`layerwise: internal error: ${(e as Error)?.message ?? e}\n`);
    process.exitCode = 2;
  },
);
