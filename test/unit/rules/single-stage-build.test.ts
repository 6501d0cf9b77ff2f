import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../server/src/rules/single-stage-build';
import { runRule, covered } from '../../support/ruleTest';

test('flags the build command of a stage that builds and runs, on the command words', () => {
  const cases: [string, string][] = [
    ['RUN npm ci && npm run build', 'npm run build'],
    ['RUN yarn build', 'yarn build'],
    ['RUN npx tsc', 'npx tsc'],
    ['RUN tsc -p .', 'tsc'],
    ['RUN npx next build', 'npx next build'],
    ['RUN CGO_ENABLED=0 go build -o /app .', 'go build'],
    ['RUN mvn -B package -DskipTests', 'mvn -B package'],
    ['RUN ./gradlew build', './gradlew build'],
    ['RUN cargo build --release', 'cargo build'],
  ];
  for (const [run, word] of cases) {
    const text = `FROM node:20\nWORKDIR /app\nCOPY . .\n${run}\nCMD ["node","dist/index.js"]\n`;
    const findings = runRule(rule, text);
    assert.equal(findings.length, 1, run);
    assert.equal(covered(text, findings[0]), word, run);
  }
  assert.match(
    runRule(rule, 'FROM node:20\nRUN npm run build\n')[0].message,
    /toolchain.*separate stage.*Split into stages/,
  );
});

test('pip with compilers installed in the same shipped stage is a build', () => {
  const text =
    'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y build-essential libpq-dev\nRUN pip install -r requirements.txt\n';
  const [f] = runRule(rule, text);
  assert.equal(covered(text, f), 'install');
  assert.match(f.message, /virtualenv in a builder stage/);
  assert.deepEqual(runRule(rule, 'FROM python:3.12-slim\nRUN pip install -r requirements.txt\n'), []);
});

test('multi-stage files that build in a builder stage are fine; a runner built FROM the builder is not', () => {
  assert.deepEqual(
    runRule(
      rule,
      'FROM node:20 AS build\nRUN npm ci && npm run build\nFROM node:20-slim\nCOPY --from=build /app/dist ./dist\n',
    ),
    [],
  );
  assert.deepEqual(runRule(rule, 'FROM node:20\nRUN npm ci\nRUN npm run lint && npm test\n'), []);
  assert.equal(
    runRule(rule, 'FROM node:20 AS build\nRUN npm run build\nFROM build AS runner\nCMD ["node","dist/a.js"]\n').length,
    1,
  );
});

test('pip next to git (not a compiler) is not a build', () => {
  assert.deepEqual(
    runRule(
      rule,
      'FROM python:3.12-slim\nRUN apt-get install -y --no-install-recommends git\nRUN pip install -r requirements.txt\n',
    ),
    [],
  );
  assert.equal(
    runRule(rule, 'FROM maven:3-eclipse-temurin-17\nRUN mvn --batch-mode clean compile assembly:single\n').length,
    1,
  );
});

test('an exec-form RUN ["npm", "run", "build"] is a build too', () => {
  const text = 'FROM node:latest\nRUN npm install\nCOPY . .\nRUN [ "npm", "run", "build" ]\nCMD [ "npm", "start" ]\n';
  assert.equal(runRule(rule, text).length, 1);
});
