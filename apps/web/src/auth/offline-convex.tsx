import { ConvexProviderWithAuth, type ConvexReactClient } from "convex/react";
import { useCallback, useMemo, type ReactNode } from "react";
import { useAuth } from "./context";

/** Convex's custom-auth hook fed by the app's adapter (offline mode). */
function useConvexAuthFromAdapter() {
  const { isLoaded, user, getConvexToken } = useAuth();
  const fetchAccessToken = useCallback(
    ({ forceRefreshToken }: { forceRefreshToken: boolean }) =>
      getConvexToken({ forceRefresh: forceRefreshToken }),
    [getConvexToken],
  );
  return useMemo(
    () => ({ isLoading: !isLoaded, isAuthenticated: user !== null, fetchAccessToken }),
    [isLoaded, user, fetchAccessToken],
  );
}

export function ConvexWithAdapterAuth({
  client,
  children,
}: {
  client: ConvexReactClient;
  children: ReactNode;
}) {
  return (
    <ConvexProviderWithAuth client={client} useAuth={useConvexAuthFromAdapter}>
      {children}
    </ConvexProviderWithAuth>
  );
}
