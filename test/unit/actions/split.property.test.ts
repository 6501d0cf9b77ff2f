// The split never throws, whatever is left of a Dockerfile: any subset of a fixture's lines (plus
// stray lines) is either refused with a reason or split into named stages that re-split to nothing.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { splitDockerfile, splitVariants } from '../../../server/src/actions/split/index';
import { parseDockerfile } from '../../../server/src/core/parse';
import { fileSystemView, readWorkspaceFacts } from '../../../server/src/core/workspace';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'actions', 'split');
const STRAY = [
  'RUN',
  'COPY',
  'CMD',
  'FROM',
  'WORKDIR',
  'ENTRYPOINT []',
  'CMD ["npm"]',
  'RUN npm ci &&',
  'ARG X',
  'FROM node:${V}',
  'USER 0',
  'COPY --from=x . .',
  '\\',
  '# c',
  'HEALTHCHECK NONE',
  'RUN a || b | c',
];

for (const name of fs.readdirSync(FIXTURES).sort()) {
  const dir = path.join(FIXTURES, name);
  const lines = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8').split('\n');
  const facts = readWorkspaceFacts(fileSystemView(dir));
  test(`split never throws on variations of ${name}`, () => {
    fc.assert(
      fc.property(
        fc.subarray(lines.map((_, i) => i)),
        fc.array(fc.tuple(fc.nat(lines.length), fc.constantFrom(...STRAY)), { maxLength: 3 }),
        (kept, strays) => {
          const out = kept.map((i) => lines[i]);
          for (const [at, line] of strays) out.splice(Math.min(at, out.length), 0, line);
          const text = out.join('\n');
          const { results, refused } = splitVariants(text, facts);
          for (const r of refused) assert.ok(r.reason.length > 0);
          for (const r of results) {
            const model = parseDockerfile(r.text);
            assert.ok(model.stages.length >= 2 && model.stages.every((s) => s.name), r.text);
            assert.ok('refused' in splitDockerfile(r.text, facts, { runner: r.runner }));
          }
        },
      ),
      { numRuns: 60 },
    );
  });
}
