// core/astMemo.ts's parse memo: the same text gives the same tree (so the server parses once per
// version for all its features), and huge texts do not pile up (one large tree kept at a time).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DockerfileParser } from 'dockerfile-ast';
import { setParseMemo } from '../../server/src/core/astMemo';

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
