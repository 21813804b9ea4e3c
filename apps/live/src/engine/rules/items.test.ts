import { describe, expect, it } from "vitest";
import type { Item } from "../setup";
import { act, DM, hp, monster, P1, P2, pc, refused, room, sheet, started } from "../testkit";

const potion: Item = {
  id: "potion",
  name: "Potion",
  type: "consumable",
  charges: 1,
  effect: { kind: "heal", amount: "10" },
};
const bomb: Item = {
  id: "bomb",
  name: "Bomb",
  type: "consumable",
  charges: 2,
  cost: "bonus",
  effect: { kind: "damage", amount: "3", damageType: "fire", range: 20 },
};
const shield: Item = { id: "shield", name: "Shield", type: "armor", equipped: false, acBonus: 2 };

describe("items", () => {
  it("a potion heals an adjacent ally (reviving the unconscious) and spends its only charge", () => {
    const setup = room({
      participants: [
        pc("hero", "p1", 1, 1, { inventory: [...sheet("x").inventory, potion] }),
        pc("ally", "p2", 1, 2, { maxHp: 2 }),
        monster("gob", 2, 2, { maxHp: 30 }),
      ],
    });
    let s = started(setup, ["gob", "hero", "ally"]);
    s = act(
      s,
      { type: "takeTurn", turnId: s.turn!.id, entityId: "gob", actionId: "sword", targets: ["ally"] },
      DM,
    );
    expect(s.entities.ally?.unconscious).toBe(true);
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "gob" }, DM);
    const healed = act(
      s,
      { type: "useItem", turnId: s.turn!.id, entityId: "hero", itemId: "potion", targetId: "ally" },
      P1,
    );
    expect(healed.entities.ally).toMatchObject({ hp: 2, unconscious: false });
    expect(healed.entities.hero?.inventory.find((i) => i.id === "potion")).toMatchObject({ charges: 0 });
    const again = act(healed, { type: "endTurn", turnId: healed.turn!.id, entityId: "hero" }, P1);
    expect(again.turn?.entityId).toBe("ally"); // back in the fight
    refused(
      s,
      { type: "useItem", turnId: s.turn!.id, entityId: "hero", itemId: "potion", targetId: "gob" },
      P1,
      "INVALID_TARGET",
    );
    refused(
      s,
      { type: "useItem", turnId: s.turn!.id, entityId: "hero", itemId: "sword" },
      P1,
      "INVALID_COMMAND",
    );
    refused(
      s,
      { type: "useItem", turnId: s.turn!.id, entityId: "hero", itemId: "ghost" },
      P1,
      "INVALID_COMMAND",
    );
  });

  it("a thrown item uses its cost and range, and has a limited number of charges", () => {
    let s = started(
      room({
        participants: [
          pc("hero", "p1", 1, 1, { inventory: [bomb] }),
          pc("ally", "p2", 1, 3),
          monster("gob", 4, 1, { maxHp: 30 }),
        ],
      }),
    );
    const t = s.turn!.id;
    refused(
      s,
      { type: "useItem", turnId: t, entityId: "hero", itemId: "bomb", targetId: "ally" },
      P1,
      "INVALID_TARGET",
    );
    s = act(s, { type: "useItem", turnId: t, entityId: "hero", itemId: "bomb", targetId: "gob" }, P1);
    expect(hp(s, "gob")).toBe(27);
    expect(s.turn?.bonusUsed).toBe(true);
    expect(s.turn?.actionUsed).toBeUndefined();
    refused(
      s,
      { type: "useItem", turnId: t, entityId: "hero", itemId: "bomb", targetId: "gob" },
      P1,
      "NO_ACTION_LEFT",
    );
    s = act(s, { type: "endTurn", turnId: t, entityId: "hero" }, P1);
    expect(s.entities.hero?.inventory[0]).toMatchObject({ charges: 1 });
  });

  it("equipping armour raises AC; stowing lowers it; it happens on your turn only", () => {
    let s = started(
      room({
        participants: [
          pc("hero", "p1", 1, 1, { inventory: [shield] }),
          pc("ally", "p2", 1, 3),
          monster("gob", 6, 1),
        ],
      }),
    );
    refused(
      s,
      { type: "equipItem", turnId: s.turn!.id, entityId: "ally", itemId: "sword", equip: false },
      P2,
      "NOT_YOUR_TURN",
    );
    refused(s, { type: "equipItem", entityId: "hero", itemId: "shield", equip: true }, P1, "INVALID_COMMAND");
    s = act(
      s,
      { type: "equipItem", turnId: s.turn!.id, entityId: "hero", itemId: "shield", equip: true },
      P1,
    );
    expect(s.entities.hero?.ac).toBe(14);
    expect(s.turn?.objectUsed).toBe(true);
    refused(
      s,
      { type: "equipItem", turnId: s.turn!.id, entityId: "hero", itemId: "shield", equip: true },
      P1,
      "BAD_STATE",
    );
    s = act(
      s,
      { type: "equipItem", turnId: s.turn!.id, entityId: "hero", itemId: "shield", equip: false },
      P1,
    );
    expect(s.entities.hero?.ac).toBe(12);
    expect(s.turn?.actionUsed).toBe(true); // the second object interaction took the action
  });
});
