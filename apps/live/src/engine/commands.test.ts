import { describe, expect, it } from "vitest";
import { NOT_UNICODE, SendChatCommand } from "./commands";
import { createInteraction } from "./create";
import { act, P1, refused, room } from "./testkit";
import { chatFor } from "./view";

describe("free text a person sends", () => {
  const table = () => createInteraction(room(), { seed: 1, now: 0 });

  it("refuses a chat message with half of an emoji, so the game can still be saved", () => {
    const s = table();
    // "\uD83D" alone is the first half of 😀 (U+1F600): Convex would refuse the saved chat.
    const message = refused(
      s,
      { type: "sendChat", channel: "party", text: "gg \uD83D" },
      P1,
      "INVALID_COMMAND",
    );
    expect(message).toContain(NOT_UNICODE);
    refused(s, { type: "sendChat", channel: "party", text: "\uDE00 gg" }, P1, "INVALID_COMMAND");
    expect(chatFor(s, "p1")).toEqual([]);
  });

  it("accepts whole emoji and other non-Latin text", () => {
    const s = act(table(), { type: "sendChat", channel: "party", text: "gg 😀 👍🏽 ¡olé! 你好" }, P1);
    expect(chatFor(s, "p1").map((m) => m.text)).toEqual(["gg 😀 👍🏽 ¡olé! 你好"]);
  });

  it("says plainly what is wrong", () => {
    const r = SendChatCommand.safeParse({ type: "sendChat", channel: "party", text: "hi \uD83D" });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message)).toEqual([NOT_UNICODE]);
  });
});
