import reactHooks from "eslint-plugin-react-hooks";
import { roundtableEslint } from "../../config/eslint.config.base.js";

export default [
  ...roundtableEslint(import.meta.dirname),
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
];
