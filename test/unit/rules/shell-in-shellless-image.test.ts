import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../server/src/rules/shell-in-shellless-image';
import { runRule, covered, checkFix } from '../../support/ruleTest';

test('flags shell-form RUN, CMD and HEALTHCHECK on distroless, on the keyword', () => {
  const text =
    'FROM gcr.io/distroless/static-debian12\nCOPY app /app\nRUN chmod +x /app\nHEALTHCHECK --interval=5s CMD wget -q localhost:8080\nCMD /app --port 8080\n';
  const findings = runRule(rule, text);
  assert.deepEqual(
    findings.map((f) => [f.range.start.line, covered(text, f)]),
    [
      [2, 'RUN'],
      [3, 'CMD'],
      [4, 'CMD'],
    ],
  );
  assert.match(findings[0].message, /no \/bin\/sh.*fails the build.*builder stage/);
  assert.match(findings[2].message, /exec form, `CMD \["\/app", "--port", "8080"\]`/);
});

test('follows FROM-stage chains to scratch; shell-form ENTRYPOINT there is flagged', () => {
  const text =
    'FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM scratch AS base\nCOPY --from=build /out/app /app\nFROM base\nENTRYPOINT /app\n';
  const findings = runRule(rule, text);
  assert.deepEqual(
    findings.map((f) => covered(text, f)),
    ['ENTRYPOINT'],
  );
  assert.match(findings[0].message, /`scratch` has no \/bin\/sh/);
});

test('accepts exec form, shells in other images, builder stages with shells, and a chosen SHELL on :debug', () => {
  assert.deepEqual(
    runRule(
      rule,
      'FROM node:20 AS build\nRUN npm ci\nFROM gcr.io/distroless/nodejs20-debian12\nCOPY --from=build /app /app\nCMD ["/app/index.js"]\nHEALTHCHECK CMD ["/nodejs/bin/node", "hc.js"]\nRUN ["/nodejs/bin/node", "warm.js"]\n',
    ),
    [],
  );
  assert.deepEqual(runRule(rule, 'FROM debian:bookworm-slim\nRUN apt-get update\nCMD echo hi\n'), []);
  assert.deepEqual(
    runRule(rule, 'FROM gcr.io/distroless/base-debian12:debug\nSHELL ["/busybox/sh", "-c"]\nRUN ls /\n'),
    [],
  );
  const debug = runRule(rule, 'FROM gcr.io/distroless/base-debian12:debug\nRUN ls /\n');
  assert.match(debug[0].message, /SHELL \["\/busybox\/sh", "-c"\]/);
});

test('fix: plain shell-form CMD becomes exec form; on distroless Node the leading node goes', () => {
  checkFix(
    rule,
    'FROM gcr.io/distroless/static-debian12\nCMD /app --port 8080\n',
    'FROM gcr.io/distroless/static-debian12\nCMD ["/app", "--port", "8080"]\n',
  );
  checkFix(
    rule,
    'FROM gcr.io/distroless/nodejs20-debian12\nCOPY . /app\nCMD node /app/server.js\n',
    'FROM gcr.io/distroless/nodejs20-debian12\nCOPY . /app\nCMD ["/app/server.js"]\n',
  );
  const [fix] = runRule(rule, 'FROM scratch\nCMD exec /app\n')[0].fixes ?? [];
  assert.equal(fix.safe, true);
});

test('no fix when the shell would do something: variables, operators, quotes; nor for ENTRYPOINT node on distroless', () => {
  for (const cmd of ['CMD /app --port $PORT', 'CMD /app && echo done', 'CMD /app "a b"', 'ENTRYPOINT node /app/a.js']) {
    const findings = runRule(rule, `FROM gcr.io/distroless/nodejs20-debian12\n${cmd}\n`);
    assert.equal(findings.length, 1, cmd);
    assert.equal(findings[0].fixes, undefined, cmd);
  }
});

test('exec form that names a shell (CMD ["sh", "-c", …]) is flagged on the shell; /busybox/sh on :debug is fine', () => {
  const text =
    'FROM gcr.io/distroless/static-debian12\nCOPY app /app\nENTRYPOINT ["/bin/sh", "-c", "/app --port $PORT"]\n';
  const [f, ...rest] = runRule(rule, text);
  assert.equal(rest.length, 0);
  assert.equal(covered(text, f), '"/bin/sh"');
  assert.match(f.message, /no shell, so `\/bin\/sh` does not exist and this ENTRYPOINT cannot start the container/);
  assert.equal(runRule(rule, 'FROM scratch\nRUN ["sh", "-c", "echo"]\n').length, 1);
  assert.deepEqual(
    runRule(rule, 'FROM gcr.io/distroless/base-debian12:debug\nENTRYPOINT ["/busybox/sh", "-c", "echo hi"]\n'),
    [],
  );
  assert.deepEqual(runRule(rule, 'FROM debian:bookworm-slim\nCMD ["sh", "-c", "echo hi"]\n'), []);
});
