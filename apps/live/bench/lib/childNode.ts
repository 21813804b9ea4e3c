// Which Node runs the bench's server and load processes (live.ts through orchestrate.ts, and
// memoryProbe.ts), chosen once per run from `--node`.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { dockerfileNodeVersion, imageNode } from "../../test-prod/imageNode";

const root = join(import.meta.dirname, "../../../..");

/**
 * By default (`--node=image`) the release the image ships, the Dockerfile's `ARG NODE_VERSION`
 * (fetched from the npm registry once, test-prod/imageNode.ts): the servers are measured on the
 * runtime they run on in production, not on the machine's toolchain. `--node=host`: the Node
 * running the bench; `--node=/path/to/node`: that binary. The orchestrator itself (idle while
 * measuring) stays on the machine's Node.
 */
const nodeArg = process.argv.find((a) => a.startsWith("--node="))?.slice("--node=".length) ?? "image";
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
