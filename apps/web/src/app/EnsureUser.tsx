import { useConvexAuth, useMutation } from "convex/react";
import { useEffect, useState, type ReactNode } from "react";
import { api } from "../../../../convex/_generated/api";
import { useAuth } from "../auth";
import { ErrorState, LoadingState } from "../components/states";
import { Button } from "../components/ui/button";
import { errorMessage } from "../lib/errors";

/** After this long without an answer, say so (the client keeps trying in the background). */
const slowAfterMs = 8_000;

/**
 * Waits for Convex to accept the session, then makes sure the user's row exists before any
 * screen queries data that belongs to them.
 */
export function EnsureUser({ children }: { children: ReactNode }) {
  const { isLoading, isAuthenticated } = useConvexAuth();
  const { signOut } = useAuth();
  const ensureMe = useMutation(api.users.ensureMe);
  const [state, setState] = useState<"pending" | "ready" | { error: unknown }>("pending");
  const [attempt, setAttempt] = useState(0);
  const [slow, setSlow] = useState(false);

  useEffect(() => {
    if (!isAuthenticated) return;
    let cancelled = false;
    ensureMe().then(
      () => !cancelled && setState("ready"),
      (error: unknown) => !cancelled && setState({ error }),
    );
    return () => {
      cancelled = true;
    };
  }, [isAuthenticated, ensureMe, attempt]);

  const waiting = state === "pending";
  useEffect(() => {
    if (!waiting) return;
    const timer = setTimeout(() => setSlow(true), slowAfterMs);
    return () => clearTimeout(timer);
  }, [waiting]);

  if (typeof state === "object") {
    return (
      <ErrorState
        title="Could not load your account"
        message={errorMessage(state.error)}
        onRetry={() => {
          setState("pending");
          setAttempt((n) => n + 1);
        }}
      />
    );
  }
  if (!isLoading && !isAuthenticated) {
    return (
      <div className="grid justify-items-center gap-3">
        <ErrorState
          title="Sign-in not accepted"
          message="The data server did not accept your sign-in. Sign in again to continue."
        />
        <Button onClick={() => void signOut()}>Sign in again</Button>
      </div>
    );
  }
  if (state === "pending") {
    return (
      <div className="grid justify-items-center gap-2">
        <LoadingState label={isAuthenticated ? "Loading your account" : "Connecting to the server"} />
        {slow && (
          <p role="alert" className="max-w-md text-center text-sm text-muted-foreground">
            This is taking longer than usual: the data server may be unreachable. Still trying…
          </p>
        )}
      </div>
    );
  }
  return children;
}
