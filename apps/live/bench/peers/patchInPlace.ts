import type { Patch } from "immer";

type Container = Record<string | number, unknown> | unknown[];

const isContainer = (v: unknown): v is Container => typeof v === "object" && v !== null;

/**
 * Applies immer patches (objects and arrays, as the engine's views hold) to `target` in place
 * and returns the new root (a different one only when a patch replaces the root).
 *
 * The bench's bot keeps one view per table, 200 in one load process, and owns each outright:
 * immer's `applyPatches` copies every object on each patched path and freezes the copies, work
 * the load process does on the CPU it shares with the server (in place: its CPU per command
 * −20 %, allocation 45 → 40 KB; docs/benchmarks.md, "One vCPU for both processes"). The web app
 * keeps immer: React needs a new object per change, and a browser holds one view.
 */
export function applyPatchesInPlace<T>(target: T, patches: readonly Patch[]): T {
  let root: unknown = target;
  for (const { op, path, value } of patches) {
    if (path.length === 0) {
      if (op !== "replace") throw new Error(`Cannot ${op} the root`);
      root = value;
      continue;
    }
    let parent: unknown = root;
    for (let i = 0; i < path.length - 1; i++) {
      parent = isContainer(parent) ? (parent as Record<string | number, unknown>)[path[i]!] : undefined;
      if (!isContainer(parent)) throw new Error(`No object at ${path.slice(0, i + 1).join("/")}`);
    }
    if (!isContainer(parent)) throw new Error("Cannot patch inside a primitive root");
    const key = path[path.length - 1]!;
    if (Array.isArray(parent) && op !== "replace") {
      if (op === "add") {
        if (key === "-") parent.push(value);
        else parent.splice(Number(key), 0, value);
      } else parent.splice(Number(key), 1);
    } else if (op === "remove") delete (parent as Record<string | number, unknown>)[key];
    else (parent as Record<string | number, unknown>)[key] = value;
  }
  return root as T;
}
