import { test } from 'node:test';
import assert from 'node:assert/strict';
import { partitionPoint, pushTo } from '../../server/src/core/collections';

test('pushTo keeps each key’s values in the order they came', () => {
  const lists = new Map<string, number[]>();
  for (const [key, value] of [
    ['a', 1],
    ['b', 2],
    ['a', 3],
  ] as const)
    pushTo(lists, key, value);
  assert.deepEqual(
    [...lists],
    [
      ['a', [1, 3]],
      ['b', [2]],
    ],
  );
});

test('partitionPoint finds where a sorted list stops being before the target', () => {
  const lines = [1, 3, 3, 7];
  const at = (line: number) => partitionPoint(lines.length, (i) => lines[i] < line);
  assert.deepEqual([0, 1, 2, 3, 4, 7, 8].map(at), [0, 0, 1, 1, 3, 3, 4]);
  assert.equal(
    partitionPoint(0, () => true),
    0,
  );
});
