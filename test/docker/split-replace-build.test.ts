// "Replace the runner" proven on the private daemon (issue 14 §3): a real app in the two real
// multi-stage shapes that still ship the builder, built as written and as each replaced runner,
// run with --network none and probed; sizes recorded (artifacts/split-replace-results.json).
//
// The app: docker/awesome-compose react-express-mysql backend (../shared/corpus/apps). Shapes:
// - "FROM builder": its own Dockerfile (`FROM node:lts AS development`, the app built there), whose
//   last stage `FROM development as dev-envs` adds git and Docker's CLI from gloursdocker/docker, an
//   image the offline daemon cannot pull: that stage is replaced by the production stage the pattern
//   is used for, `FROM development AS production` + `ENV NODE_ENV=production`.
// - "every stage on node:20" (the articles' iteration 3): a deps stage and a runner stage on the same
//   full image, the runner copying node_modules from deps.
// node:lts points at the local stand-in node:20 (Docker Hub is out of reach).
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { replaceRunner, type RunnerKind } from '../../server/src/actions/split/index';
import { fileSystemView, readWorkspaceFacts } from '../../server/src/core/workspace';
import {
  buildAndProbeRewrite,
  buildImage,
  buildProofHooks,
  inScratchCopy,
  probeServes,
  testTag,
} from './support/splitHarness';
import { CORPUS } from '../support/corpus';

const APP_DIR = path.join(CORPUS, 'apps', 'docker__awesome-compose__react-express-mysql__backend');
const APP = { name: 'react-express-mysql backend', port: 80, probe: '/healthz' };
const BUILT: RunnerKind[] = ['distroless', 'slim'];

const SHAPES: { name: string; dockerfile(original: string): string }[] = [
  {
    name: 'FROM builder',
    dockerfile: (original) => {
      const at = original.search(/^FROM development as dev-envs/im);
      assert.ok(at > 0, 'the awesome-compose Dockerfile has its dev-envs stage FROM development');
      return `${original.slice(0, at).replace('FROM node:lts AS development', 'FROM node:20 AS development')}FROM development AS production\nENV NODE_ENV=production\n`;
    },
  },
  {
    name: 'every stage on node:20',
    dockerfile: () =>
      'FROM node:20 AS deps\nWORKDIR /code\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\n\nFROM node:20 AS runner\nWORKDIR /code\nENV NODE_ENV=production PORT=80\nCOPY --from=deps /code/node_modules ./node_modules\nCOPY . .\nEXPOSE 80\nHEALTHCHECK --interval=30s CMD node healthcheck.js\nCMD ["node", "src/index.js"]\n',
  },
];

interface Row {
  shape: string;
  variant: string;
  base?: string;
  sizeBytes?: number;
  probe?: string;
  refused?: string;
}
const rows: Row[] = [];
const created: string[] = [];
const runId = `${process.pid}-${Date.now().toString(36)}`;

describe('replace the runner: build proof (real daemon)', { timeout: 40 * 60_000 }, () => {
  buildProofHooks({
    created,
    resultsFile: 'split-replace-results.json',
    results: () => ({ app: APP.name, rows }),
    report: () =>
      rows
        .map((r) =>
          [
            r.shape,
            r.variant,
            r.base ?? '',
            r.sizeBytes ? `${(r.sizeBytes / 1e6).toFixed(0)} MB` : '',
            r.refused ?? '',
          ].join(' | '),
        )
        .join('\n'),
    precondition: () =>
      assert.ok(fs.existsSync(APP_DIR), `${APP_DIR} is missing: the corpus must sit beside the project`),
  });

  for (const shape of SHAPES) {
    it(shape.name, { timeout: 20 * 60_000 }, async () => {
      await inScratchCopy(APP_DIR, async (work, files) => {
        const text = shape.dockerfile(fs.readFileSync(path.join(APP_DIR, 'Dockerfile'), 'utf8'));
        fs.writeFileSync(path.join(work, 'Dockerfile'), text);
        const facts = readWorkspaceFacts(fileSystemView(work));
        const tag = (v: string) => testTag(`replace ${shape.name}`, v, runId);
        const original = await buildImage(work, path.join(work, 'Dockerfile'), tag('original'), created);
        rows.push({
          shape: shape.name,
          variant: 'original',
          base: 'node:20',
          sizeBytes: original.size,
          probe: await probeServes(APP, tag('original')),
        });
        for (const runner of ['distroless', 'slim', 'alpine'] as RunnerKind[]) {
          const out = replaceRunner(text, facts, { runner });
          if ('refused' in out) {
            rows.push({ shape: shape.name, variant: runner, refused: out.refused });
            assert.equal(runner, 'alpine', `${runner} refused: ${out.refused}`);
            continue;
          }
          assert.match(out.title, /^Replace the runner /);
          if (!BUILT.includes(runner)) {
            rows.push({ shape: shape.name, variant: runner, base: out.runnerImage });
            continue;
          }
          const what = `the ${runner} runner of ${shape.name}`;
          const built = await buildAndProbeRewrite(APP, work, files, out, what, tag(runner), created);
          rows.push({
            shape: shape.name,
            variant: runner,
            base: out.runnerImage,
            sizeBytes: built.size,
            probe: built.probe,
          });
          assert.ok(built.size < original.size * 0.5, `${runner}: ${built.size} is not under half of ${original.size}`);
        }
      });
    });
  }
});
