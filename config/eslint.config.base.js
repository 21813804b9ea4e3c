// Shared ESLint flat config: typescript-eslint's type-checked rules plus Prettier's
// compatibility layer. Each workspace re-exports it with its own tsconfigRootDir.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import globals from "globals";
import tseslint from "typescript-eslint";

/** @param {string} tsconfigRootDir @param {{ ignores?: string[] }} [opts] */
export function roundtableEslint(tsconfigRootDir, opts = {}) {
  return tseslint.config(
    { ignores: ["dist/**", "node_modules/**", "coverage/**", ".turbo/**", ...(opts.ignores ?? [])] },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
      languageOptions: {
        parserOptions: { projectService: true, tsconfigRootDir },
      },
      rules: {
        "@typescript-eslint/no-unused-vars": [
          "error",
          { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
        ],
        "@typescript-eslint/consistent-type-imports": "error",
        "no-restricted-properties": [
          "error",
          { object: "process", property: "env", message: "Read settings through env.ts only." },
        ],
      },
    },
    {
      files: ["**/env.ts", "**/*.config.{ts,js,mjs}", "scripts/**"],
      rules: { "no-restricted-properties": "off" },
    },
    {
      files: ["**/*.js", "**/*.mjs"],
      ...tseslint.configs.disableTypeChecked,
      languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: globals.node },
    },
    prettier,
  );
}
