import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rule } from '../../../server/src/rules/secret-in-image';
import { runRule, covered, tempWorkspace, applyEdits } from '../../support/ruleTest';

const KEY = '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n';
const CERT = '-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n';

test('explicit copies of .env, private keys and token files into the final stage, on the source word', () => {
  const files = {
    '.env': 'DB_PASSWORD=hunter2\n',
    '.npmrc': '//registry.npmjs.org/:_authToken=npm_abc123\n',
    'certs/server.pem': KEY,
    id_rsa: 'x',
  };
  const text =
    'FROM node:20-slim\nCOPY .env ./\nCOPY .npmrc ./\nCOPY certs/server.pem /etc/ssl/\nADD id_rsa /root/.ssh/\n';
  const findings = runRule(rule, text, { files });
  assert.deepEqual(
    findings.map((f) => covered(text, f)),
    ['.env', '.npmrc', 'certs/server.pem', 'id_rsa'],
  );
  assert.match(
    findings[0].message,
    /`.env` \(environment file\).*anyone who can pull it can read it.*--mount=type=secret/,
  );
  assert.match(findings[1].message, /token file/);
});

test('false-positive choices: templates, CA certificates, env-var npm tokens, builder stages', () => {
  const files = { '.env.example': 'A=1', 'ca.pem': CERT, '.npmrc': '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n' };
  assert.deepEqual(runRule(rule, 'FROM node:20-slim\nCOPY .env.example ca.pem .npmrc ./\n', { files }), []);
  // A secret used in a builder stage does not ship when only node_modules is copied on.
  assert.deepEqual(
    runRule(
      rule,
      'FROM node:20 AS deps\nCOPY .npmrc ./\nRUN npm ci\nFROM node:20-slim\nCOPY --from=deps /node_modules ./node_modules\n',
      { files: { '.npmrc': '_authToken=abc\n' } },
    ),
    [],
  );
  assert.deepEqual(
    runRule(rule, 'FROM node:20-slim\nCOPY .npmrc ./\n'),
    [],
    'no workspace: the .npmrc cannot be judged',
  );
});

test('COPY . . ships secrets the .dockerignore does not exclude; node_modules is not searched', () => {
  const files = {
    '.env': 'X=1',
    '.env.local': 'Y=2',
    'keys/deploy.key': 'k',
    'node_modules/pkg/test/key.pem': KEY,
    'src/index.js': '',
    '.dockerignore': 'node_modules\n.env.local\n',
  };
  const text = 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\n';
  const [f, ...rest] = runRule(rule, text, { files });
  assert.equal(rest.length, 0);
  assert.equal(covered(text, f), '.');
  assert.match(f.message, /Copies `.env`, `keys\/deploy.key` into the image \(not excluded by .dockerignore\)/);
  assert.deepEqual(
    runRule(rule, text, { files: { ...files, '.dockerignore': 'node_modules\n.env*\n**/*.key\n' } }),
    [],
  );
  assert.deepEqual(
    runRule(rule, 'FROM node:20-slim\nCOPY src/ /app/src/\n', { files }),
    [],
    'only the copied folder counts',
  );
});

test('fix extends (or creates) .dockerignore; not safe', () => {
  const dir = tempWorkspace({ '.env': 'X=1', '.dockerignore': 'node_modules' });
  const [f] = runRule(rule, 'FROM node:20-slim\nCOPY . .\n', { dir });
  const fix = f.fixes![0];
  assert.equal(fix.safe, false);
  const edit = fix.edits[0] as { file: string; range: never; newText: string };
  assert.equal(edit.file, path.join(dir, '.dockerignore'));
  assert.equal(applyEdits('node_modules', [{ ...edit, file: undefined }]).text, 'node_modules\n.env\n');
  fs.rmSync(path.join(dir, '.dockerignore'));
  const [g] = runRule(rule, 'FROM node:20-slim\nCOPY . .\n', { dir });
  assert.deepEqual(g.fixes![0].edits, [{ createFile: path.join(dir, '.dockerignore'), text: '.env\n' }]);
});

test('ENV and ARG with secret names and values, on the assignment', () => {
  const text =
    'ARG NPM_TOKEN=npm_abc123\nFROM node:20-slim\nARG BUILD_TOKEN\nENV API_TOKEN=sk_live_51Habc DB_PASSWORD="s3cret" PORT=3000\nENV AWS_SECRET_ACCESS_KEY wJalrXUtnFEMI\nARG GH_PAT\nENV GITHUB_TOKEN=$BUILD_TOKEN\n';
  const findings = runRule(rule, text);
  assert.deepEqual(
    findings.map((f) => covered(text, f)),
    [
      'NPM_TOKEN=npm_abc123',
      'API_TOKEN=sk_live_51Habc',
      'DB_PASSWORD="s3cret"',
      'AWS_SECRET_ACCESS_KEY wJalrXUtnFEMI',
      'GITHUB_TOKEN=$BUILD_TOKEN',
    ].sort((a, b) => text.indexOf(a) - text.indexOf(b)),
  );
  assert.match(
    findings.find((f) => covered(text, f).startsWith('API_TOKEN'))!.message,
    /docker inspect.*docker run -e API_TOKEN/,
  );
  assert.match(
    findings.find((f) => covered(text, f).startsWith('NPM_TOKEN'))!.message,
    /docker history.*--mount=type=secret,id=npm_token/,
  );
});

test('names that point at secrets, public keys and placeholder values are not flagged', () => {
  const text =
    'FROM python:3.11-slim\nENV GPG_KEY 7169605F62C751356D054A26A821E680E5FA6305\nENV SSL_KEY_PATH=/run/secrets/key API_KEY_FILE=/run/secrets/api AWS_ACCESS_KEY_ID=AKIA1 TOKENIZERS_PARALLELISM=false\nENV SECRET_KEY_BASE=dummy DB_PASSWORD= JWT_SECRET=changeme\nARG NPM_TOKEN\nARG KEY=value\n';
  assert.deepEqual(runRule(rule, text), []);
});

test("a runner copying the builder's context folder ships its secrets too (distroless examples' COPY . /app → COPY --from)", () => {
  const files = { '.env': 'DB_PASSWORD=x', 'hello.js': '', 'package.json': '{}' };
  const text =
    'FROM node:22 AS build-env\nCOPY . /app\nWORKDIR /app\nRUN npm ci --omit=dev\n\nFROM gcr.io/distroless/nodejs22-debian13\nCOPY --from=build-env /app /app\nWORKDIR /app\nCMD ["hello.js"]\n';
  const [f, ...rest] = runRule(rule, text, { files });
  assert.equal(rest.length, 0);
  assert.equal(covered(text, f), '/app');
  assert.match(
    f.message,
    /Copies `\/app` from stage "build-env", which holds the whole build context, so `.env` ends up in the image/,
  );
  const relative =
    'FROM node:22 AS build\nWORKDIR /src\nCOPY . .\nRUN npm run build\nFROM node:22-slim\nCOPY --from=build /src/dist /app\nCOPY --from=build /src /whole\n';
  assert.deepEqual(
    runRule(rule, relative, { files }).map((x) => covered(relative, x)),
    ['/src'],
    'only the copy that includes the context dir',
  );
  assert.deepEqual(runRule(rule, text, { files: { ...files, '.dockerignore': '.env\n' } }), []);
});

test('deleting a top-level .env clears the finding at once (the context walk cache sees the new listing)', () => {
  const dir = tempWorkspace({ '.env': 'X=1', 'a.js': '' });
  assert.equal(runRule(rule, 'FROM node:20-slim\nCOPY . .\n', { dir }).length, 1);
  fs.rmSync(path.join(dir, '.env'));
  assert.deepEqual(runRule(rule, 'FROM node:20-slim\nCOPY . .\n', { dir }), []);
});

test('secret files named in a COPY --from are flagged too', () => {
  const text =
    'FROM node:20 AS build\nRUN echo "TOKEN=x" > /app/.env\nFROM node:20-slim\nCOPY --from=build /app/.env /app/dist ./\nCOPY --from=build /root/.ssh /root/.ssh\n';
  assert.deepEqual(
    runRule(rule, text).map((f) => covered(text, f)),
    ['/app/.env', '/root/.ssh'],
  );
});
