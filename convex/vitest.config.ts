import { resolve } from "node:path";
import { defineConfig } from "vitest/config";

// Rooted at the repo so Vite's caches stay in the root node_modules, not inside convex/
// (which Convex bundles). convex-test runs the functions in Convex's edge-like runtime and
// must be inlined so it shares that environment with the modules import.meta.glob loads.
export default defineConfig({
  root: resolve(import.meta.dirname, ".."),
  test: {
    include: ["convex/**/*.test.ts"],
    exclude: ["convex/_generated/**", "**/node_modules/**"],
    environment: "edge-runtime",
    server: { deps: { inline: ["convex-test"] } },
    unstubEnvs: true,
    testTimeout: 30_000,
  },
});
