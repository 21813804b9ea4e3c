import { describe, expect, it } from "vitest";
import { createInteraction, InvalidSetupError } from "./create";
import { goblinAmbush, leverPuzzle, socialParley } from "./scenarios";
import { InteractionSetup } from "./setup";
import { InteractionState } from "./state";
import { monster, pc, room } from "./testkit";

describe("createInteraction", () => {
  it("builds a lobby state with full HP, no turn and version 0", () => {
    const s = createInteraction(room(), { seed: 1, now: 5 });
    expect(s.status).toBe("lobby");
    expect(s.version).toBe(0);
    expect(s.turn).toBeNull();
    expect(s.entities.hero).toMatchObject({
      hp: 20,
      maxHp: 20,
      ownerUserId: "p1",
      side: "party",
      defeated: false,
    });
    expect(s.settings.turnTimeoutMs).toBe(90_000);
    expect(InteractionState.safeParse(s).success).toBe(true);
  });

  it("rejects a bad setup naming every problem", () => {
    const bad = room({ participants: [pc("a", "p1", 1, 1), pc("a", "p1", 1, 1), monster("m", 50, 1)] });
    expect(() => createInteraction(bad, { seed: 1, now: 0 })).toThrow(InvalidSetupError);
    try {
      createInteraction(bad, { seed: 1, now: 0 });
    } catch (e) {
      const msg = (e as Error).message;
      expect(msg).toContain("Duplicate entity id a");
      expect(msg).toContain("shares a cell");
      expect(msg).toContain("outside the map");
    }
  });

  it("rejects a PC without an owner and unbounded input", () => {
    const noOwner = room({
      participants: [
        { ...pc("a", "p1", 1, 1), sheet: { ...pc("a", "p1", 1, 1).sheet, ownerUserId: undefined } },
      ],
    });
    expect(InteractionSetup.safeParse(noOwner).success).toBe(false);
    expect(InteractionSetup.safeParse(room({ name: "x".repeat(500) })).success).toBe(false);
    expect(InteractionSetup.safeParse(room({ participants: [pc("$bad", "p1", 1, 1)] })).success).toBe(false);
    // a name every object has would find the prototype's when looked up as a key
    expect(InteractionSetup.safeParse(room({ participants: [pc("constructor", "p1", 1, 1)] })).success).toBe(
      false,
    );
  });

  it("the scenarios are valid setups with the documented seats", () => {
    const ambush = goblinAmbush();
    expect(InteractionSetup.safeParse(ambush).success).toBe(true);
    expect(ambush.map).toMatchObject({ width: 20, height: 15 });
    const pcs = ambush.participants.filter((p) => p.sheet.kind === "pc");
    expect(pcs.map((p) => p.sheet.ownerUserId)).toEqual([
      "user_demo_p1",
      "user_demo_p1",
      "user_demo_p2",
      "user_demo_p3",
    ]);
    expect(ambush.participants.filter((p) => p.side === "enemy")).toHaveLength(7);
    expect(ambush.map.objects.map((o) => o.kind).sort()).toEqual(["chest", "door", "trap"]);
    expect(ambush.map.difficult.length).toBeGreaterThan(0);
    expect(InteractionSetup.safeParse(socialParley()).success).toBe(true);
    expect(InteractionSetup.safeParse(leverPuzzle({ dm: "d", players: ["a"] })).success).toBe(true);
    expect(
      leverPuzzle({ dm: "d", players: ["a"] }).participants.every((p) => p.sheet.ownerUserId === "a"),
    ).toBe(true);
  });
});
