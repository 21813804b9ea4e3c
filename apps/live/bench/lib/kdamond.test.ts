import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { expect, it } from "vitest";
import { kdamondState } from "./kdamond";

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
