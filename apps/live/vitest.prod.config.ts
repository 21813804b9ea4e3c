import { defineConfig } from "vitest/config";

// The production-start test (test-prod/): the built dist/ with production dependencies only,
// started as the image starts it. Separate from `vitest run` because it needs the build first.
export default defineConfig({
  test: {
    include: ["test-prod/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
