import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { settingDefinitions } from "./settings";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

describe("README configuration table", () => {
  it.each(Object.values(settingDefinitions).map((d) => [d.env, d] as const))(
    "documents %s with its default",
    (variable, def) => {
      // Prettier pads table cells, so match the first cell after trimming.
      const row = readme.split("\n").find((line) => line.split("|")[1]?.trim() === `\`${variable}\``);
      expect(row, `README row for ${variable}`).toBeDefined();
      const shown = def.default === undefined ? "_(unset)_" : `\`${String(def.default)}\``;
      expect(row).toContain(shown);
    },
  );
});
