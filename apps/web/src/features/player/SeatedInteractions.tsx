import { useQuery } from "convex/react";
import { api } from "../../../../../convex/_generated/api";
import { EmptyState, LoadingState } from "../../components/states";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../../components/ui/card";
import { interactionKindLabels } from "../interactions/InteractionForm";
import { outcomeText } from "../interactions/outcome-text";
import { StatusBadge } from "../interactions/StatusBadge";
import { MostRecentNote } from "./seated-limit";

type Seated = NonNullable<ReturnType<typeof useQuery<typeof api.interactions.seatedForMe>>>[number];
type OtherStatus = Exclude<Seated["status"], "live">;

// Live ones have their own section above (with "Join table"), so only the rest are grouped here.
const groups: { status: OtherStatus; title: string; empty: string }[] = [
  { status: "paused", title: "Paused", empty: "Nothing paused for your characters" },
  { status: "draft", title: "Coming up", empty: "No upcoming interactions for your characters" },
  { status: "completed", title: "Completed", empty: "No completed interactions yet" },
];

/** The player's non-live interactions (any character of theirs seated), grouped by status. */
export function SeatedInteractions() {
  const seated = useQuery(api.interactions.seatedForMe, {});

  return (
    <>
      {groups.map((g) => {
        const rows = seated?.filter((i) => i.status === g.status);
        const headingId = `seated-${g.status}`;
        return (
          <section key={g.status} aria-labelledby={headingId} className="mt-8">
            <h2 id={headingId} className="mb-3 text-lg font-semibold">
              {g.title}
            </h2>
            {rows === undefined ? (
              <LoadingState label={`Loading ${g.title.toLowerCase()} interactions`} />
            ) : rows.length === 0 ? (
              <EmptyState title={g.empty} className="py-6" />
            ) : (
              <>
                <ul className="grid gap-3 sm:grid-cols-2">
                  {rows.map((i) => (
                    <li key={i._id}>
                      <SeatedCard interaction={i} />
                    </li>
                  ))}
                </ul>
                <MostRecentNote count={rows.length} />
              </>
            )}
          </section>
        );
      })}
    </>
  );
}

/** What kind of game, whose, and which of my characters play in it (the DM's own: that they run it). */
export function SeatedLine({
  interaction: i,
}: {
  interaction: Pick<Seated, "kind" | "dmName" | "runByMe" | "myCharacters">;
}) {
  const names = i.myCharacters.map((c) => c.name).join(", ");
  const playing = names ? ` · playing ${names}` : "";
  return (
    <CardDescription>
      {i.runByMe
        ? `${interactionKindLabels[i.kind]} · you are the DM${playing}`
        : `${interactionKindLabels[i.kind]} run by ${i.dmName || "a DM"}${playing}`}
    </CardDescription>
  );
}

function SeatedCard({ interaction: i }: { interaction: Seated }) {
  return (
    <Card className="h-full">
      <CardHeader>
        <div className="flex flex-wrap items-start justify-between gap-2">
          <CardTitle asChild>
            <h3>{i.name}</h3>
          </CardTitle>
          <StatusBadge status={i.status} awaitingDm={i.awaitingDm} />
        </div>
        <SeatedLine interaction={i} />
      </CardHeader>
      {i.status === "completed" && <PlayedResults interaction={i} />}
    </Card>
  );
}

/** How a finished game went: the outcome, and the XP and loot of this player's characters. */
function PlayedResults({ interaction: i }: { interaction: Seated }) {
  const summary = useQuery(api.interactions.summary, { id: i._id });
  const results = summary?.results;
  return (
    <CardContent className="grid gap-1 text-sm">
      {summary === undefined ? (
        <LoadingState label="Loading results" className="py-2" />
      ) : !results ? (
        <p className="text-muted-foreground">No results were recorded.</p>
      ) : (
        <>
          <p>
            {outcomeText(i.kind, results.winner)} after {results.rounds}{" "}
            {results.rounds === 1 ? "round" : "rounds"}.
          </p>
          {/* XP and loot go to player characters (a DM's own game lists only their PCs, if any) */}
          {i.myCharacters.length > 0 && (
            <ul aria-label={`Your awards in ${i.name}`} className="grid gap-1">
              {i.myCharacters.map((c) => {
                const loot = results.loot.filter((l) => l.entityId === c.entityId).map((l) => l.item.name);
                return (
                  <li key={c.entityId}>
                    {c.name}: {results.xp[c.entityId] ?? 0} XP
                    {loot.length > 0 ? `; loot: ${loot.join(", ")}` : ""}
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
    </CardContent>
  );
}
