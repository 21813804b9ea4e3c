import { roundtableEslint } from "../config/eslint.config.base.js";

export default roundtableEslint(import.meta.dirname, { ignores: ["_generated/**"] });
