import { useQuery } from "convex/react";
import { Coins, Save, Sparkles } from "lucide-react";
import { api } from "../../../../../convex/_generated/api";
import { PageHeader } from "../../components/PageHeader";
import { LoadingState } from "../../components/states";
import { Button } from "../../components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "../../components/ui/card";
import { kindLabels } from "../characters/labels";
import { TurnLogLine } from "../table/FullTurnLog";
import { GoLiveButton } from "../live/GoLiveButton";
import { useLiveModal } from "../live/live-modal-store";
import { interactionKindLabels } from "./InteractionForm";
import { outcomeText } from "./outcome-text";
import { RenameInteraction } from "./RenameInteraction";
import { sideLabels } from "./ParticipantsEditor";
import { StatusBadge } from "./StatusBadge";

type InteractionView = NonNullable<ReturnType<typeof useQuery<typeof api.interactions.get>>>;

const reasonLabels: Record<string, string> = {
  round_end: "end of a round",
  defeat: "an entity was defeated",
  disconnect: "someone disconnected",
  player_disconnect: "a player disconnected",
  dm_disconnect: "the DM disconnected",
  pause: "paused",
  complete: "completed",
  inactivity: "inactivity",
  shutdown: "server shutdown",
};

export function describeReason(reason: string): string {
  return reasonLabels[reason] ?? reason.replace(/[_-]+/g, " ");
}

/** A non-draft interaction: where it stands, its last snapshot and, once completed, the awards. */
export function InteractionSummary({ interaction: i }: { interaction: InteractionView }) {
  const summary = useQuery(api.interactions.summary, { id: i._id });
  // saved at completion, for the DM only (null for anyone else)
  const turnLog = useQuery(api.interactions.turnLog, i.status === "completed" ? { id: i._id } : "skip");
  const show = useLiveModal((s) => s.show);
  const nameOf = new Map(
    i.participants.map((p) => [p.entityId, p.character?.name ?? "A departed character"]),
  );

  return (
    <>
      <PageHeader
        title={i.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <StatusBadge status={i.status} awaitingDm={i.awaitingDm} />
            {interactionKindLabels[i.kind]}
          </span>
        }
        actions={
          <>
            <RenameInteraction key={i.name} id={i._id} name={i.name} />
            {i.status === "paused" && <GoLiveButton interactionId={i._id} name={i.name} resuming />}
            {i.status === "live" && (
              <Button onClick={() => show(i._id, i.name)} aria-label={`Open live table: ${i.name}`}>
                Open live table
              </Button>
            )}
          </>
        }
      />
      <div className="grid gap-4 md:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle asChild>
              <h2 className="flex items-center gap-2">
                <Save className="size-5" aria-hidden />
                Last snapshot
              </h2>
            </CardTitle>
          </CardHeader>
          <CardContent>
            {summary === undefined ? (
              <LoadingState label="Loading summary" className="py-2" />
            ) : summary?.snapshot ? (
              // The version is for the end-to-end tests' check of the restart, not for people.
              <p className="text-sm" data-snapshot-version={summary.snapshot.version}>
                Saved {new Date(summary.snapshot.savedAt).toLocaleString()} (
                {describeReason(summary.snapshot.reason)}).
              </p>
            ) : (
              <p className="text-sm text-muted-foreground">No snapshot saved yet.</p>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle asChild>
              <h2>Participants</h2>
            </CardTitle>
          </CardHeader>
          <CardContent>
            <ul className="grid gap-1 text-sm">
              {i.participants.map((p) => (
                <li key={p.entityId}>
                  {p.character?.name ?? "A departed character"}
                  <span className="text-muted-foreground">
                    {" "}
                    · {p.character ? kindLabels[p.character.kind] : "unknown"} · {sideLabels[p.side]}
                    {p.hidden ? " · hidden" : ""}
                  </span>
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
        {i.status === "completed" && (
          <Card className="md:col-span-2">
            <CardHeader>
              <CardTitle asChild>
                <h2>Results</h2>
              </CardTitle>
            </CardHeader>
            <CardContent>
              {summary === undefined ? (
                <LoadingState label="Loading results" className="py-2" />
              ) : !summary?.results ? (
                <p className="text-sm text-muted-foreground">No results were recorded.</p>
              ) : (
                <div className="grid gap-4 sm:grid-cols-2">
                  <p className="text-sm sm:col-span-2">
                    {outcomeText(i.kind, summary.results.winner)} after {summary.results.rounds}{" "}
                    {summary.results.rounds === 1 ? "round" : "rounds"}, ended{" "}
                    {new Date(summary.results.endedAt).toLocaleString()}.
                  </p>
                  <section aria-labelledby="xp-heading">
                    <h3 id="xp-heading" className="mb-2 flex items-center gap-2 font-semibold">
                      <Sparkles className="size-4" aria-hidden />
                      Experience
                    </h3>
                    {Object.keys(summary.results.xp).length === 0 ? (
                      <p className="text-sm text-muted-foreground">No XP awarded.</p>
                    ) : (
                      <ul className="grid gap-1 text-sm">
                        {Object.entries(summary.results.xp).map(([entityId, amount]) => (
                          <li key={entityId}>
                            {nameOf.get(entityId) ?? entityId}: {amount} XP
                          </li>
                        ))}
                      </ul>
                    )}
                  </section>
                  <section aria-labelledby="loot-heading">
                    <h3 id="loot-heading" className="mb-2 flex items-center gap-2 font-semibold">
                      <Coins className="size-4" aria-hidden />
                      Loot
                    </h3>
                    {summary.results.loot.length === 0 ? (
                      <p className="text-sm text-muted-foreground">No loot taken.</p>
                    ) : (
                      <ul className="grid gap-1 text-sm">
                        {summary.results.loot.map((l) => (
                          <li key={`${l.entityId}-${l.item.id}`}>
                            {nameOf.get(l.entityId) ?? l.entityId}: {l.item.name}
                          </li>
                        ))}
                      </ul>
                    )}
                  </section>
                </div>
              )}
            </CardContent>
          </Card>
        )}
        {i.status === "completed" && turnLog && (
          <Card className="md:col-span-2">
            <CardHeader>
              <CardTitle asChild>
                <h2 id="turn-log-heading">Turn log</h2>
              </CardTitle>
            </CardHeader>
            <CardContent>
              {turnLog.length === 0 ? (
                <p className="text-sm text-muted-foreground">No turn log was saved.</p>
              ) : (
                <ol
                  aria-labelledby="turn-log-heading"
                  className="grid max-h-96 gap-1 overflow-y-auto rounded-md border p-2 text-sm"
                >
                  {turnLog.map((e, n) => (
                    <TurnLogLine key={n} entry={e} nameOf={(id) => nameOf.get(id)} />
                  ))}
                </ol>
              )}
            </CardContent>
          </Card>
        )}
      </div>
    </>
  );
}
