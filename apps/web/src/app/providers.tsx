import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { ConvexReactClient } from "convex/react";
import { lazy, Suspense, useState, type ReactNode } from "react";
import { createLocalAuthClient } from "../auth/local-auth-client";
import { OfflineAuthProvider } from "../auth/offline-auth";
import { ConvexWithAdapterAuth } from "../auth/offline-convex";
import { Toaster } from "../components/ui/sonner";
import { TooltipProvider } from "../components/ui/tooltip";
import type { WebEnv } from "../env";
import { LiveProvider } from "../live/LiveProvider";
import { LoadingState } from "../components/states";

// Clerk is large and only used in production mode: load it only when a key is configured.
const ClerkAuthProvider = lazy(() =>
  import("../auth/clerk-auth").then((m) => ({ default: m.ClerkAuthProvider })),
);

/** Everything the screens rely on: data clients, auth (by mode), the live connection, toasts. */
export function AppProviders({ env, children }: { env: WebEnv; children: ReactNode }) {
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: 1 } } }));
  const [convex] = useState(() => new ConvexReactClient(env.convexUrl));
  const [localAuth] = useState(() => createLocalAuthClient(env.localAuthUrl));

  const inner = (
    <LiveProvider url={env.liveUrl}>
      <TooltipProvider>{children}</TooltipProvider>
    </LiveProvider>
  );

  return (
    <QueryClientProvider client={queryClient}>
      {env.clerkPublishableKey ? (
        <Suspense fallback={<LoadingState label="Starting" className="min-h-dvh" />}>
          <ClerkAuthProvider publishableKey={env.clerkPublishableKey} convex={convex}>
            {inner}
          </ClerkAuthProvider>
        </Suspense>
      ) : (
        <OfflineAuthProvider client={localAuth}>
          <ConvexWithAdapterAuth client={convex}>{inner}</ConvexWithAdapterAuth>
        </OfflineAuthProvider>
      )}
      <Toaster />
    </QueryClientProvider>
  );
}
