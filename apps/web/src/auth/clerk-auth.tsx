import {
  ClerkProvider,
  SignIn as ClerkSignIn,
  useAuth as useClerkAuth,
  useUser as useClerkUser,
} from "@clerk/react";
import { ConvexProviderWithClerk } from "convex/react-clerk";
import type { ConvexReactClient } from "convex/react";
import { useCallback, useMemo, type ReactNode } from "react";
import { AuthContext } from "./context";
import { isRole, type AuthAdapter, type AuthUser, type Role } from "./types";

function ClerkSignInView() {
  return <ClerkSignIn routing="hash" />;
}

/** Admin when the session claims or the user's public metadata say so (as Convex and the live server decide). */
export function clerkRole(claims: unknown, publicMetadata: unknown): Role {
  for (const source of [claims, publicMetadata]) {
    if (source && typeof source === "object" && "role" in source && isRole(source.role)) return source.role;
  }
  return "user";
}

/** Maps Clerk's hooks onto the app's auth adapter. */
function ClerkAuthBridge({ children }: { children: ReactNode }) {
  const { isLoaded, isSignedIn, userId, getToken, signOut, sessionClaims } = useClerkAuth();
  const { user } = useClerkUser();

  const getLiveToken = useCallback(
    (options?: { forceRefresh?: boolean }) => getToken({ skipCache: options?.forceRefresh ?? false }),
    [getToken],
  );
  const getConvexToken = useCallback(
    (options?: { forceRefresh?: boolean }) =>
      getToken({ template: "convex", skipCache: options?.forceRefresh ?? false }),
    [getToken],
  );
  // To the table, as offline sign-out does (App): the next user must not land on this user's page.
  const doSignOut = useCallback(() => signOut({ redirectUrl: "/" }), [signOut]);

  const authUser = useMemo<AuthUser | null>(() => {
    if (!isSignedIn || !userId) return null;
    const name =
      user?.fullName ?? user?.username ?? user?.primaryEmailAddress?.emailAddress ?? "Signed-in user";
    return { id: userId, name, role: clerkRole(sessionClaims, user?.publicMetadata) };
  }, [isSignedIn, userId, user, sessionClaims]);

  const value = useMemo<AuthAdapter>(
    () => ({
      isLoaded,
      user: authUser,
      getToken: getLiveToken,
      getConvexToken,
      signOut: doSignOut,
      SignIn: ClerkSignInView,
    }),
    [isLoaded, authUser, getLiveToken, getConvexToken, doSignOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** Production: Clerk sign-in, Convex authenticated with Clerk's "convex" JWT template. */
export function ClerkAuthProvider({
  publishableKey,
  convex,
  children,
}: {
  publishableKey: string;
  convex: ConvexReactClient;
  children: ReactNode;
}) {
  return (
    <ClerkProvider publishableKey={publishableKey}>
      <ConvexProviderWithClerk client={convex} useAuth={useClerkAuth}>
        <ClerkAuthBridge>{children}</ClerkAuthBridge>
      </ConvexProviderWithClerk>
    </ClerkProvider>
  );
}
