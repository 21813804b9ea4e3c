import { describe, expect, it } from "vitest";
import { applyCommand } from "../apply";
import type { Command } from "../commands";
import { createInteraction } from "../create";
import { act, ADMIN, DM, logText, npc, ok, P1, pc, playerSees, refused, room, started } from "../testkit";
import { eventsFor, viewFor } from "../view";

/** A parley: Mara and Oskar in plain sight, Brenna listening unseen. */
const parley = () =>
  room({
    kind: "social",
    participants: [
      pc("hero", "p1", 1, 1),
      pc("ally", "p2", 1, 3),
      npc("mara", "Mara", 4, 1),
      npc("oskar", "Oskar", 5, 2),
      npc("brenna", "Brenna", 3, 3, true),
    ],
  });
const parleyStarted = () => started(parley(), ["hero", "ally", "mara", "oskar", "brenna"]);

const set = (entityId: string, attitude: number): Command => ({ type: "setAttitude", entityId, attitude });

describe("the DM sets a parley NPC's attitude", () => {
  it("players see the new attitude and read a line saying so; nobody's turn is taken", () => {
    const s = parleyStarted();
    expect(viewFor(s, "player").entities.mara?.attitude).toBe(0);

    const up = playerSees(s, set("mara", 2));
    expect(up.view.entities.mara?.attitude).toBe(2);
    expect(up.lines).toEqual(["The DM makes Mara friendlier (+2)."]);
    expect(up.r.state.turn).toEqual(s.turn);

    const down = playerSees(up.r.state, set("mara", -1));
    expect(down.view.entities.mara?.attitude).toBe(-1);
    expect(down.lines).toEqual(["The DM makes Mara less friendly (-1)."]);
  });

  it("at +3 an NPC is won over, as after a check; every NPC won over and the DM's End gives the party the win", () => {
    let s = parleyStarted();
    const mara = playerSees(s, set("mara", 3));
    expect(mara.lines).toEqual(["The DM makes Mara friendlier (+3). Mara is won over."]);
    s = act(mara.r.state, set("oskar", 3));
    s = act(s, set("brenna", 3));
    // like a check, it does not end the parley by itself: the DM does
    expect(s.status).toBe("active");
    const r = ok(applyCommand(s, { type: "end" }, { actor: DM, now: 9_000 }));
    expect(r.state.results?.winner).toBe("party");
    expect(logText(r.state)).toContain("The interaction is over: the party wins.");
  });

  it("at -3 an NPC turns hostile and the parley fails when it ends; one still at +2 means no win", () => {
    let s = parleyStarted();
    s = act(s, set("mara", 3));
    s = act(s, set("brenna", 3));
    s = act(s, set("oskar", 2));
    expect(ok(applyCommand(s, { type: "end" }, { actor: DM, now: 9_000 })).state.results?.winner).toBe(
      "none",
    );
    const hostile = playerSees(s, set("oskar", -3));
    expect(hostile.lines).toEqual(["The DM makes Oskar less friendly (-3). Oskar turns hostile."]);
    const r = ok(applyCommand(hostile.r.state, { type: "end" }, { actor: DM, now: 9_000 }));
    expect(r.state.results?.winner).toBe("enemy");
    expect(logText(r.state)).toContain("The interaction is over: the parley has failed.");
  });

  it("an NPC hidden from the players changes without them reading about it", () => {
    const s = parleyStarted();
    const { r, view, lines } = playerSees(s, set("brenna", -3));
    expect(r.state.entities.brenna?.attitude).toBe(-3);
    expect(view.entities.brenna).toBeUndefined();
    expect(lines).toEqual([]);
    expect(JSON.stringify(eventsFor(r.events, "player"))).not.toContain("Brenna");
    // the DM reads it
    const dmLines = eventsFor(r.events, "dm").flatMap((e) => (e.type === "log" ? [e.entry.text] : []));
    expect(dmLines).toEqual(["The DM makes Brenna less friendly (-3). Brenna turns hostile."]);
  });

  it("works in the lobby: a starting mood before the first turn", () => {
    const s = createInteraction(parley(), { seed: 1, now: 0 });
    const { view, lines } = playerSees(s, set("oskar", -1));
    expect(view.status).toBe("lobby");
    expect(view.entities.oskar?.attitude).toBe(-1);
    expect(lines).toEqual(["The DM makes Oskar less friendly (-1)."]);
  });

  it("refuses anyone but the DM, creatures without an attitude, an unchanged value, and a closed table", () => {
    const s = parleyStarted();
    expect(refused(s, set("mara", 1), P1, "FORBIDDEN")).toContain("Only the DM");
    refused(s, set("mara", 1), { userId: "other-dm", role: "dm" }, "FORBIDDEN");
    refused(s, set("mara", 1), ADMIN, "FORBIDDEN");
    expect(refused(s, set("ghost", 1), DM, "INVALID_TARGET")).toContain("ghost");
    expect(refused(s, set("hero", 1), DM, "INVALID_TARGET")).toContain("hero has no attitude");
    expect(refused(s, set("mara", 0), DM, "BAD_STATE")).toContain("already 0");
    expect(refused(act(s, set("mara", 2)), set("mara", 2), DM, "BAD_STATE")).toContain("already +2");
    expect(refused(s, set("mara", 4), DM, "INVALID_COMMAND")).toContain("attitude");
    refused(act(s, { type: "pause" }), set("mara", 1), DM, "BAD_STATE");
    refused(act(s, { type: "end" }), set("mara", 1), DM, "BAD_STATE");
  });

  it("a neutral NPC in a fight has no attitude to set", () => {
    const s = started(room({ participants: [pc("hero", "p1", 1, 1), npc("mara", "Mara", 4, 1)] }));
    expect(s.entities.mara?.attitude).toBeUndefined();
    expect(refused(s, set("mara", 1), DM, "INVALID_TARGET")).toContain("only neutral NPCs in a parley");
  });

  it("an admin may set one in a test interaction", () => {
    const s = createInteraction({ ...parley(), isTest: true }, { seed: 1, now: 0 });
    const r = ok(applyCommand(s, set("mara", 1), { actor: ADMIN, now: 1 }));
    expect(r.state.entities.mara?.attitude).toBe(1);
  });

  it("a rollback to a turn start from before it undoes it, like any other game change", () => {
    const s = parleyStarted();
    const next = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "hero" }, P1);
    const changed = act(next, set("mara", 2));
    const back = act(changed, { type: "rollback", turnId: changed.turn!.id });
    expect(back.turn?.entityId).toBe("hero");
    expect(back.entities.mara?.attitude).toBe(0);
  });
});
