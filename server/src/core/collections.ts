// Two small shapes the indexes of the analysis are built from (rules, the dockerfile-ast memos, the
// validator's grouping): lists kept per key, and the bisection that finds a place in a sorted list.

/** Appends `value` to the list kept under `key`, starting the list on the first one. */
export function pushTo<K, V>(lists: Map<K, V[]>, key: K, value: V): void {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}

/**
 * Appends every item to `list` one by one. `list.push(...items)` passes the items as arguments, and past
 * ~120,000 of them the call overflows the stack: a 1 MB Dockerfile of unnamed stages has 168,000 findings,
 * and the server published none of them. Use this wherever the items grow with the input.
 */
export function append<T>(list: T[], items: Iterable<T>): T[] {
  for (const item of items) list.push(item);
  return list;
}

/** The least of the values (Infinity for none), without spreading them as arguments (see append). */
export function leastOf(values: Iterable<number>): number {
  let least = Number.POSITIVE_INFINITY;
  for (const value of values) if (value < least) least = value;
  return least;
}

/** The greatest of the values (-Infinity for none), without spreading them as arguments (see append). */
export function greatestOf(values: Iterable<number>): number {
  let greatest = Number.NEGATIVE_INFINITY;
  for (const value of values) if (value > greatest) greatest = value;
  return greatest;
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
