import type { ComponentType } from "react";

/**
 * The global role. Who is DM or player is per interaction (from the data), not a role:
 * anyone may DM the interactions they create and play the characters they own.
 */
export const roles = ["user", "admin"] as const;
export type Role = (typeof roles)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (roles as readonly string[]).includes(value);
}

export type AuthUser = { id: string; name: string; role: Role };

export type GetToken = (options?: { forceRefresh?: boolean }) => Promise<string | null>;

/**
 * What the rest of the app knows about sign-in, the same in production (Clerk) and offline
 * (local demo users). Screens use `useAuth()` and never learn which mode they are in.
 */
export type AuthAdapter = {
  isLoaded: boolean;
  user: AuthUser | null;
  /** A session token for the live server; resolves to null when signed out. */
  getToken: GetToken;
  /** A token for Convex (Clerk's "convex" JWT template in production). */
  getConvexToken: GetToken;
  signOut: () => Promise<void>;
  /** The sign-in screen of the current mode. */
  SignIn: ComponentType;
};
