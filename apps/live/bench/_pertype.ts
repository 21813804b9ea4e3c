import { applyValidCommand, createInteraction, demoUsers, goblinAmbush, sensibleBot, simulate, type Actor, type Command } from "/work/main/apps/live/src/engine";
const setup = goblinAmbush();
const bots = Object.fromEntries(demoUsers.players.map((p) => [p, sensibleBot]));
const rec: { command: Command; actor: Actor; now: number }[] = [];
simulate(setup, bots, 7, { startNow: 1_763_753_400_000, onCommand: (command, actor, _s, now) => rec.push({ command, actor, now }) });
const t = new Map<string, number[]>();
for (let run = 0; run < 200; run++) {
  let s = createInteraction(setup, { seed: 7, now: 1_763_753_400_000 });
  for (const r of rec) {
    const t0 = process.hrtime.bigint();
    const res = applyValidCommand(s, r.command, { actor: r.actor, now: r.now });
    const dt = Number(process.hrtime.bigint() - t0) / 1000;
    if (!res.ok) throw new Error(res.error.message);
    s = res.state;
    if (run >= 50) { const k = r.command.type + (r.command.type === "takeTurn" ? ":" + (r.command as any).actionId : ""); (t.get(k) ?? t.set(k, []).get(k)!).push(dt); }
  }
}
let total = 0;
const rows = [...t].map(([k, v]) => { v.sort((a, b) => a - b); const sum = v.reduce((a, b) => a + b, 0); total += sum; return [k, v.length / 150, v[v.length >> 1]!, sum / 150] as const; });
for (const [k, n, med, sum] of rows.sort((a, b) => b[3] - a[3])) console.log(k.padEnd(28), "n/replay", n.toFixed(0).padStart(4), "median µs", med.toFixed(1).padStart(7), "µs/replay", sum.toFixed(0));
console.log("total µs/replay", (total / 150).toFixed(0), "commands", rec.length, "µs/cmd", (total/150/rec.length).toFixed(1));
