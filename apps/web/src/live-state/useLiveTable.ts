import type { LiveEvent } from "@roundtable/live/router";
import { useEffect, useRef } from "react";
import { useStore } from "zustand";
import { appCodeOf, errorMessage } from "../lib/errors";
import { useTRPCClient } from "../live/trpc";
import { getLiveStore, type LiveStore, type LiveTableActions, type LiveTableState } from "./live-store";

/**
 * Refusals of a join that pass by themselves: storage briefly unreachable, a server restarting,
 * a token refused (the socket reconnects with a fresh one), too many attempts. tRPC resends a
 * subscription after a reconnect but never one the server refused, so the table asks again.
 */
const PASSING = new Set(["STORE_UNAVAILABLE", "SHUTTING_DOWN", "UNAUTHENTICATED", "RATE_LIMITED"]);
export const RETRY_BASE_MS = 1_000;
const RETRY_MAX_MS = 30_000;

/** The wait before the `attempt`th retry (from 0): doubling, capped, with jitter so tables spread out. */
export const retryDelay = (attempt: number, random = Math.random): number =>
  Math.min(RETRY_BASE_MS * 2 ** attempt, RETRY_MAX_MS) * (0.5 + random() / 2);

/**
 * Joins the live interaction: subscribes to `interaction.events` (resuming after the store's
 * last event id) and feeds the store. A resync or "try again" restarts the subscription; a
 * refusal that passes by itself (PASSING) is retried with backoff until an event arrives.
 */
export function useLiveSubscription(interactionId: string): LiveStore {
  const client = useTRPCClient();
  const store = getLiveStore(interactionId, client);
  const key = useStore(store, (s) => s.subscriptionKey);
  const attempts = useRef(0);

  useEffect(() => {
    const { lastEventId } = store.getState();
    let retry: ReturnType<typeof setTimeout> | undefined;
    const sub = client.interaction.events.subscribe(
      lastEventId ? { interactionId, lastEventId } : { interactionId },
      {
        // The wire type loses `view`'s requiredness (it is `unknown`); the server always sends it.
        onData: ({ id, data }) => {
          attempts.current = 0;
          store.getState().receive(data as LiveEvent, id);
        },
        onError: (err) => {
          const code = appCodeOf(err) ?? "";
          if (!PASSING.has(code)) return store.getState().fail(errorMessage(err));
          // A refused token's words already say it reconnects (with a fresh token).
          const words =
            code === "UNAUTHENTICATED" ? errorMessage(err) : `${errorMessage(err)} — trying again by itself…`;
          store.getState().fail(words, true);
          retry = setTimeout(() => store.getState().rejoin(), retryDelay(attempts.current++));
        },
      },
    );
    return () => {
      clearTimeout(retry);
      sub.unsubscribe();
    };
  }, [client, interactionId, key, store]);

  return store;
}

/** Reads the live table's state with a selector (re-renders only when the selection changes). */
export function useLiveTable<T>(store: LiveStore, select: (s: LiveTableState & LiveTableActions) => T): T {
  return useStore(store, select);
}
