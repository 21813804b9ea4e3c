// Each command's time on the CPU, from the kernel's scheduler trace: `perf sched record` over a
// goal-point window, then
//   perf sched timehist -i perf.data > th.txt
//   node --import tsx bench/lib/schedCycles.ts th.txt <server pid> <load pid>
// A cycle runs from an idle CPU to the next idle: at one command per second per room it is one
// command, the load process sending it (L), the server handling it (S), the load process reading
// the frames, taking turns. Prints the median time of each side per cycle and of each slice of
// the most common pattern (docs/benchmarks.md, "One vCPU for both processes").
import { readFileSync } from "node:fs";
import { median } from "./stats";

type Slice = { who: "S" | "L" | "o"; ms: number; cpu: string };

const [file, server, load] = process.argv.slice(2);
if (!file || !server || !load)
  throw new Error("usage: schedCycles.ts <timehist.txt> <server pid> <load pid>");

const cycles: Slice[][] = [];
let current: Slice[] | null = null;
for (const line of readFileSync(file, "utf8").split("\n")) {
  // time, [cpu], task, wait, scheduling delay, run time (ms)
  const m = /^\s*[\d.]+\s+\[(\d+)\]\s+(\S+)\s+[\d.]+\s+[\d.]+\s+([\d.]+)/.exec(line);
  if (!m) continue;
  const [, cpu = "", task = "", run = "0"] = m;
  if (task === "<idle>") {
    if (current?.length) cycles.push(current);
    current = [];
    continue;
  }
  const who = task.includes(`[${server}]`) ? "S" : task.includes(`[${load}]`) ? "L" : "o";
  current?.push({ who, ms: Number(run), cpu });
}

const total = (c: Slice[], who: Slice["who"]): number =>
  c.filter((s) => s.who === who).reduce((sum, s) => sum + s.ms, 0);
const commands = cycles.filter(
  (c) => c.length >= 4 && c.some((s) => s.who === "S") && c.some((s) => s.who === "L"),
);
const oneCpu = commands.filter((c) => new Set(c.map((s) => s.cpu)).size === 1).length;
console.log(
  `${commands.length} command cycles (${oneCpu} on one CPU); per cycle, median ms: server ${median(commands.map((c) => total(c, "S"))).toFixed(3)}, load ${median(commands.map((c) => total(c, "L"))).toFixed(3)}, others ${median(commands.map((c) => total(c, "o"))).toFixed(3)}`,
);
const patterns = new Map<string, Slice[][]>();
for (const c of commands) {
  const key = c.map((s) => s.who).join("");
  const list = patterns.get(key);
  if (list) list.push(c);
  else patterns.set(key, [c]);
}
const [pattern, same] = [...patterns].sort((a, b) => b[1].length - a[1].length)[0] ?? ["", []];
const slices = pattern.split("").map((who, i) => `${who} ${median(same.map((c) => c[i]!.ms)).toFixed(3)}`);
console.log(`most common pattern (${same.length} cycles), median ms per slice: ${slices.join(" | ")}`);
