type Seg = string | number;

/** Immutable update at a path; `undefined` removes the key (or array item). */
export function setIn<T>(root: T, path: readonly Seg[], value: unknown): T {
  if (path.length === 0) return value as T;
  const [head, ...rest] = path as [Seg, ...Seg[]];
  if (typeof head === 'number') {
    const arr = Array.isArray(root) ? [...(root as unknown[])] : [];
    if (rest.length === 0 && value === undefined) arr.splice(head, 1);
    else arr[head] = setIn(arr[head], rest, value);
    return arr as T;
  }
  const obj = { ...((typeof root === 'object' && root !== null ? root : {}) as Record<string, unknown>) };
  if (rest.length === 0 && value === undefined) delete obj[head];
  else obj[head] = setIn(obj[head], rest, value);
  return obj as T;
}

export function getIn(root: unknown, path: readonly Seg[]): unknown {
  let cur = root;
  for (const s of path)
    cur = cur !== null && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[s] : undefined;
  return cur;
}
