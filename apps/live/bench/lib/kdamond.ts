import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ADMIN = "/sys/kernel/mm/damon/admin/kdamonds";

/** The kdamonds' directory names ("0", "1", …); none where the kernel has no DAMON. */
function kdamondIds(root: string): string[] {
  try {
    return readdirSync(root).filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
}

/**
 * The kernel's DAMON monitors (`kdamond` threads), as "on, sampling every 500 ms, pageout".
 * On these VMs one samples memory regions' accessed bits every 500 ms and pages cold memory out:
 * it holds a core for 4–15 ms each time, which lengthens every peer's latency tail, so each
 * report says whether it was running (docs/benchmarks.md, "The machine's kdamond").
 */
export function kdamondState(root = ADMIN): string {
  const ids = kdamondIds(root);
  const read = (...p: string[]) => {
    try {
      return readFileSync(join(root, ...p), "utf8").trim();
    } catch {
      return "?";
    }
  };
  if (!ids.length) return "none";
  return ids
    .map((id) => {
      const ctx = [id, "contexts", "0"];
      const sampleUs = Number(read(...ctx, "monitoring_attrs", "intervals", "sample_us"));
      const sample = Number.isFinite(sampleUs) ? `, sampling every ${sampleUs / 1000} ms` : "";
      const action = read(...ctx, "schemes", "0", "action");
      return `${read(id, "state")}${sample}${action === "?" ? "" : `, ${action}`}`;
    })
    .join("; ");
}

/**
 * `--pause-kdamond`: turns off every running kdamond (root only) and returns what turns them
 * back on; the caller runs it on exit and on SIGINT/SIGTERM. A kill -9 leaves them off:
 * `echo on > /sys/kernel/mm/damon/admin/kdamonds/0/state` restores one by hand.
 */
export function pauseKdamonds(root = ADMIN): { paused: string[]; restore: () => void } {
  const paused = kdamondIds(root).filter((id) => {
    const state = join(root, id, "state");
    try {
      if (readFileSync(state, "utf8").trim() !== "on") return false;
      writeFileSync(state, "off");
      return true;
    } catch (err) {
      throw new Error(`--pause-kdamond: cannot turn off ${state} (${(err as Error).message})`, {
        cause: err,
      });
    }
  });
  let restored = false;
  return {
    paused,
    restore: () => {
      if (restored) return;
      restored = true;
      for (const id of paused) writeFileSync(join(root, id, "state"), "on");
    },
  };
}
