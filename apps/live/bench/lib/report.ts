// Markdown tables for docs/benchmarks.md, straight from one run's reports.
import type { PeerReport, Plan, Step } from "./orchestrate";
import { fmt } from "./stats";

const kb = (b: number | undefined) => (b === undefined ? "–" : (b / 1024).toFixed(1));

/** Highest ramp step whose p99 stayed within the bound with nothing lost. */
export function sustained(r: PeerReport, plan: Plan): Step | undefined {
  const steps = [...r.latency.filter((s) => s.rooms === plan.rampRooms), ...r.ramp];
  return steps
    .filter((s) => s.latency.p99 <= plan.p99Ramp && s.lost === 0)
    .sort((a, b) => b.achievedPerSec - a.achievedPerSec)[0];
}

export function maxConnections(r: PeerReport, plan: Plan): number | undefined {
  const steps = [...r.latency, ...r.maxConn].filter(
    (s) => s.latency.p99 < plan.p99MaxConn && s.lost === 0 && !("connectFailures" in s && s.connectFailures),
  );
  const best = Math.max(0, ...steps.map((s) => s.rooms));
  return best ? best * 5 : undefined;
}

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
  console.log(out.join("\n"));
}
