import { useCallback, useEffect, useRef, useState } from "react";
import { appCodeOf, errorMessage, lostInFlight } from "../../lib/errors";
import type { LiveTableState } from "../../live-state/live-store";
import { useLiveConnection } from "../../live/connection";
import { useTRPCClient } from "../../live/trpc";
import { useTable, useTableContext } from "./table-context";

export type InteractionApi = ReturnType<typeof useTRPCClient>["interaction"];

/** True while commands can reach the server: the socket is up, we are subscribed and our copy is current. */
export function useCanAct(): boolean {
  const connection = useLiveConnection();
  const phase = useTable((s) => s.phase);
  const failed = useTable((s) => s.error !== null);
  return connection.status === "connected" && phase === "live" && !failed;
}

export const LOST_IN_FLIGHT =
  "The connection dropped before the server answered, so this may or may not have happened: look at the table once it has reconnected before you try again.";

export const NOT_CONNECTED = "Not connected to the table: wait until it reconnects.";

/**
 * Why a command cannot be sent now, by cause: only a socket that is down will reconnect by itself;
 * a closed table or a refused join will not.
 */
export function cannotActReason(
  table: Pick<LiveTableState, "phase" | "closed" | "error">,
  connected: boolean,
): string {
  if (table.phase === "closed") return table.closed?.message ?? "The table has closed.";
  if (table.error) return `Not joined to the table: ${table.error}`;
  if (!connected) return NOT_CONNECTED;
  return "The table is catching up with the server: try again in a moment.";
}

/** Refusals of a command for a turn that is over: they only happen once the turn has moved on. */
const TOO_LATE = new Set(["CONFLICT", "STALE_TURN"]);

/**
 * Sends commands for one control. The server's error stays beside that control (in words)
 * until the next attempt; nothing is sent, and the control is disabled, while disconnected.
 * A refusal whose control has gone (with the turn it was for) is shown at table level instead.
 */
export function useCommand() {
  const client = useTRPCClient();
  const { interactionId, store } = useTableContext();
  const canAct = useCanAct();
  const connected = useLiveConnection().status === "connected";
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(
    async (send: (api: InteractionApi, interactionId: string) => Promise<unknown>): Promise<boolean> => {
      if (!canAct) {
        setError(cannotActReason(store.getState(), connected));
        return false;
      }
      setPending(true);
      setError(null);
      const turnAtSend = store.getState().view?.turn?.id;
      try {
        await send(client.interaction, interactionId);
        return true;
      } catch (err) {
        // The server sends the turn change before the refusal, so a too-late control may be
        // unmounting (keyed by turn) as this arrives: its own error would never be seen.
        const turnMoved = store.getState().view?.turn?.id !== turnAtSend;
        if (TOO_LATE.has(appCodeOf(err) ?? "") && (turnMoved || !mounted.current))
          store.getState().refuse(errorMessage(err));
        else setError(lostInFlight(err) ? LOST_IN_FLIGHT : errorMessage(err));
        return false;
      } finally {
        setPending(false);
      }
    },
    [canAct, connected, client, interactionId, store],
  );

  return { run, pending, error, clearError: () => setError(null), disabled: !canAct || pending };
}
