// Two small shapes the indexes of the analysis are built from (rules, the dockerfile-ast memos, the
// validator's grouping): lists kept per key, and the bisection that finds a place in a sorted list.

/** Appends `value` to the list kept under `key`, starting the list on the first one. */
export function pushTo<K, V>(lists: Map<K, V[]>, key: K, value: V): void {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}

/**
 * The first index in 0…count where `isBefore` no longer holds, by bisection: the items must be ordered
 * so that every one it holds for comes first (returns `count` when it holds for all).
 */
export function partitionPoint(count: number, isBefore: (index: number) => boolean): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (isBefore(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
