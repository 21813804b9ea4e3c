import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, type ReactNode } from "react";
import { useAuth } from "../auth";
import { createLiveClient, type LiveClient } from "./client";
import { LiveConnectionContext } from "./connection";
import { TRPCProvider } from "./trpc";

/** One live-server connection per signed-in user, shared by the go-live button and the modal. */
export function LiveProvider({ url, children }: { url: string; children: ReactNode }) {
  // A new signed-in user gets a new socket, and with it new live tables (stores are per client).
  const { getToken, user } = useAuth();
  const userId = user?.id ?? null;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- userId: one client per user, even where getToken stays the same
  const live = useMemo(() => createLiveClient({ url, getToken }), [url, getToken, userId]);
  useEffect(() => () => void live.close(), [live]);
  return <LiveClientProvider live={live}>{children}</LiveClientProvider>;
}

/** Provides a given live client (tests pass one with a fake link). */
export function LiveClientProvider({
  live,
  children,
}: {
  live: Pick<LiveClient, "client" | "ws">;
  children: ReactNode;
}) {
  const queryClient = useQueryClient();
  return (
    <LiveConnectionContext.Provider value={live.ws}>
      <TRPCProvider trpcClient={live.client} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </LiveConnectionContext.Provider>
  );
}
