// `npm run pack:cli [-- --destination DIR]`: the npm package of the CLI (packages/cli) as a tarball.
// Stages what the package carries — the minified CLI bundle and the Docker client it loads for
// `size` (scripts/build.mjs --cli-package), the example `layerwise lint` lints without a path, the
// licence — then runs `npm pack` there and prints the tarball's path.
//   --stage   stage only (packages/cli's prepack, so `npm publish` there ships a fresh bundle)
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = join(root, 'packages/cli');
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};

const rootVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const cliVersion = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
if (rootVersion !== cliVersion) {
  console.error(`pack-cli: packages/cli/package.json has version ${cliVersion}, the project ${rootVersion}`);
  process.exit(1);
}

execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--cli-package', pkgDir], { stdio: 'inherit' });
mkdirSync(join(pkgDir, 'examples/naive-node'), { recursive: true });
copyFileSync(join(root, 'examples/naive-node/Dockerfile'), join(pkgDir, 'examples/naive-node/Dockerfile'));
copyFileSync(join(root, 'LICENSE'), join(pkgDir, 'LICENSE'));

if (!process.argv.includes('--stage')) {
  const destination = resolve(arg('--destination') ?? pkgDir);
  mkdirSync(destination, { recursive: true });
  // Staged above: the package's own prepack would only stage again.
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', destination], {
    cwd: pkgDir,
    encoding: 'utf8',
  });
  const [info] = JSON.parse(out);
  console.log(join(destination, info.filename));
}
