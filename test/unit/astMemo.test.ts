// core/astMemo.ts's parse memo: the same text gives the same tree (so the server parses once per
// version for all its features), and huge texts do not pile up (one large tree kept at a time).
import { createRequire } from 'node:module';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DockerfileParser } from 'dockerfile-ast';
import { setParseMemo } from '../../server/src/core/astMemo';

// dockerfile-ast's copy of the text document (its require, not an import, which may load the ESM build).
const { TextDocument } = createRequire(require.resolve('dockerfile-ast'))(
  'vscode-languageserver-textdocument',
) as typeof import('vscode-languageserver-textdocument');

const small = (n: number) => `FROM node:20\nRUN echo ${n}\n`;
const large = (n: number) =>
  `FROM node:20\n${'RUN echo padding padding padding padding\n'.repeat(8_000)}RUN echo ${n}\n`;

test('the same text is parsed once; the four most recent texts are kept', () => {
  setParseMemo(true);
  const first = DockerfileParser.parse(small(1));
  assert.equal(DockerfileParser.parse(small(1)), first, 'same text, same tree');
  for (let i = 2; i <= 4; i++) DockerfileParser.parse(small(i));
  assert.equal(DockerfileParser.parse(small(1)), first, 'still among the four most recent');
  for (let i = 5; i <= 8; i++) DockerfileParser.parse(small(i));
  assert.notEqual(DockerfileParser.parse(small(1)), first, 'pushed out by four newer texts');
});

test('a large text is kept only while it is the newest', () => {
  setParseMemo(true);
  const text = large(1);
  assert.ok(text.length > 256 * 1024);
  const tree = DockerfileParser.parse(text);
  assert.equal(DockerfileParser.parse(text), tree, 'the newest, even large, is kept');
  const keptSmall = DockerfileParser.parse(small(100));
  DockerfileParser.parse(large(2)); // typing in the huge file: a new version
  assert.notEqual(DockerfileParser.parse(text), tree, 'the older large tree was let go');
  assert.equal(DockerfileParser.parse(small(100)), keptSmall, 'small trees beside it stay');
});

test('with the memo off every parse is fresh', () => {
  setParseMemo(false);
  try {
    assert.notEqual(DockerfileParser.parse(small(1)), DockerfileParser.parse(small(1)));
  } finally {
    setParseMemo(true);
  }
});

test("offset → position near the last line found is the text document's bisection, in any order and after edits", async () => {
  const { setArgumentsMemo } = await import('../../server/src/core/astMemo');
  const fc = (await import('fast-check')).default;
  const text = fc
    .array(fc.constantFrom('a', 'b', ' ', '\n', '\r', '\r\n', '\\'), { maxLength: 60 })
    .map((parts) => parts.join(''));
  const edit = fc.record({ start: fc.nat(80), length: fc.nat(10), text });
  fc.assert(
    fc.property(
      text,
      fc.array(fc.integer({ min: -3, max: 90 }), { maxLength: 40 }),
      fc.array(edit, { maxLength: 4 }),
      (content, offsets, edits) => {
        const hinted = TextDocument.create('file:///a', 'dockerfile', 0, content);
        const bisected = TextDocument.create('file:///a', 'dockerfile', 0, content);
        const both = () => {
          for (const offset of offsets) {
            setArgumentsMemo(true);
            const got = hinted.positionAt(offset);
            setArgumentsMemo(false);
            assert.deepEqual(
              got,
              bisected.positionAt(offset),
              `offset ${offset} of ${JSON.stringify(hinted.getText())}`,
            );
          }
          setArgumentsMemo(true);
        };
        both();
        for (const [version, e] of edits.entries()) {
          // incremental edits update the line starts in place: the hint must read them afresh
          const range = { start: bisected.positionAt(e.start), end: bisected.positionAt(e.start + e.length) };
          TextDocument.update(hinted, [{ range, text: e.text }], version + 1);
          TextDocument.update(bisected, [{ range, text: e.text }], version + 1);
          both();
        }
      },
    ),
    { numRuns: 400 },
  );
});

test('the hint is used: a positionAt that knew only the bisection would fail the test above if it were wrong', async () => {
  // A guard that the patch is installed on the class dockerfile-ast uses (else the test above compares bisection with itself).
  const doc = (DockerfileParser.parse('FROM a\nRUN b\n').getInstructions()[0] as unknown as { document: object })
    .document;
  assert.equal(Object.getPrototypeOf(doc), Object.getPrototypeOf(TextDocument.create('file:///a', 'd', 0, '')));
  assert.equal(TextDocument.create('file:///a', 'd', 0, '').positionAt.name, 'positionNearLastLine');
});
