import { roundtableEslint } from "./eslint.config.base.js";

export default roundtableEslint(import.meta.dirname);
