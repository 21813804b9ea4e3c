import { createContext, useContext } from "react";
import type { AuthAdapter, AuthUser } from "./types";

export const AuthContext = createContext<AuthAdapter | null>(null);

export function useAuth(): AuthAdapter {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth must be used inside an auth provider (AuthProvider).");
  return auth;
}

/** The signed-in user; only for components rendered behind the sign-in gate. */
export function useUser(): AuthUser {
  const { user } = useAuth();
  if (!user) throw new Error("useUser needs a signed-in user.");
  return user;
}
