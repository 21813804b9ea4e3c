import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";

export type ModuleMap = Record<string, () => Promise<unknown>>;

const SOURCE = /\.(ts|js|mts|mjs)$/;
// Like convex/'s own test glob: a second dot marks declarations, tests, setup and config.
const NOT_FUNCTIONS = /\..*\./;

/**
 * The lazy module map convexTest takes (what `import.meta.glob("./**\/*.*s")` gives under
 * Vite), built from the files of a convex/ directory so it also works under plain tsx.
 * Keys are absolute paths; convexTest finds the root by the `_generated` entry.
 */
export function convexModules(convexDir: string): ModuleMap {
  const map: ModuleMap = {};
  for (const entry of readdirSync(convexDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !SOURCE.test(entry.name) || NOT_FUNCTIONS.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    if (relative(convexDir, file).split(/[\\/]/).includes("node_modules")) continue;
    const key = file.split("\\").join("/");
    map[key] = () => import(pathToFileURL(file).href);
  }
  if (!Object.keys(map).some((k) => k.includes("/_generated/"))) {
    throw new Error(`No _generated directory in ${convexDir}: run \`npx convex codegen\` (see README)`);
  }
  return map;
}
