import type { AppRouter } from "@roundtable/live/router";
import type { inferRouterOutputs } from "@trpc/server";
import { useEffect, useRef } from "react";
import { scenarioLabel, winnerText } from "./simulation-text";

export type HeadlessReport = inferRouterOutputs<AppRouter>["admin"]["runHeadless"];

/** A headless run's report: rounds, turns, timeouts, snapshots, errors, and how it ended. */
export function SimulationReport({ report }: { report: HeadlessReport }) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Each new report takes focus, so it is read out and keyboard users start on it.
  useEffect(() => {
    heading.current?.focus();
  }, [report]);
  return (
    <section aria-label="Simulation report" className="mt-4 grid gap-2 rounded-lg border p-4 text-sm">
      <h2 ref={heading} tabIndex={-1} className="text-lg font-semibold outline-none">
        Report: {scenarioLabel(report.scenario)}, seed {report.seed}
      </h2>
      <p>
        Played by: DM {report.seats.dm}, players {report.seats.players} bots
      </p>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-4">
        {(
          [
            ["Winner", winnerText(report.scenario, report.winner)],
            ["Rounds", report.rounds],
            ["Turns", report.turns],
            ["Timeouts", report.timeouts],
            ["Defeats", report.defeats],
            ["Snapshots requested", report.snapshotsRequested],
            ["Commands", report.commands],
            ["Errors (rejected)", report.rejected],
          ] as const
        ).map(([k, v]) => (
          <div key={k}>
            <dt className="text-xs text-muted-foreground">{k}</dt>
            <dd className="font-medium tabular-nums">{v}</dd>
          </div>
        ))}
      </dl>
      {report.stopped === "limit" && <p>Stopped at the command limit before the interaction was complete.</p>}
      <details>
        <summary className="cursor-pointer">Last log lines</summary>
        <ol className="mt-2 grid max-h-64 gap-0.5 overflow-y-auto">
          {report.log.map((l, i) => (
            <li key={i}>{l}</li>
          ))}
        </ol>
      </details>
    </section>
  );
}
