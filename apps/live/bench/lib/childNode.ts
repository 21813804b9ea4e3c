// The bench's server and load processes (live.ts through orchestrate.ts, and memoryProbe.ts):
// which Node runs them, chosen once per run from `--node`, and with which flags.
import { execFileSync, fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { dockerfileNodeVersion, imageNode } from "../../test-prod/imageNode";
import { flagValue } from "./args";

const root = join(import.meta.dirname, "../../../..");

/**
 * By default (`--node=image`) the release the image ships, the Dockerfile's `ARG NODE_VERSION`
 * (fetched from the npm registry once, test-prod/imageNode.ts): the servers are measured on the
 * runtime they run on in production, not on the machine's toolchain. `--node=host`: the Node
 * running the bench; `--node=/path/to/node`: that binary. The orchestrator itself (idle while
 * measuring) stays on the machine's Node.
 */
const nodeArg = flagValue("node", "image");
export const childNode: string =
  nodeArg === "host"
    ? process.execPath
    : nodeArg === "image"
      ? imageNode(root, dockerfileNodeVersion(readFileSync(join(root, "Dockerfile"), "utf8")), console.log)
      : nodeArg;

/** The version `childNode` reports, for the report's first line. */
export const childNodeVersion: string =
  childNode === process.execPath
    ? process.version
    : execFileSync(childNode, ["--version"], { encoding: "utf8" }).trim();

/**
 * `--server-flags=--max-semi-space-size=32,--trace-gc`: Node/V8 flags for every peer's server
 * process alike (comma-separated); `--load-flags=…` the same for every peer's load process.
 */
function nodeFlags(name: string): string[] {
  const flags = flagValue(name, "").split(",").filter(Boolean);
  for (const f of flags)
    if (!/^--[a-z0-9-]+(=[\w./-]+)?$/.test(f)) throw new Error(`--${name}: not a node flag: ${f}`);
  return flags;
}
/**
 * Every peer's server runs with V8's memory reducer off, as the image runs Roundtable's (Dockerfile
 * CMD). Peers take turns, so each server sits idle between its windows; with the reducer on, the
 * first major GC after that left Roundtable's server with a small young generation for the rest of
 * the run (25–40 scavenges a window instead of 2; docs/benchmarks.md, "The memory reducer").
 * `--server-flags=--memory-reducer` restores it.
 */
const serverFlags = ["--no-memory-reducer", ...nodeFlags("server-flags")];
/**
 * The load processes stand in for a thousand browsers, whose garbage collection is not what we
 * measure. V8's allocation-site pretenuring flips, in some runs, to allocating the tRPC client's
 * short-lived objects in the old generation, where dead ones keep young ones alive until a full
 * GC: the load process's scavenges then promote 2.1–3.5 MB each and take 11–20 ms instead of
 * 0.8–1.2 MB and 5–10 ms (10 of 27 Roundtable runs, none of 11 without it); naive's load process
 * promotes 0.5–0.9 MB per scavenge with it and 0.1–0.3 MB without (docs/benchmarks.md,
 * "Pretenuring in the load processes").
 * Every peer's load process alike; `--load-flags=--allocation-site-pretenuring` restores it.
 */
const loadFlags = ["--no-allocation-site-pretenuring", ...nodeFlags("load-flags")];

/** Starts `serverMain.ts` or `loadMain.ts` on `childNode`, with that role's flags. */
export function spawnChild(role: "server" | "load", args: string[]): ChildProcess {
  return fork(join(import.meta.dirname, role === "server" ? "serverMain.ts" : "loadMain.ts"), args, {
    execPath: childNode,
    cwd: root,
    execArgv: [
      "--import",
      "tsx",
      "--expose-gc",
      "--max-old-space-size=4096",
      ...(role === "server" ? serverFlags : loadFlags),
    ],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
}
