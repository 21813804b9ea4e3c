import type { LiveEvent } from "@roundtable/live/router";
import { useEffect } from "react";
import { useStore } from "zustand";
import { errorMessage } from "../lib/errors";
import { useTRPCClient } from "../live/trpc";
import { getLiveStore, type LiveStore, type LiveTableActions, type LiveTableState } from "./live-store";

/**
 * Joins the live interaction: subscribes to `interaction.events` (resuming after the store's
 * last event id) and feeds the store. A resync or "try again" restarts the subscription.
 */
export function useLiveSubscription(interactionId: string): LiveStore {
  const client = useTRPCClient();
  const store = getLiveStore(interactionId, client);
  const key = useStore(store, (s) => s.subscriptionKey);

  useEffect(() => {
    const { lastEventId } = store.getState();
    const sub = client.interaction.events.subscribe(
      lastEventId ? { interactionId, lastEventId } : { interactionId },
      {
        // The wire type loses `view`'s requiredness (it is `unknown`); the server always sends it.
        onData: ({ id, data }) => store.getState().receive(data as LiveEvent, id),
        onError: (err) => store.getState().fail(errorMessage(err)),
      },
    );
    return () => sub.unsubscribe();
  }, [client, interactionId, key, store]);

  return store;
}

/** Reads the live table's state with a selector (re-renders only when the selection changes). */
export function useLiveTable<T>(store: LiveStore, select: (s: LiveTableState & LiveTableActions) => T): T {
  return useStore(store, select);
}
