/**
 * Replays the parts of the repository's Dockerfile that make the live server's image, outside
 * Docker (Docker cannot run where the tests run): the `deps` stage's COPY and RUN steps in a
 * temporary folder, and the `runtime` stage's file layout, ENV, HEALTHCHECK and CMD. Anything
 * this replay does not understand is an error, so the Dockerfile and the test cannot drift apart.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, posix, relative, resolve } from "node:path";
import { hostEnv } from "./env";

export type Instruction = { keyword: string; args: string; line: number };
export type Stage = { name: string; from: string; instructions: Instruction[] };

/** Parses a Dockerfile into stages (comments dropped, `\` continuations joined). */
export function parseDockerfile(text: string): Stage[] {
  const logical: { text: string; line: number }[] = [];
  let pending: { text: string; line: number } | null = null;
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/\r$/, "");
    if (pending === null && /^\s*(#.*)?$/.test(line)) return;
    if (pending !== null && /^\s*#/.test(line)) return;
    const continued = /\\\s*$/.test(line);
    const part = continued ? line.replace(/\\\s*$/, "") : line;
    pending =
      pending === null
        ? { text: part.trim(), line: i + 1 }
        : { ...pending, text: `${pending.text} ${part.trim()}` };
    if (!continued) {
      logical.push(pending);
      pending = null;
    }
  });
  const stages: Stage[] = [];
  for (const { text: l, line } of logical) {
    const match = /^(\w+)\s*(.*)$/.exec(l);
    if (!match) throw new Error(`Dockerfile line ${line}: cannot parse ${JSON.stringify(l)}`);
    const keyword = match[1]!.toUpperCase();
    const args = match[2] ?? "";
    if (keyword === "FROM") {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!from) throw new Error(`Dockerfile line ${line}: cannot parse FROM ${args}`);
      stages.push({ name: from[2] ?? String(stages.length), from: from[1]!, instructions: [] });
    } else if (stages.length > 0) {
      stages.at(-1)!.instructions.push({ keyword, args, line });
    }
  }
  return stages;
}

export function stage(stages: Stage[], name: string): Stage {
  const found = stages.find((s) => s.name === name);
  if (!found) throw new Error(`The Dockerfile has no stage named ${name}`);
  return found;
}

/** `--flag=value` options at the start of COPY/RUN/HEALTHCHECK arguments, and the rest. */
function splitFlags(args: string): { flags: Record<string, string>; rest: string } {
  const flags: Record<string, string> = {};
  let rest = args;
  for (;;) {
    const m = /^--([\w-]+)(?:=(\S+))?\s+/.exec(rest);
    if (!m) return { flags, rest };
    flags[m[1]!] = m[2] ?? "";
    rest = rest.slice(m[0].length);
  }
}

function jsonArray(args: string, where: string): string[] {
  const value: unknown = JSON.parse(args);
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string"))
    throw new Error(`${where}: expected a JSON array of strings`);
  return value;
}

/** ENV in either form: `K=v K2=v2` (quotes allowed) or the legacy `K v`. */
function parseEnv(args: string, where: string): Record<string, string> {
  const out: Record<string, string> = {};
  const pairs = /([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g;
  let matched = "";
  for (const m of args.matchAll(pairs)) {
    const raw = m[2]!;
    out[m[1]!] = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
    matched += m[0];
  }
  if (matched.length === 0) throw new Error(`${where}: cannot parse ENV ${args}`);
  return out;
}

/** Maps a path inside a stage's filesystem to the folder standing in for its WORKDIR. */
export function hostPath(workdir: string, folder: string, path: string): string {
  const inImage = posix.resolve(workdir, path);
  const rel = posix.relative(workdir, inImage);
  if (rel.startsWith(".."))
    throw new Error(`${path} is outside the stage's WORKDIR ${workdir}; the replay cannot place it`);
  return join(folder, rel);
}

/** The stage's WORKDIR (its one WORKDIR instruction), "/" without one. */
export function workdirOf(s: Stage): string {
  const found = s.instructions.filter((i) => i.keyword === "WORKDIR");
  if (found.length > 1) throw new Error(`Stage ${s.name} has several WORKDIRs; the replay expects one`);
  return found[0] ? posix.resolve("/", found[0].args) : "/";
}

/** COPY's rules: a directory's contents go into the destination; a file goes into a destination ending in "/". */
function copyTarget(
  from: string,
  src: string,
  dest: string,
  several: boolean,
  place: (p: string) => string,
): string {
  if (statSync(from).isDirectory()) return place(dest);
  return dest.endsWith("/") || several ? join(place(dest), posix.basename(src)) : place(dest);
}

export type ReplayOptions = {
  /** The build context (the repository root). */
  context: string;
  /** The empty folder standing in for the stage's WORKDIR. */
  folder: string;
  /** Extra environment for RUN steps (e.g. npm's cache settings); the command lines stay as written. */
  env?: Record<string, string>;
  log?: (message: string) => void;
};

/**
 * Runs a self-contained stage (FROM, ARG, WORKDIR, ENV, COPY from the context, RUN) in `folder`.
 * RUN steps go through `sh -c` exactly as written, minus BuildKit's `--mount` cache flags.
 */
export function replayStage(s: Stage, opts: ReplayOptions): { workdir: string } {
  let workdir = "/";
  const env: Record<string, string> = { ...opts.env };
  for (const ins of s.instructions) {
    const where = `Dockerfile line ${ins.line} (stage ${s.name})`;
    switch (ins.keyword) {
      case "ARG":
        break;
      case "WORKDIR":
        if (workdir !== "/") throw new Error(`${where}: only one WORKDIR per replayed stage`);
        workdir = posix.resolve("/", ins.args);
        break;
      case "ENV":
        Object.assign(env, parseEnv(ins.args, where));
        break;
      case "COPY": {
        const { flags, rest } = splitFlags(ins.args);
        if (flags.from !== undefined)
          throw new Error(`${where}: COPY --from cannot be replayed in a self-contained stage`);
        const parts = rest.split(/\s+/);
        const dest = parts.pop()!;
        if (parts.length === 0) throw new Error(`${where}: COPY needs a source and a destination`);
        for (const src of parts) {
          const from = resolve(opts.context, src);
          if (relative(opts.context, from).startsWith("..") || isAbsolute(src))
            throw new Error(`${where}: ${src} is outside the build context`);
          const target = copyTarget(from, src, dest, parts.length > 1, (p) =>
            hostPath(workdir, opts.folder, p),
          );
          mkdirSync(dirname(target), { recursive: true });
          cpSync(from, target, { recursive: true });
        }
        break;
      }
      case "RUN": {
        const { flags, rest } = splitFlags(ins.args);
        for (const flag of Object.keys(flags)) {
          if (flag !== "mount") throw new Error(`${where}: RUN --${flag} is not replayed`);
        }
        opts.log?.(`[${s.name}] RUN ${rest}`);
        const res = spawnSync("sh", ["-c", rest], {
          cwd: hostPath(workdir, opts.folder, "."),
          env: { ...hostEnv(), ...env },
          encoding: "utf8",
          maxBuffer: 64 * 1024 * 1024,
        });
        if (res.status !== 0) {
          throw new Error(
            `${where}: RUN ${rest}\nexited with ${res.status ?? res.signal}\n${res.stdout}\n${res.stderr}`,
          );
        }
        break;
      }
      default:
        throw new Error(
          `${where}: ${ins.keyword} is not replayed by the production-start test; keep stage ${s.name} to ARG/WORKDIR/ENV/COPY/RUN`,
        );
    }
  }
  return { workdir };
}

export type RuntimeImage = {
  /** The stage's WORKDIR: the CMD runs there. */
  workdir: string;
  /** Environment the image sets (ENV). */
  env: Record<string, string>;
  cmd: string[];
  healthcheck: string[] | null;
  stopSignal: string;
  exposed: number[];
  user: string | null;
};

/**
 * Lays out the runtime stage's files in `folder` from its `COPY --from=<stage>` lines, given
 * where each source stage's files are (`stageRoots`: stage name → host folder standing in for
 * that stage's root `/`), and returns what the image runs. RUN steps of the runtime stage only
 * change the base image (they are listed in `skippedRuns` for the record).
 */
export function layOutRuntime(
  s: Stage,
  folder: string,
  stageRoots: Record<string, (pathInStage: string) => string>,
): RuntimeImage & { skippedRuns: string[] } {
  let workdir = "/";
  const image: RuntimeImage & { skippedRuns: string[] } = {
    workdir: "/",
    env: {},
    cmd: [],
    healthcheck: null,
    stopSignal: "SIGTERM",
    exposed: [],
    user: null,
    skippedRuns: [],
  };
  for (const ins of s.instructions) {
    const where = `Dockerfile line ${ins.line} (stage ${s.name})`;
    switch (ins.keyword) {
      case "WORKDIR":
        workdir = posix.resolve("/", ins.args);
        image.workdir = workdir;
        break;
      case "ENV":
        Object.assign(image.env, parseEnv(ins.args, where));
        break;
      case "COPY": {
        const { flags, rest } = splitFlags(ins.args);
        const source = flags.from;
        const map = source === undefined ? undefined : stageRoots[source];
        if (!map)
          throw new Error(
            `${where}: the runtime stage may only COPY --from a known stage (${Object.keys(stageRoots).join(", ")})`,
          );
        const [src, dest, ...extra] = rest.split(/\s+/);
        if (!src || !dest || extra.length > 0)
          throw new Error(`${where}: expected COPY --from=<stage> <one source> <destination>`);
        const from = map(src);
        const target = copyTarget(from, src, dest, false, (p) => hostPath(workdir, folder, p));
        mkdirSync(dirname(target), { recursive: true });
        cpSync(from, target, { recursive: true, verbatimSymlinks: true });
        break;
      }
      case "RUN":
        image.skippedRuns.push(ins.args);
        break;
      case "USER":
        image.user = ins.args.trim();
        break;
      case "EXPOSE":
        image.exposed.push(...ins.args.split(/\s+/).map((p) => Number.parseInt(p, 10)));
        break;
      case "STOPSIGNAL":
        image.stopSignal = ins.args.trim();
        break;
      case "HEALTHCHECK": {
        const { rest } = splitFlags(ins.args);
        const m = /^CMD\s+(\[.*\])$/.exec(rest);
        if (!m) throw new Error(`${where}: expected HEALTHCHECK [options] CMD [json array]`);
        image.healthcheck = jsonArray(m[1]!, where);
        break;
      }
      case "CMD":
        image.cmd = jsonArray(ins.args, `${where} (CMD must be in exec form so signals reach node)`);
        break;
      case "ARG":
        break;
      default:
        throw new Error(`${where}: ${ins.keyword} is not understood by the production-start test`);
    }
  }
  if (image.cmd.length === 0) throw new Error(`Stage ${s.name} has no CMD`);
  return image;
}

/** Reads a file of the repository as text. */
export function readRepoFile(root: string, path: string): string {
  return readFileSync(join(root, path), "utf8");
}
