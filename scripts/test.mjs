#!/usr/bin/env node
// `npm test`: installs what is missing, then runs every check and ends with a summary.
// Exits non-zero when any step fails; later steps still run so one report shows everything.
import { spawnSync } from "node:child_process";
import { ensureChromium } from "./lib/chromium.mjs";
import { ensureInstalled, root } from "./lib/ensure-install.mjs";

const say = (msg) => console.log(`\x1b[1m[test]\x1b[0m ${msg}`);
ensureInstalled(say);
const chromiumReady = ensureChromium(say);

const turbo = (...args) => [
  "npx",
  "turbo",
  "run",
  ...args,
  "--output-logs=errors-only",
  "--concurrency=2",
  "--continue",
];
const steps = [
  { name: "format", cmd: ["npx", "prettier", "--check", "--log-level=warn", "."] },
  { name: "typecheck", cmd: turbo("typecheck", "//#typecheck:convex", "//#typecheck:e2e") },
  { name: "lint", cmd: turbo("lint", "//#lint:convex", "//#lint:e2e") },
  { name: "build", cmd: turbo("build") },
  { name: "unit + integration", cmd: turbo("test", "//#test:convex") },
  { name: "production start", cmd: turbo("test:prod") },
  { name: "browser (Playwright)", cmd: ["npx", "playwright", "test", "-c", "e2e"], needs: chromiumReady },
];

const results = [];
for (const step of steps) {
  say(`${step.name}: ${step.cmd.join(" ")}`);
  const started = Date.now();
  const status =
    step.needs === false
      ? 1
      : spawnSync(step.cmd[0], step.cmd.slice(1), {
          cwd: root,
          stdio: "inherit",
          env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", FORCE_COLOR: process.env.FORCE_COLOR ?? "1" },
        }).status;
  results.push({ name: step.name, ok: status === 0, seconds: (Date.now() - started) / 1000 });
}

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log("\nSummary");
for (const r of results)
  console.log(`  ${r.ok ? "✓ pass" : "✗ FAIL"}  ${r.name.padEnd(22)} ${r.seconds.toFixed(1)} s`);
console.log(`\nsteps: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
