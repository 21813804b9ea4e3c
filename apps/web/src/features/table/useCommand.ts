import { useCallback, useState } from "react";
import { errorMessage } from "../../lib/errors";
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

/**
 * Sends commands for one control. The server's error stays beside that control (in words)
 * until the next attempt; nothing is sent, and the control is disabled, while disconnected.
 */
export function useCommand() {
  const client = useTRPCClient();
  const { interactionId } = useTableContext();
  const canAct = useCanAct();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = useCallback(
    async (send: (api: InteractionApi, interactionId: string) => Promise<unknown>): Promise<boolean> => {
      if (!canAct) {
        setError("Not connected to the table: wait until it reconnects.");
        return false;
      }
      setPending(true);
      setError(null);
      try {
        await send(client.interaction, interactionId);
        return true;
      } catch (err) {
        setError(errorMessage(err));
        return false;
      } finally {
        setPending(false);
      }
    },
    [canAct, client, interactionId],
  );

  return { run, pending, error, clearError: () => setError(null), disabled: !canAct || pending };
}
