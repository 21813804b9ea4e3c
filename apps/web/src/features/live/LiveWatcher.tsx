import { useQuery } from "convex/react";
import { useEffect, useRef } from "react";
import { api } from "../../../../../convex/_generated/api";
import { getLiveStore } from "../../live-state/live-store";
import { useTRPCClient } from "../../live/trpc";
import { LiveModal } from "./LiveModal";
import { useLiveModal } from "./live-modal-store";

/**
 * Watches (reactively, through Convex) the live interactions that seat a character the user
 * owns, and opens the live table when one goes live. Closing it does not reopen it until that
 * interaction goes live again. A table left open on a paused game rejoins when the DM resumes
 * (also one refused while its player was offline through the pause), and a table whose game
 * has ended gives way to the next one that goes live.
 */
export function LiveWatcher() {
  const live = useQuery(api.interactions.liveForMe, {});
  const client = useTRPCClient();
  const show = useLiveModal((s) => s.show);
  const seen = useRef<Set<string> | null>(null);

  useEffect(() => {
    if (live === undefined) return;
    // The first answer counts too: signing in while a game runs takes the player to it.
    const previous = seen.current ?? new Set<string>();
    seen.current = new Set(live.map((i) => i._id as string));
    const fresh = live.find((i) => !previous.has(i._id));
    if (!fresh) return;
    const open = useLiveModal.getState().open;
    const openTable = open ? getLiveStore(open.interactionId, client).getState() : null;
    // Over for this tab: closed, or a rejoin the server refused for good (e.g. NOT_LIVE after the
    // game ended while the player was offline). A refusal that passes by itself is still a game.
    const stopped = openTable?.phase === "closed" || (!!openTable?.error && !openTable.retrying);
    if (!open || (stopped && open.interactionId !== fresh._id)) show(fresh._id, fresh.name);
    // Closed: it saw the pause. Failed: it missed it (offline) and the server refused the rejoin.
    else if (open.interactionId === fresh._id && (openTable?.phase === "closed" || openTable?.error))
      openTable.rejoin();
  }, [live, show, client]);

  // Signing out closes the table: the next user in this tab must not inherit it.
  useEffect(() => () => useLiveModal.getState().close(), []);

  return <LiveTable />;
}

/** The live table for whichever interaction is open (by the watcher or the DM's go-live). */
export function LiveTable() {
  const open = useLiveModal((s) => s.open);
  const close = useLiveModal((s) => s.close);
  return open ? (
    <LiveModal key={open.interactionId} interactionId={open.interactionId} name={open.name} onClose={close} />
  ) : null;
}
