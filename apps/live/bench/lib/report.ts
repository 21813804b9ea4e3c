// Markdown tables for docs/benchmarks.md, straight from one run's reports.
import { GOALS, goalsTable, goalVerdicts, maxConnections, stormP99s, sustained } from "./goals";
import type { PeerReport, Plan } from "./orchestrate";
import { fmt } from "./stats";
import type { StorePathResult } from "./storePath";

const kb = (b: number | undefined) => (b === undefined ? "–" : (b / 1024).toFixed(1));

export function printReport(reports: PeerReport[], plan: Plan): void {
  const out: string[] = [];
  out.push("\n## Command → whole room latency (1 command/s per room, 5 clients per room)\n");
  out.push(
    "| peer | rooms | p50 ms | p95 ms | p99 ms | cmds measured | lost | wire B per command per client | delta JSON B | server CPU % | load CPU % |",
  );
  out.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of reports)
    for (const s of [...r.latency, ...r.maxConn])
      out.push(
        `| ${r.peer} | ${s.rooms} | ${fmt(s.latency.p50, 2)} | ${fmt(s.latency.p95, 2)} | ${fmt(s.latency.p99, 2)} | ${s.latency.count} | ${s.lost} | ${fmt(s.bytesPerDelivery, 0)} | ${fmt(s.deltaJsonBytes, 0)} | ${fmt(s.serverCpuPct, 0)} | ${fmt(s.clientCpuPct, 0)} |`,
      );
  out.push(
    `\n## Ramp at ${plan.rampRooms} rooms (commands/s per room stepped up until p99 > ${plan.p99Ramp} ms)\n`,
  );
  out.push(
    "| peer | per room /s | offered /s | achieved /s | p50 ms | p99 ms | lost | server CPU % | server CPU ms per command | load CPU % |",
  );
  out.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of reports)
    for (const s of r.ramp)
      out.push(
        `| ${r.peer} | ${s.ratePerRoom} | ${s.rooms * s.ratePerRoom} | ${fmt(s.achievedPerSec, 0)} | ${fmt(s.latency.p50, 2)} | ${fmt(s.latency.p99, 2)} | ${s.lost} | ${fmt(s.serverCpuPct, 0)} | ${fmt((s.serverCpuPct * 10) / s.achievedPerSec, 2)} | ${fmt(s.clientCpuPct, 0)} |`,
      );
  for (const r of reports) {
    const st = r.storm;
    if (!st?.quiet.length) continue;
    out.push(
      `\n## Snapshot storm at ${plan.rampRooms} rooms × 1/s (${r.peer}; quiet and storm windows back to back)\n`,
    );
    out.push(
      "| round | quiet p50 ms | quiet p99 ms | storm p50 ms | storm p99 ms | storm ÷ quiet p99 | storms (rooms; queue ms on the command path; all written after ms) | server lag max quiet / storm ms | machine load |",
    );
    out.push("|---:|---:|---:|---:|---:|---:|---|---:|---:|");
    st.quiet.forEach((q, i) => {
      const s = st.storm[i];
      if (!s) return;
      out.push(
        `| ${i + 1} | ${fmt(q.latency.p50, 2)} | ${fmt(q.latency.p99, 2)} | ${fmt(s.latency.p50, 2)} | ${fmt(s.latency.p99, 2)} | ${fmt(s.latency.p99 / q.latency.p99, 2)}× | ${s.storms.map((c) => `${c.rooms}; ${fmt(c.queueMs, 2)}; ${fmt(c.drainMs, 0)}`).join(" / ")} | ${fmt(q.serverLagMaxMs, 0)} / ${fmt(s.serverLagMaxMs, 0)} | ${fmt(q.machineLoad1)} / ${fmt(s.machineLoad1)} |`,
      );
    });
    const m = stormP99s(st);
    out.push(
      `\nMedian p99: quiet ${fmt(m?.quiet, 2)} ms, storm ${fmt(m?.storm, 2)} ms, ratio ${fmt(m ? m.storm / m.quiet : NaN, 2)}× (goal ≤ ${GOALS.stormRatio.toFixed(2)}×).`,
    );
    const p = st.storePath as StorePathResult | undefined;
    if (p) {
      out.push(
        `\nStore path alone (${p.states} room states, mean ${kb(p.meanStateBytes)} KB JSON, largest ${kb(p.maxStateBytes)} KB; as written, checkpoints as differences and full log chunks apart: mean ${kb(p.meanSnapshotBytes)} KB, largest ${kb(p.maxSnapshotBytes)} KB): per state (median) structuredClone ${fmt(p.structuredCloneMs, 3)} ms, JSON.stringify ${fmt(p.jsonStringifyMs, 3)} ms, encodeSnapshot + JSON.stringify (what a write serializes now) ${fmt(p.encodedStringifyMs, 3)} ms, ConvexHttpClient encoding (convexToJson + JSON, what ConvexStore used to pay) ${fmt(p.convexEncodeMs, 3)} ms.\n`,
      );
      out.push(
        "| writer + store | snapshots/s sustained | CPU ms per snapshot | longest loop block (CPU ms between two 1 ms timer runs) |",
      );
      out.push("|---|---:|---:|---:|");
      out.push(
        `| MemoryStore | ${fmt(p.memory.snapshotsPerSec, 0)} | ${fmt(p.memory.cpuMsPerSnapshot, 3)} | ${fmt(p.memory.lagMaxMs, 1)} |`,
      );
      out.push(
        `| ConvexStore, stub HTTP answer (its encoding + fetch plumbing, no network) | ${fmt(p.convex.snapshotsPerSec, 0)} | ${fmt(p.convex.cpuMsPerSnapshot, 3)} | ${fmt(p.convex.lagMaxMs, 1)} |`,
      );
      for (const [name, r] of [
        ["MemoryStore, state written whole (before snapshotCodec)", p.memoryWhole],
        ["ConvexStore, stub HTTP answer, state written whole", p.convexWhole],
      ] as const)
        out.push(
          `| ${name} | ${fmt(r.snapshotsPerSec, 0)} | ${fmt(r.cpuMsPerSnapshot, 3)} | ${fmt(r.lagMaxMs, 1)} |`,
        );
    }
  }
  const goal = reports.filter((r) => r.rounds?.length);
  if (goal.length) {
    out.push(
      `\n## Goal point round by round (${plan.rampRooms} rooms × 5 clients, 1 command/s per room, peers taking turns)\n`,
    );
    out.push(
      "| peer | p99 ms of each round | median p99 ms | pooled p50 ms | pooled p99 ms | commands pooled |",
    );
    out.push("|---|---|---:|---:|---:|---:|");
    for (const r of goal) {
      const rounds = r.rounds ?? [];
      const at = r.latency.find((s) => s.rooms === plan.rampRooms);
      out.push(
        `| ${r.peer} | ${rounds.map((s) => fmt(s.latency.p99, 2)).join(", ")} | ${fmt(at?.latency.p99, 2)} | ${fmt(r.pooled?.p50, 2)} | ${fmt(r.pooled?.p99, 2)} | ${r.pooled?.count ?? 0} |`,
      );
    }
  }
  out.push("\n## Summary\n");
  out.push(
    `| peer | p99 ms @ ${plan.rampRooms} rooms | sustained cmd/s @ p99 ≤ ${plan.p99Ramp} ms | max connections @ p99 < ${plan.p99MaxConn} ms (tested) | memory KB per room of 5 (JS heap+external) | RSS KB per room | KB per idle connection | error |`,
  );
  out.push("|---|---:|---:|---:|---:|---:|---:|---|");
  for (const r of reports) {
    const at = r.latency.find((s) => s.rooms === plan.rampRooms);
    const sus = sustained(r, plan);
    out.push(
      `| ${r.peer} | ${fmt(at?.latency.p99, 2)} | ${sus ? fmt(sus.achievedPerSec, 0) : "none"} | ${maxConnections(r, plan) ?? "–"} | ${kb(r.memory?.perRoomBytes)} | ${kb(r.memory?.perRoomRssBytes)} | ${kb(r.memory?.perIdleConnBytes)} | ${r.error?.split("\n")[0] ?? ""} |`,
    );
  }
  const ours = reports.find((r) => r.peer === "roundtable" && !r.error);
  if (ours) {
    out.push("\n## Roundtable as a ratio to each peer (same run)\n");
    out.push(
      `| vs | p99 @ ${plan.rampRooms} rooms (lower is better) | sustained cmd/s (higher is better) | max connections | memory per room (lower is better) |`,
    );
    out.push("|---|---:|---:|---:|---:|");
    const p99 = (r: PeerReport) => r.latency.find((s) => s.rooms === plan.rampRooms)?.latency.p99;
    for (const r of reports) {
      if (r === ours) continue;
      const ratio = (a: number | undefined, b: number | undefined) =>
        a && b ? (a / b).toFixed(2) + "×" : "–";
      out.push(
        `| ${r.peer} | ${ratio(p99(ours), p99(r))} | ${ratio(sustained(ours, plan)?.achievedPerSec, sustained(r, plan)?.achievedPerSec)} | ${ratio(maxConnections(ours, plan), maxConnections(r, plan))} | ${ratio(ours.memory?.perRoomBytes, r.memory?.perRoomBytes)} |`,
      );
    }
  }
  const goals = goalsTable(goalVerdicts(reports, plan));
  if (goals.length) {
    out.push("\n## Goals (issues 4 and 9), judged from this run\n");
    out.push(...goals);
  }
  console.log(out.join("\n"));
}
