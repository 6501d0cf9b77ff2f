import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sourceMatcher } from '../../server/src/core/context';

test('COPY sources: globs match like Docker, a half-typed `["a",` is matched literally instead of throwing', () => {
  assert.equal(sourceMatcher('src/*.ts')('src/a.ts'), true);
  assert.equal(sourceMatcher('src/*.ts')('src/sub/a.ts'), false);
  assert.equal(sourceMatcher('src/[ab].ts')('src/b.ts'), true);
  assert.equal(sourceMatcher('dist')('dist/x/y.js'), true);
  assert.doesNotThrow(() => sourceMatcher('["python",'));
  assert.equal(sourceMatcher('["python",')('["python",'), true);
  assert.equal(sourceMatcher('a.txt')('abtxt'), false);
});
