// Debian's Chromium drives the browser tests (Playwright's own browser download cannot work
// here). Installed with apt-get when absent.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function ensureChromium(log = console.log) {
  if (existsSync(chromiumPath)) return true;
  log(`Chromium is missing at ${chromiumPath}: installing Debian's chromium package with apt-get …`);
  const sudo = process.getuid?.() === 0 ? [] : ["sudo"];
  const run = (args) =>
    spawnSync(sudo[0] ?? args[0], sudo.length ? args : args.slice(1), {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    }).status === 0;
  const ok =
    run(["apt-get", "update"]) && run(["apt-get", "install", "-y", "--no-install-recommends", "chromium"]);
  if (!ok || !existsSync(chromiumPath)) {
    log("Could not install Chromium; the browser tests will fail.");
    return false;
  }
  log(`Chromium installed at ${chromiumPath}.`);
  return true;
}
