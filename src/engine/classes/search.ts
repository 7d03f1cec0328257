/** The first index of an ascending list whose value is not below `x` (the list's length if none). */
export function lowerBound(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `lowerBound` for bigint keys (IPv6 addresses). Its own function: the number one runs on the
 * classes' hot paths, and one comparison seeing both types would slow it there.
 */
export function lowerBoundBig(sorted: ArrayLike<bigint>, x: bigint): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as bigint) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
