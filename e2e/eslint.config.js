import { roundtableEslint } from "../config/eslint.config.base.js";

export default [
  ...roundtableEslint(import.meta.dirname),
  {
    // The e2e supervisor is its own process: it reads the environment Playwright gives it.
    files: ["servers/**"],
    rules: { "no-restricted-properties": "off" },
  },
];
