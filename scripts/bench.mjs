#!/usr/bin/env node
// `npm run bench [-- --quick]`: runs every benchmark in apps/live/bench one after another
// (never in parallel: they measure this machine). Results go to docs/benchmarks.md by hand.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ensureInstalled, root } from "./lib/ensure-install.mjs";

ensureInstalled();
const args = process.argv.slice(2);
const dir = join(root, "apps/live/bench");
const only = args.find((a) => !a.startsWith("--"));
const benches = existsSync(dir)
  ? readdirSync(dir).filter(
      (f) => /^[a-z0-9-]+\.ts$/.test(f) && !f.endsWith(".test.ts") && (!only || f.startsWith(only)),
    )
  : [];
if (benches.length === 0) {
  console.log("No benchmarks found in apps/live/bench.");
  process.exit(1);
}
console.log(
  `Machine: ${(await import("node:os")).cpus().length} cores, Node ${process.version}; args: ${args.join(" ") || "(full)"}`,
);
let failed = 0;
for (const file of benches.sort()) {
  console.log(`\n=== ${file}`);
  const res = spawnSync("npx", ["tsx", join(dir, file), ...args.filter((a) => a.startsWith("--"))], {
    cwd: root,
    stdio: "inherit",
  });
  if (res.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
