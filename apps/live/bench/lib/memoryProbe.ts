// Investigation, not part of `npm run bench`: where a room's and an idle connection's memory
// goes. `npx tsx bench/lib/memoryProbe.ts --rooms=200 [--peer=roundtable] [--node=host]` (from
// apps/live; the processes run on the image's Node with the live bench's flags by default).
// Server and clients in their own processes (as in the live bench); the server's heap is
// summarized by kind of object at three points: N rooms with the DM only (launched, no
// command yet); the same with all five seats subscribed (so the difference is 4N idle
// connections); after the bench's priming pass (2–34 commands per room).
import { flagValue } from "./args";
import { childNodeVersion, spawnChild } from "./childNode";
import type { HeapSummary } from "./heapSummary";
import { caller, type Reply } from "./ipc";

const rooms = Number(flagValue("rooms", "200"));
const peer = flagValue("peer", "roundtable");
if (!(rooms > 0 && rooms <= 1000)) throw new Error("--rooms must be within 1..1000");

const server = spawnChild("server", [peer]);
const load = spawnChild("load", []);
const srv = caller(server);
const ld = caller(load);
const stopAll = setTimeout(() => process.exit(2), 10 * 60_000);

type Mem = Reply & { heapUsed: number; external: number; rss: number };
type Heap = Reply & { summary: HeapSummary };
const js = (m: Mem) => m.heapUsed + m.external;
const kb = (b: number) => (b / 1024).toFixed(2);

function diff(a: HeapSummary, b: HeapSummary, per: number, label: string): void {
  const rows = Object.keys({ ...a, ...b })
    .map((k) => ({
      k,
      bytes: ((b[k]?.bytes ?? 0) - (a[k]?.bytes ?? 0)) / per,
      count: ((b[k]?.count ?? 0) - (a[k]?.count ?? 0)) / per,
    }))
    .sort((x, y) => y.bytes - x.bytes);
  const total = rows.reduce((s, r) => s + r.bytes, 0);
  console.log(`\n${label}: heap-snapshot self size ${kb(total)} KB each; largest kinds:`);
  console.log("| kind | bytes each | count each |\n|---|---:|---:|");
  for (const r of rows.slice(0, 30))
    console.log(`| ${r.k} | ${r.bytes.toFixed(0)} | ${r.count.toFixed(2)} |`);
}

const started = await srv<Reply & { url: string; info: unknown }>("start", {}, 60_000);
if (!started.url.startsWith("ws://127.0.0.1:")) throw new Error("loopback only");
await ld("init", { peer, url: started.url, info: started.info }, 60_000);
const m0 = await srv<Mem>("mem");
const h0 = await srv<Heap>("heap", {}, 120_000);
await ld("connect", { from: 0, to: rooms, seats: [0], parallel: 20 }, 600_000);
const m1 = await srv<Mem>("mem");
const h1 = await srv<Heap>("heap", {}, 120_000);
await ld("connect", { from: 0, to: rooms, seats: [1, 2, 3, 4], parallel: 20 }, 600_000);
const m5 = await srv<Mem>("mem");
const h5 = await srv<Heap>("heap", {}, 120_000);
await ld("prime", { from: 0, to: rooms, spread: 33 }, 300_000);
const mp = await srv<Mem>("mem");
const hp = await srv<Heap>("heap", {}, 120_000);

console.log(`\n${peer}, ${rooms} rooms, Node ${childNodeVersion} (heapUsed + external, after two full GCs):`);
console.log(`- per room with its DM seat (launched, no command): ${kb((js(m1) - js(m0)) / rooms)} KB`);
console.log(`- per idle subscribed connection (seats 1–4): ${kb((js(m5) - js(m1)) / (4 * rooms))} KB`);
console.log(`- per room of 5, before play: ${kb((js(m5) - js(m0)) / rooms)} KB`);
console.log(
  `- per room of 5, after priming: ${kb((js(mp) - js(m0)) / rooms)} KB (play added ${kb((js(mp) - js(m5)) / rooms)} KB)`,
);
diff(h0.summary, h1.summary, rooms, "per room with its DM seat");
diff(h1.summary, h5.summary, 4 * rooms, "per idle subscribed connection");
diff(h5.summary, hp.summary, rooms, "per room, added by the priming pass");
await ld("exit", {}, 5_000).catch(() => load.kill());
await srv("stop", {}, 15_000).catch(() => server.kill());
clearTimeout(stopAll);
process.exit(0);
