import { useQuery } from "convex/react";
import { Radio, UserX } from "lucide-react";
import { Link } from "react-router";
import { api } from "../../../../../convex/_generated/api";
import { useUser } from "../../auth";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState, LoadingState } from "../../components/states";
import { Badge } from "../../components/ui/badge";
import { Button } from "../../components/ui/button";
import { Card, CardFooter, CardHeader, CardTitle } from "../../components/ui/card";
import { useLiveModal } from "../live/live-modal-store";
import { MostRecentNote } from "./seated-limit";
import { SeatedInteractions, SeatedLine } from "./SeatedInteractions";

/**
 * The player's home: the interactions their characters are in, live ones first (the table
 * opens by itself), then the rest grouped by status.
 */
export function PlayerHome() {
  const user = useUser();
  const live = useQuery(api.interactions.liveForMe, {});
  const show = useLiveModal((s) => s.show);

  return (
    <>
      <PageHeader title="Your table" description={`Welcome, ${user.name}.`} />
      <section aria-labelledby="live-now">
        <h2 id="live-now" className="mb-3 text-lg font-semibold">
          Live now
        </h2>
        {live === undefined ? (
          <LoadingState label="Looking for live interactions" />
        ) : live.length === 0 ? (
          <EmptyState
            title="Nothing live for your characters"
            description="When a DM takes an interaction with one of your characters live, its table opens here by itself."
            action={
              <Button asChild variant="outline">
                <Link to="/characters">Your characters</Link>
              </Button>
            }
          />
        ) : (
          <>
            <ul className="grid gap-3 sm:grid-cols-2">
              {live.map((i) => (
                <li key={i._id}>
                  <Card className="flex h-full flex-col">
                    <CardHeader className="flex-1">
                      <div className="flex flex-wrap items-start justify-between gap-2">
                        <CardTitle asChild>
                          <h3>{i.name}</h3>
                        </CardTitle>
                        {i.awaitingDm ? (
                          <Badge variant="warning">
                            <UserX className="size-3" aria-hidden />
                            Waiting for the DM
                          </Badge>
                        ) : (
                          <Badge variant="success">
                            <Radio className="size-3" aria-hidden />
                            Live
                          </Badge>
                        )}
                      </div>
                      <SeatedLine interaction={i} />
                    </CardHeader>
                    <CardFooter>
                      <Button onClick={() => show(i._id, i.name)} aria-label={`Join live table: ${i.name}`}>
                        Join table
                      </Button>
                    </CardFooter>
                  </Card>
                </li>
              ))}
            </ul>
            <MostRecentNote count={live.length} />
          </>
        )}
      </section>
      <SeatedInteractions />
    </>
  );
}
