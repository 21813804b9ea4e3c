import { v } from "convex/values";
import type { Doc, Id } from "./_generated/dataModel";
import { internalMutation, mutation, query } from "./_generated/server";
import { ensureUser, neutralName, viewer } from "./identity";

export const userView = v.object({
  _id: v.id("users"),
  subject: v.string(),
  name: v.string(),
  role: v.union(v.literal("admin"), v.literal("user")),
});

function toView(u: Doc<"users">) {
  return { _id: u._id, subject: u.subject, name: u.name, role: u.role };
}

/** Creates or refreshes the caller's row from their verified identity; call after sign-in. */
export const ensureMe = mutation({
  args: {},
  returns: userView,
  handler: async (ctx) => toView((await ensureUser(ctx)).user),
});

/** The caller's row, or null before the first `ensureMe`. */
export const me = query({
  args: {},
  returns: v.union(userView, v.null()),
  handler: async (ctx) => {
    const { user } = await viewer(ctx);
    return user === null ? null : toView(user);
  },
});

/** PC rows carry whole sheets, so one read stays well inside Convex's per-query limits. */
const MAX_PCS = 500;

/**
 * Players and the names of their PCs, so a DM can seat them in an interaction. Sheets stay
 * private to their owners; only what a DM needs to pick a seat is shown. Past MAX_PCS it is
 * the most recently created or edited PCs (a new player's first, not whoever signed up first).
 */
export const listPlayers = query({
  args: {},
  returns: v.array(
    v.object({
      userId: v.id("users"),
      name: v.string(),
      characters: v.array(v.object({ _id: v.id("characters"), name: v.string(), level: v.number() })),
    }),
  ),
  handler: async (ctx) => {
    await viewer(ctx);
    const pcs = await ctx.db
      .query("characters")
      .withIndex("by_kind_and_updatedAt", (q) => q.eq("kind", "pc"))
      .order("desc")
      .take(MAX_PCS);
    const byOwner = new Map<Id<"users">, { _id: Id<"characters">; name: string; level: number }[]>();
    for (const pc of pcs) {
      const list = byOwner.get(pc.ownerId) ?? [];
      list.push({ _id: pc._id, name: pc.name, level: pc.level });
      byOwner.set(pc.ownerId, list);
    }
    const players = [];
    for (const [ownerId, characters] of byOwner) {
      const owner = await ctx.db.get(ownerId);
      if (owner !== null) players.push({ userId: owner._id, name: owner.name, characters });
    }
    return players.sort((a, b) => a.name.localeCompare(b.name));
  },
});

/** What an email address looks like: a name saved from one before names stopped falling back to it. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Replaces names that are email addresses (saved when the display name fell back to the email)
 * with the neutral name a user without one now gets, so other users stop seeing them; a user's
 * next sign-in does the same for that user. Run once per deployment, like seating:backfill:
 * `npx convex run --prod users:forgetEmailNames '{"cursor":null}'`, then with each returned
 * `cursor` until `isDone`.
 */
export const forgetEmailNames = internalMutation({
  args: { cursor: v.union(v.string(), v.null()) },
  returns: v.object({ renamed: v.number(), cursor: v.string(), isDone: v.boolean() }),
  handler: async (ctx, { cursor }) => {
    const page = await ctx.db.query("users").paginate({ cursor, numItems: 500 });
    let renamed = 0;
    for (const u of page.page)
      if (EMAIL.test(u.name.trim())) {
        await ctx.db.patch(u._id, { name: neutralName(u.subject) });
        renamed++;
      }
    return { renamed, cursor: page.continueCursor, isDone: page.isDone };
  },
});
