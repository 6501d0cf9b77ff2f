import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from '../../../server/src/rules/go-cgo-in-static-image';
import { runRule, covered, checkFix } from '../../support/ruleTest';

const runner = (image: string) => `FROM ${image}\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n`;

test('flags go build feeding scratch or distroless/static, on `go build`', () => {
  const text = `FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go mod download && go build -o /out/app .\n${runner('scratch')}`;
  const [f, ...rest] = runRule(rule, text);
  assert.equal(rest.length, 0);
  assert.equal(covered(text, f), 'go build');
  assert.match(f.message, /`scratch`, which has no libc.*cgo is on.*CGO_ENABLED=0/);
  const distroless = `FROM golang:1.22 AS build\nRUN go install ./cmd/app\n${runner('gcr.io/distroless/static-debian12:nonroot')}`;
  assert.deepEqual(
    runRule(rule, distroless).map((x) => covered(distroless, x)),
    ['go install'],
  );
});

test("follows the builder's FROM chain and the runner's FROM chain; explicit CGO_ENABLED=1 is flagged", () => {
  const text =
    'FROM golang:1.22 AS base\nENV CGO_ENABLED=1\nFROM base AS build\nRUN go build -o /out/app\nFROM scratch AS min\nFROM min\nCOPY --from=build /out/app /app\n';
  assert.equal(runRule(rule, text).length, 1);
});

test('accepts CGO_ENABLED=0 as ENV, ARG, inline prefix, export, go env -w, and static linking', () => {
  const cases = [
    'FROM golang:1.22 AS build\nENV CGO_ENABLED=0\nRUN go build -o /out/app\n',
    'FROM golang:1.22 AS build\nENV CGO_ENABLED 0\nRUN go build -o /out/app\n',
    'FROM golang:1.22 AS build\nARG CGO_ENABLED=0\nRUN go build -o /out/app\n',
    'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 GOOS=linux go build -o /out/app\n',
    'FROM golang:1.22 AS build\nRUN export CGO_ENABLED=0 && go build -o /out/app\n',
    'FROM golang:1.22 AS build\nRUN go env -w CGO_ENABLED=0\nRUN go build -o /out/app\n',
    'FROM golang:1.22 AS build\nRUN go build -ldflags \'-linkmode external -extldflags "-static"\' -o /out/app\n',
  ];
  for (const c of cases) assert.deepEqual(runRule(rule, c + runner('scratch')), [], c);
});

test('accepts runners with libc and alpine builders without a C compiler; flags alpine builders that add gcc', () => {
  assert.deepEqual(
    runRule(rule, `FROM golang:1.22 AS build\nRUN go build -o /out/app\n${runner('gcr.io/distroless/base-debian12')}`),
    [],
  );
  assert.deepEqual(
    runRule(rule, `FROM golang:1.22 AS build\nRUN go build -o /out/app\n${runner('debian:bookworm-slim')}`),
    [],
  );
  assert.deepEqual(
    runRule(rule, `FROM golang:1.22-alpine AS build\nRUN go build -o /out/app\n${runner('scratch')}`),
    [],
  );
  assert.equal(
    runRule(
      rule,
      `FROM golang:1.22-alpine AS build\nRUN apk add --no-cache gcc musl-dev\nRUN go build -o /out/app\n${runner('scratch')}`,
    ).length,
    1,
  );
  assert.deepEqual(
    runRule(
      rule,
      'FROM golang:1.22 AS build\nRUN go build -o /out/app\nFROM scratch\nRUN --mount=from=build,source=/out,target=/x true\n',
    ),
    [],
    'RUN --mount does not ship the binary',
  );
});

test('fix prefixes CGO_ENABLED=0 (not safe: cgo-only code would stop building)', () => {
  const before = `FROM golang:1.22 AS build\nRUN go mod download && go build -o /out/app .\n${runner('scratch')}`;
  checkFix(rule, before, before.replace('&& go build', '&& CGO_ENABLED=0 go build'));
  assert.equal(runRule(rule, before)[0].fixes?.[0].safe, false);
});

test('follows the binary through an intermediate stage (build → upx → scratch)', () => {
  const text =
    'FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM debian:bookworm-slim AS pack\nCOPY --from=build /out/app /app\nRUN apt-get update && apt-get install -y upx && upx /app\nFROM scratch\nCOPY --from=pack /app /app\nENTRYPOINT ["/app"]\n';
  assert.deepEqual(
    runRule(rule, text).map((f) => covered(text, f)),
    ['go build'],
  );
});
