// Installs the workspace's dependencies when they are missing or older than package-lock.json.
// Uses only Node built-ins: it runs before anything is installed.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const root = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
const stamp = join(root, "node_modules", ".roundtable-install-stamp");

function lockHash() {
  return createHash("sha256")
    .update(readFileSync(join(root, "package-lock.json")))
    .digest("hex");
}

export function ensureInstalled(log = console.log) {
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === lockHash()) return;
  // `npm install`, not `npm ci`: the lock this registry yields has no per-platform optional
  // entries (turbo's binaries), which `npm ci` refuses; `npm install` follows the lock all the same.
  log("Installing dependencies (npm install) — first run or package-lock.json changed …");
  const res = spawnSync("npm", ["install", "--no-audit", "--no-fund"], { cwd: root, stdio: [0, 2, 2] });
  if (res.status !== 0) {
    log("npm install failed; see the output above.");
    process.exit(res.status ?? 1);
  }
  writeFileSync(stamp, lockHash());
}
