// Remembering what a pure function returned for the keys seen lately.

/**
 * `compute`, remembering its results for up to `max` keys; when that many are held, they are all
 * forgotten at once: bounded without the bookkeeping of a least-recently-used order.
 */
export function boundedMemo<K, V>(max: number, compute: (key: K) => V): (key: K) => V {
  const kept = new Map<K, V>();
  return (key) => {
    const known = kept.get(key);
    if (known !== undefined || kept.has(key)) return known as V;
    const value = compute(key);
    if (kept.size >= max) kept.clear();
    kept.set(key, value);
    return value;
  };
}
