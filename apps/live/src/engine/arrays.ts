/**
 * `find` / `findIndex` / `some` / `filter` as plain loops. The engine's arrays are frozen, and
 * V8 (Node 20) runs the callback builtins on frozen arrays through a slow path: for 11 items,
 * `find`/`findIndex`/`some` ~4x, `forEach` ~8x and `filter` ~10x slower than on the same
 * unfrozen array (500 ns against 130 ns for a `find`). A loop is as fast on both.
 */
export function findIn<T>(list: readonly T[], pred: (x: T) => boolean): T | undefined {
  for (let i = 0; i < list.length; i++) {
    const x = list[i]!;
    if (pred(x)) return x;
  }
  return undefined;
}

export function indexIn<T>(list: readonly T[], pred: (x: T) => boolean): number {
  for (let i = 0; i < list.length; i++) if (pred(list[i]!)) return i;
  return -1;
}

export function someIn<T>(list: readonly T[], pred: (x: T) => boolean): boolean {
  for (let i = 0; i < list.length; i++) if (pred(list[i]!)) return true;
  return false;
}

export function filterIn<T>(list: readonly T[], pred: (x: T) => boolean): T[] {
  const out: T[] = [];
  for (let i = 0; i < list.length; i++) {
    const x = list[i]!;
    if (pred(x)) out.push(x);
  }
  return out;
}
