import { isSimulationTable } from "@roundtable/live/protocol";
import { Play } from "lucide-react";
import { ErrorState, LoadingState } from "../../components/states";
import { Button } from "../../components/ui/button";
import { useLiveSubscription } from "../../live-state/useLiveTable";
import { useLiveModal } from "../live/live-modal-store";
import { useGoLive } from "../live/useGoLive";
import { Announcer } from "./Announcer";
import { ConnectionStatus } from "./ConnectionStatus";
import { TableContext, useTable, useTableContext } from "./table-context";
import { TableView } from "./TableView";

const SIMULATION_IDLE =
  "This simulation has ended: its room closed after a period of inactivity. Start a new one from Test mode.";

const seatText = { dm: "You are the DM", player: "You are playing", admin: "Watching as admin" } as const;

/**
 * The live table for one interaction, to render inside the live modal. It joins the room
 * (resuming after the last event it saw) and shows the player's or the DM's view.
 */
export function LiveTable({ interactionId }: { interactionId: string }) {
  const store = useLiveSubscription(interactionId);
  return (
    <TableContext.Provider value={{ store, interactionId }}>
      <LiveTableBody />
    </TableContext.Provider>
  );
}

function LiveTableBody() {
  const hasView = useTable((s) => s.view !== null);
  const role = useTable((s) => s.role);
  const error = useTable((s) => s.error);
  const closed = useTable((s) => s.closed);
  const rejoin = useTable((s) => s.rejoin);
  // A simulation's bots end with its room: the server never rebuilds it, so no rejoin is offered.
  const simulation = useTable((s) => s.view !== null && isSimulationTable(s.view));
  return (
    <div className="grid gap-3 motion-reduce:transition-none">
      <div className="flex flex-wrap items-center gap-2">
        <ConnectionStatus />
        {role && <span className="text-sm text-muted-foreground">{seatText[role]}</span>}
      </div>
      <Announcer />
      {error && <ErrorState title="Could not join the table" message={error} onRetry={rejoin} />}
      {closed && (
        <div role="status" className="flex flex-wrap items-center gap-2 rounded-md border p-3 text-sm">
          <span>{simulation && closed.reason === "inactivity" ? SIMULATION_IDLE : closed.message}</span>
          {/* An evicted room is rebuilt from its snapshot when someone joins again; a simulation is over. */}
          {closed.reason === "inactivity" && !simulation && (
            <Button size="sm" variant="outline" onClick={rejoin}>
              Rejoin the table
            </Button>
          )}
          {closed.reason === "paused" &&
            (role === "dm" ? (
              <ResumeButton />
            ) : (
              <span className="text-muted-foreground">The table comes back here when the DM resumes.</span>
            ))}
        </div>
      )}
      {hasView ? <TableView /> : !error && <LoadingState label="Joining the table" />}
    </div>
  );
}

/** After a pause the room has left memory: resuming relaunches it from its snapshot, then rejoins. */
function ResumeButton() {
  const { interactionId } = useTableContext();
  const rejoin = useTable((s) => s.rejoin);
  const name = useLiveModal((s) => s.open?.name) ?? "the interaction";
  const { goLive, isPending } = useGoLive();
  return (
    <Button
      size="sm"
      disabled={isPending}
      aria-busy={isPending}
      onClick={() => void goLive(interactionId, name, true).then((ok) => ok && rejoin())}
    >
      <Play aria-hidden /> {isPending ? "Resuming…" : "Resume"}
    </Button>
  );
}
