import { defineConfig } from "@playwright/test";
import { e2eDataDir, e2eEnv, e2eUrls, e2eWebDir } from "./stack";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const env = { ...process.env, ...e2eEnv } as Record<string, string>;

// The whole local stack, started by the test run itself (cwd ".." = the repo root): the local
// services (as `npm start` runs them) with a fresh data directory, the live server built from source (under a supervisor
// the restart journey stops and starts it through), and the web app built with the e2e URLs
// and served by `vite preview`.
export default defineConfig({
  testDir: ".",
  testMatch: "**/*.spec.ts",
  outputDir: "../test-results/e2e",
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: [["list"], ["html", { open: "never", outputFolder: "../playwright-report" }]],
  use: {
    baseURL: e2eUrls.web,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: [
    {
      // A fresh data directory every run (kept afterwards for inspecting a failure).
      command: `rm -rf ${e2eDataDir} && npx tsx apps/local-services/src/main.ts`,
      cwd: "..",
      url: `${e2eUrls.auth}/healthz`,
      env,
      timeout: 120_000,
      reuseExistingServer: false,
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    },
    {
      command: "npm run build -w apps/live --silent && npx tsx e2e/servers/live-supervisor.ts",
      cwd: "..",
      url: `${e2eUrls.live}/readyz`,
      env,
      timeout: 180_000,
      reuseExistingServer: false,
      gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    },
    {
      command: `npx vite build --outDir ${e2eWebDir} --emptyOutDir --logLevel warn && npx vite preview --outDir ${e2eWebDir}`,
      cwd: "../apps/web",
      url: e2eUrls.web,
      env: { ...env, VITE_CONFIG_NATIVE_IGNORE_WARNING: "true" },
      timeout: 180_000,
      reuseExistingServer: false,
    },
  ],
});
