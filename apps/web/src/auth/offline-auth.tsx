import { useQuery } from "@tanstack/react-query";
import { LogIn } from "lucide-react";
import { useCallback, useMemo, useState, type ReactNode } from "react";
import { Badge } from "../components/ui/badge";
import { Button } from "../components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../components/ui/card";
import { ErrorState, LoadingState } from "../components/states";
import { errorMessage } from "../lib/errors";
import { AuthContext } from "./context";
import { createTokenCache, type DemoUser, type LocalAuthClient } from "./local-auth-client";
import { isRole, type AuthAdapter, type AuthUser } from "./types";

// Per tab, so one browser can have the DM in one tab and a player in another.
const storageKey = "roundtable-demo-user";

function readStoredUser(): AuthUser | null {
  try {
    const raw: unknown = JSON.parse(sessionStorage.getItem(storageKey) ?? "null");
    if (raw && typeof raw === "object" && "id" in raw && "name" in raw && "role" in raw) {
      const { id, name, role } = raw;
      if (typeof id === "string" && typeof name === "string" && isRole(role)) return { id, name, role };
    }
  } catch (_) {
    // A corrupt entry is the same as none.
  }
  return null;
}

/** Offline mode: demo users from the local auth service, tokens from its `/token`. */
export function OfflineAuthProvider({ client, children }: { client: LocalAuthClient; children: ReactNode }) {
  const [user, setUser] = useState<AuthUser | null>(readStoredUser);
  // Two tokens, as with Clerk: a session token (live server) and one for Convex's audience.
  const caches = useMemo(
    () =>
      user
        ? {
            session: createTokenCache(() => client.issueToken(user.id)),
            convex: createTokenCache(() => client.issueToken(user.id, "convex")),
          }
        : null,
    [client, user],
  );

  const getToken = useCallback(
    async (options?: { forceRefresh?: boolean }) =>
      caches ? caches.session.get(options?.forceRefresh) : null,
    [caches],
  );
  const getConvexToken = useCallback(
    async (options?: { forceRefresh?: boolean }) =>
      caches ? caches.convex.get(options?.forceRefresh) : null,
    [caches],
  );

  const signIn = useCallback(
    async (demo: DemoUser) => {
      // Fetch a token first so a failing service is reported on the sign-in screen.
      await client.issueToken(demo.id);
      const next = { id: demo.id, name: demo.name, role: demo.role };
      sessionStorage.setItem(storageKey, JSON.stringify(next));
      setUser(next);
    },
    [client],
  );

  const signOut = useCallback(async () => {
    sessionStorage.removeItem(storageKey);
    caches?.session.clear();
    caches?.convex.clear();
    setUser(null);
    return Promise.resolve();
  }, [caches]);

  const SignIn = useCallback(() => <DemoSignIn client={client} onSignIn={signIn} />, [client, signIn]);

  const value = useMemo<AuthAdapter>(
    () => ({ isLoaded: true, user, getToken, getConvexToken, signOut, SignIn }),
    [user, getToken, getConvexToken, signOut, SignIn],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

const seatLabels = { dm: "Dungeon Master", player: "Player", admin: "Admin" } as const;

function DemoSignIn({
  client,
  onSignIn,
}: {
  client: LocalAuthClient;
  onSignIn: (user: DemoUser) => Promise<void>;
}) {
  const users = useQuery({ queryKey: ["local-auth", "users"], queryFn: () => client.listUsers() });
  const [pending, setPending] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  async function choose(demo: DemoUser) {
    setPending(demo.id);
    setFailure(null);
    try {
      await onSignIn(demo);
    } catch (error) {
      setFailure(errorMessage(error));
      setPending(null);
    }
  }

  return (
    <Card className="w-full max-w-md">
      <CardHeader>
        <CardTitle asChild>
          <h1>Sign in to Roundtable</h1>
        </CardTitle>
        <CardDescription>Offline mode: choose a demo user.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        {users.isPending && <LoadingState label="Loading demo users" />}
        {users.isError && (
          <ErrorState
            title="Demo users unavailable"
            message={errorMessage(users.error)}
            onRetry={() => void users.refetch()}
          />
        )}
        {users.data?.length === 0 && (
          <p className="text-sm text-muted-foreground">The local sign-in service has no demo users.</p>
        )}
        {users.data && users.data.length > 0 && (
          <ul className="grid gap-2" aria-label="Demo users">
            {users.data.map((demo) => {
              const seat = seatLabels[demo.seat ?? (demo.role === "admin" ? "admin" : "player")];
              const who = seat === demo.name ? demo.name : `${demo.name}, ${seat}`;
              return (
                <li key={demo.id}>
                  {/* The name carries the seat badge too: it says which demo user to pick. */}
                  <Button
                    variant="outline"
                    className="h-auto w-full justify-between py-3"
                    disabled={pending !== null}
                    aria-label={`Sign in as ${who}`}
                    onClick={() => void choose(demo)}
                  >
                    <span className="flex items-center gap-2">
                      <LogIn aria-hidden />
                      {demo.name}
                    </span>
                    <Badge variant="secondary">{seat}</Badge>
                  </Button>
                </li>
              );
            })}
          </ul>
        )}
        {failure && (
          <p role="alert" className="text-sm font-medium text-destructive">
            {failure}
          </p>
        )}
      </CardContent>
    </Card>
  );
}
