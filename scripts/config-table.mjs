#!/usr/bin/env node
// Prints the README's configuration table from config/src/settings.ts (the single source).
import { ensureInstalled } from "./lib/ensure-install.mjs";

ensureInstalled(console.error);
const { tsImport } = await import("tsx/esm/api");
const { settingDefinitions } = await tsImport("../config/src/settings.ts", import.meta.url);
console.log("| Variable | Default | What it sets |\n| --- | --- | --- |");
for (const def of Object.values(settingDefinitions)) {
  const value = def.default === undefined ? "_(unset)_" : `\`${def.default}\``;
  console.log(`| \`${def.env}\` | ${value} | ${def.doc} |`);
}
