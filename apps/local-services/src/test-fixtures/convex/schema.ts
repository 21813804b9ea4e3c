import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

// A small app for protocol tests of the local Convex (the real schema lives in /convex).
export default defineSchema({
  messages: defineTable({ channel: v.string(), body: v.string(), author: v.string() }).index("by_channel", [
    "channel",
  ]),
  channels: defineTable({ name: v.string(), lastMessage: v.optional(v.id("messages")) }).index("by_name", [
    "name",
  ]),
});
