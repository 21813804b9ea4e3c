import type { UserIdentity } from "convex/server";
import type { Doc } from "./_generated/dataModel";
import type { MutationCtx, QueryCtx } from "./_generated/server";
import { appError } from "./errors";

/**
 * Admins carry a `role: "admin"` claim, top level or inside a `metadata` claim (Clerk's
 * public metadata), the same rule the live server applies to the same tokens. Convex may
 * hand nested claims over as JSON text, so both forms are read.
 */
export function isAdmin(identity: UserIdentity): boolean {
  if (identity.role === "admin") return true;
  let metadata: unknown = identity.metadata;
  if (typeof metadata === "string") {
    try {
      metadata = JSON.parse(metadata);
    } catch {
      return false;
    }
  }
  return (
    typeof metadata === "object" && metadata !== null && (metadata as { role?: unknown }).role === "admin"
  );
}

export async function requireIdentity(ctx: QueryCtx): Promise<UserIdentity> {
  const identity = await ctx.auth.getUserIdentity();
  if (identity === null) throw appError("unauthenticated", "Sign in first");
  return identity;
}

/**
 * The name every signed-in user sees for this one (users.listPlayers, an interaction's DM):
 * the first of name, nickname and username that is not blank, else a neutral handle from the
 * subject ("Player 3f2a9c"). Never the email address: it is private to its owner.
 */
export function displayName(identity: UserIdentity): string {
  for (const name of [identity.name, identity.nickname, identity.preferredUsername]) {
    const trimmed = name?.trim();
    if (trimmed) return trimmed;
  }
  return neutralName(identity.subject);
}

/** The name of a user whose token gives none: "Player" and a handle from the subject. */
export const neutralName = (subject: string): string => `Player ${handle(subject)}`;

/** Six hex digits of an FNV-1a hash of the subject: stable for a user, and it does not show the subject. */
function handle(subject: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < subject.length; i++) {
    h ^= subject.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0").slice(0, 6);
}

/** The signed-in user's row, or null when they have not been seen by a mutation yet. */
export async function viewer(ctx: QueryCtx): Promise<{ identity: UserIdentity; user: Doc<"users"> | null }> {
  const identity = await requireIdentity(ctx);
  const user = await ctx.db
    .query("users")
    .withIndex("by_subject", (q) => q.eq("subject", identity.subject))
    .unique();
  return { identity, user };
}

/** Upserts the signed-in user's row from the verified identity (never from arguments). */
export async function ensureUser(ctx: MutationCtx): Promise<{ identity: UserIdentity; user: Doc<"users"> }> {
  const { identity, user } = await viewer(ctx);
  const name = displayName(identity);
  const role = isAdmin(identity) ? "admin" : "user";
  if (user === null) {
    const id = await ctx.db.insert("users", { subject: identity.subject, name, role });
    const inserted = await ctx.db.get(id);
    if (inserted === null) throw appError("not_found", "User row vanished");
    return { identity, user: inserted };
  }
  if (user.name !== name || user.role !== role) {
    await ctx.db.patch(user._id, { name, role });
    return { identity, user: { ...user, name, role } };
  }
  return { identity, user };
}
