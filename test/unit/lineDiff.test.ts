import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineDiff } from '../../server/src/core/lineDiff';

const show = (before: string, after: string) =>
  lineDiff(before, after)
    .map((d) => `${d.kind === 'same' ? ' ' : d.kind === 'added' ? '+' : '-'}${d.text}`)
    .join('\n');

test('a single-stage Dockerfile against its split: kept lines once, the rest removed or added in order', () => {
  const before = 'FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n';
  const after =
    'FROM golang:1.19 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM gcr.io/distroless/static-debian12:nonroot AS runner\nCOPY --from=build /app /app\nCMD ["/app"]\n';
  assert.equal(
    show(before, after),
    [
      '-FROM golang:1.19',
      '+FROM golang:1.19 AS build',
      ' WORKDIR /src',
      ' COPY . .',
      '-RUN go build -o /app .',
      '+RUN CGO_ENABLED=0 go build -o /app .',
      '+',
      '+FROM gcr.io/distroless/static-debian12:nonroot AS runner',
      '+COPY --from=build /app /app',
      ' CMD ["/app"]',
    ].join('\n'),
  );
});

test('line numbers point into the old text for kept and removed lines, into the new text for added ones', () => {
  const diff = lineDiff('a\nb\nc', 'a\nx\nc\nd');
  assert.deepEqual(
    diff.map((d) => [d.kind, d.text, d.line]),
    [
      ['same', 'a', 0],
      ['removed', 'b', 1],
      ['added', 'x', 1],
      ['same', 'c', 2],
      ['added', 'd', 3],
    ],
  );
});

test('identical texts, empty texts and CRLF line ends', () => {
  assert.ok(lineDiff('a\r\nb\r\n', 'a\nb\n').every((d) => d.kind === 'same'));
  assert.deepEqual(lineDiff('', ''), [{ kind: 'same', text: '', line: 0 }]);
  assert.deepEqual(
    lineDiff('', 'x').map((d) => d.kind),
    ['removed', 'added'],
  );
});

test('past the size limit the diff is every old line removed and every new one added, quickly', () => {
  const big = Array.from({ length: 3000 }, (_, i) => `RUN echo ${i}`).join('\n');
  const t0 = Date.now();
  const diff = lineDiff(big, `${big}\nRUN true`);
  assert.ok(Date.now() - t0 < 2000);
  assert.equal(diff.filter((d) => d.kind === 'removed').length, 3000);
  assert.equal(diff.filter((d) => d.kind === 'added').length, 3001);
});
