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

describe("README library choices", () => {
  const manifests = ["../../package.json", "../../apps/live/package.json", "../../apps/web/package.json"];
  it("pins tRPC to the one release it names, in every manifest", () => {
    const release = /\*\*tRPC (\d+\.\d+\.\d+) exactly\*\*/.exec(readme)?.[1];
    expect(release, "the README's tRPC release").toBeDefined();
    for (const path of manifests) {
      const pkg = JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8")) as {
        dependencies?: Record<string, string>;
        devDependencies?: Record<string, string>;
      };
      const all = { ...pkg.dependencies, ...pkg.devDependencies };
      for (const [name, range] of Object.entries(all))
        if (name.startsWith("@trpc/")) expect(range, `${name} in ${path}`).toBe(release);
    }
  });
});
