import { describe, expect, it } from "vitest";
import { applyCommand } from "../apply";
import { createInteraction } from "../create";
import { chatFor } from "../view";
import { act, DM, ok, P1, P2, refused, room } from "../testkit";

const P3 = { userId: "p3", role: "player" as const };

describe("chat", () => {
  const base = () => {
    const setup = room();
    setup.participants.push({
      ...setup.participants[1]!,
      entityId: "third",
      position: { x: 8, y: 8 },
      sheet: { ...setup.participants[1]!.sheet, ownerUserId: "p3" },
    });
    return createInteraction(setup, { seed: 1, now: 0 });
  };

  it("party messages reach everyone at the table; DM messages only the sender and the DM; private only those listed", () => {
    let s = base();
    const party = ok(
      applyCommand(s, { type: "sendChat", channel: "party", text: "hello all" }, { actor: P1, now: 1 }),
    );
    expect(party.events).toContainEqual(
      expect.objectContaining({
        type: "chat",
        recipients: expect.arrayContaining(["dm", "p1", "p2", "p3"]) as unknown,
      }),
    );
    s = party.state;
    s = act(s, { type: "sendChat", channel: "dm", text: "secret plan" }, P1);
    s = act(s, { type: "sendChat", channel: "private", text: "psst", to: ["p2"] }, P3);
    expect(chatFor(s, "p1").map((m) => m.text)).toEqual(["hello all", "secret plan"]);
    expect(chatFor(s, "dm").map((m) => m.text)).toEqual(["hello all", "secret plan"]);
    expect(chatFor(s, "p2").map((m) => m.text)).toEqual(["hello all", "psst"]);
    expect(chatFor(s, "p3").map((m) => m.text)).toEqual(["hello all", "psst"]);
    expect(chatFor(s, "stranger")).toEqual([]);
  });

  it("strangers cannot chat and private messages go only to people at the table", () => {
    const s = base();
    refused(
      s,
      { type: "sendChat", channel: "party", text: "hi" },
      { userId: "x", role: "player" },
      "FORBIDDEN",
    );
    expect(
      refused(s, { type: "sendChat", channel: "private", text: "hi", to: ["user_x9"] }, P2, "INVALID_TARGET"),
    ).toBe("A recipient is not at this table: private messages go only to its DM and players.");
    refused(s, { type: "sendChat", channel: "private", text: "hi" }, P2, "INVALID_COMMAND");
    refused(s, { type: "sendChat", channel: "party", text: "hi", to: ["p1"] }, DM, "INVALID_COMMAND");
  });
});
