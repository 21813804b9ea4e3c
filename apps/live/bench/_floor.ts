import { Immer, enablePatches } from "immer";
import { createInteraction, goblinAmbush } from "../src/engine";
enablePatches();
const immer = new Immer({ autoFreeze: true, useStrictIteration: false });
let s = createInteraction(goblinAmbush(), { seed: 7, now: 1_763_753_400_000 });
s = immer.produce(s, () => {});
const ids = Object.keys(s.entities);
function bench(name: string, f: (d: any, i: number) => void) {
  let st = s; const N = 20000;
  for (let i = 0; i < 2000; i++) st = immer.produceWithPatches(st, (d) => f(d, i))[0];
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) st = immer.produceWithPatches(st, (d) => f(d, i))[0];
  console.log(name.padEnd(40), (Number(process.hrtime.bigint() - t0) / 1000 / N).toFixed(2), "µs");
}
bench("version++", (d) => { d.version++; });
bench("version + log add/del", (d, i) => { d.version++; d.log[String(i)] = { at: 1, round: 1, text: "x hits y" }; delete d.log[String(i - 50)]; });
bench("version + hp", (d, i) => { d.version++; d.entities[ids[i % ids.length]!].hp = i; });
bench("version + hp + turn.moved + log", (d, i) => { d.version++; d.entities[ids[i % ids.length]!].hp = i; d.turn = { ...(d.turn ?? {}), moved: i } as any; d.log[String(i)] = { at: 1, round: 1, text: "x hits y" }; delete d.log[String(i - 50)]; });
bench("position replace", (d, i) => { d.version++; d.entities[ids[i % ids.length]!].position = { x: i % 20, y: 3 }; });


bench("log ring slots replace", (d, i) => { d.version++; d.log[String(i % 50)] = { at: 1, round: 1, text: "x hits y" }; });
bench("log array chunk push", (d, i) => { d.version++; if (!Array.isArray(d.turnLog)) return; const last = d.turnLog[d.turnLog.length-1]; if (last && last.length < 10) last.push({ at: 1, round: 1, text: "x" }); else { d.turnLog.push([{ at: 1, round: 1, text: "x" }]); if (d.turnLog.length > 5) d.turnLog.shift(); } });
