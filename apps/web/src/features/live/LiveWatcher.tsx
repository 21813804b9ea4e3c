import { useQuery } from "convex/react";
import { useEffect, useRef } from "react";
import { api } from "../../../../../convex/_generated/api";
import { LiveModal } from "./LiveModal";
import { useLiveModal } from "./live-modal-store";

/**
 * Watches (reactively, through Convex) the live interactions that seat a character the user
 * owns, and opens the live table when one goes live. Closing it does not reopen it until that
 * interaction goes live again.
 */
export function LiveWatcher() {
  const live = useQuery(api.interactions.liveForMe, {});
  const show = useLiveModal((s) => s.show);
  const seen = useRef<Set<string> | null>(null);

  useEffect(() => {
    if (live === undefined) return;
    // The first answer counts too: signing in while a game runs takes the player to it.
    const previous = seen.current ?? new Set<string>();
    seen.current = new Set(live.map((i) => i._id as string));
    const fresh = live.find((i) => !previous.has(i._id));
    if (fresh && !useLiveModal.getState().open) show(fresh._id, fresh.name);
  }, [live, show]);

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
