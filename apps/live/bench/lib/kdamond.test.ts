import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { expect, it } from "vitest";
import { kdamondState, pauseKdamonds } from "./kdamond";

function fakeAdmin(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "kdamonds-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), `${text}\n`);
  }
  return root;
}

it("says whether each kdamond runs, how often it samples and what it does", () => {
  const root = fakeAdmin({
    nr_kdamonds: "1",
    "0/state": "on",
    "0/contexts/0/monitoring_attrs/intervals/sample_us": "500000",
    "0/contexts/0/schemes/0/action": "pageout",
  });
  expect(kdamondState(root)).toBe("on, sampling every 500 ms, pageout");
  writeFileSync(join(root, "0/state"), "off\n");
  expect(kdamondState(root)).toBe("off, sampling every 500 ms, pageout");
});

it("says none where the kernel has no DAMON", () => {
  expect(kdamondState(join(tmpdir(), "no-such-damon-dir"))).toBe("none");
  expect(kdamondState(fakeAdmin({ nr_kdamonds: "0" }))).toBe("none");
});

it("pauses the running kdamonds only, and turns exactly those back on once", () => {
  const root = fakeAdmin({ "0/state": "on", "1/state": "off", "2/state": "on" });
  const state = (id: string) => readFileSync(join(root, id, "state"), "utf8").trim();
  const { paused, restore } = pauseKdamonds(root);
  expect(paused).toEqual(["0", "2"]);
  expect(["0", "1", "2"].map(state)).toEqual(["off", "off", "off"]);
  restore();
  expect(["0", "1", "2"].map(state)).toEqual(["on", "off", "on"]);
  writeFileSync(join(root, "0/state"), "off");
  restore(); // a second call (exit after a signal) changes nothing
  expect(state("0")).toBe("off");
  expect(pauseKdamonds(join(tmpdir(), "no-such-damon-dir")).paused).toEqual([]);
});
