import { makeFunctionReference } from "convex/server";
import { ConvexError, v } from "convex/values";
import { action, internalMutation, internalQuery, mutation, query } from "./_generated/server";

const message = v.object({
  _id: v.id("messages"),
  _creationTime: v.number(),
  channel: v.string(),
  body: v.string(),
  author: v.string(),
});

export const list = query({
  args: { channel: v.string() },
  returns: v.array(message),
  handler: async (ctx, { channel }) =>
    ctx.db
      .query("messages")
      .withIndex("by_channel", (q) => q.eq("channel", channel))
      .collect(),
});

export const whoami = query({
  args: {},
  returns: v.union(
    v.null(),
    v.object({
      subject: v.string(),
      issuer: v.string(),
      tokenIdentifier: v.string(),
      role: v.optional(v.string()),
      name: v.optional(v.string()),
    }),
  ),
  handler: async (ctx) => {
    const id = await ctx.auth.getUserIdentity();
    if (!id) return null;
    return {
      subject: id.subject,
      issuer: id.issuer,
      tokenIdentifier: id.tokenIdentifier,
      role: id.role as string | undefined,
      name: id.name,
    };
  },
});

export const send = mutation({
  args: { channel: v.string(), body: v.string() },
  returns: v.id("messages"),
  handler: async (ctx, { channel, body }) => {
    const id = await ctx.auth.getUserIdentity();
    if (!id) throw new ConvexError({ kind: "unauthenticated", message: "Sign in to send messages" });
    if (body.trim() === "") throw new ConvexError({ kind: "invalid", message: "Message is empty" });
    const messageId = await ctx.db.insert("messages", { channel, body, author: id.subject });
    const existing = await ctx.db
      .query("channels")
      .withIndex("by_name", (q) => q.eq("name", channel))
      .unique();
    if (existing) await ctx.db.patch(existing._id, { lastMessage: messageId });
    else await ctx.db.insert("channels", { name: channel, lastMessage: messageId });
    return messageId;
  },
});

export const remove = mutation({
  args: { id: v.id("messages") },
  returns: v.null(),
  handler: async (ctx, { id }) => {
    await ctx.db.delete(id);
    return null;
  },
});

export const channel = query({
  args: { name: v.string() },
  returns: v.any(),
  handler: async (ctx, { name }) => {
    const c = await ctx.db
      .query("channels")
      .withIndex("by_name", (q) => q.eq("name", name))
      .unique();
    if (!c) return null;
    return { ...c, last: c.lastMessage ? await ctx.db.get(c.lastMessage) : null };
  },
});

export const count = internalQuery({
  args: {},
  returns: v.number(),
  handler: async (ctx) => (await ctx.db.query("messages").collect()).length,
});

export const systemPost = internalMutation({
  args: { channel: v.string(), body: v.string() },
  returns: v.id("messages"),
  handler: async (ctx, args) => ctx.db.insert("messages", { ...args, author: "system" }),
});

export const announce = action({
  args: { channel: v.string(), body: v.string() },
  returns: v.string(),
  handler: async (ctx, args): Promise<string> =>
    ctx.runMutation(makeFunctionReference<"mutation", typeof args, string>("messages:systemPost"), args),
});

export const mine = query({
  args: {},
  returns: v.array(message),
  handler: async (ctx) => {
    const id = await ctx.auth.getUserIdentity();
    if (!id) throw new ConvexError({ kind: "unauthenticated", message: "Sign in to see your messages" });
    return (await ctx.db.query("messages").collect()).filter((m) => m.author === id.subject);
  },
});
