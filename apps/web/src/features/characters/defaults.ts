import type { ActionDef, CharacterSheet, Item } from "@roundtable/live/engine";
import { newId } from "../../lib/form-errors";

export function emptySheet(kind: CharacterSheet["kind"]): CharacterSheet {
  return {
    name: "",
    kind,
    level: kind === "pc" ? 1 : 0,
    xp: kind === "pc" ? 0 : 50,
    maxHp: 10,
    ac: 10,
    speed: 30,
    abilities: { str: 0, dex: 0, con: 0, int: 0, wis: 0, cha: 0 },
    inventory: [],
    actions: [],
  };
}

export function newItem(type: Item["type"]): Item {
  const base = { id: newId("item"), name: "" };
  switch (type) {
    case "weapon":
      return { ...base, type, equipped: false };
    case "armor":
      return { ...base, type, equipped: false, acBonus: 1 };
    case "consumable":
      return { ...base, type, charges: 1, cost: "action", effect: { kind: "heal", amount: "2d4+2" } };
    case "gear":
      return { ...base, type };
  }
}

export function newAction(kind: ActionDef["kind"]): ActionDef {
  const base = { id: newId("action"), name: "" };
  switch (kind) {
    case "attack":
      return { ...base, kind, toHit: 3, damage: "1d6", damageType: "slashing", range: 5 };
    case "spell":
      return { ...base, kind, level: 1, range: 60, targets: { type: "enemy", max: 1 } };
    case "check":
      return { ...base, kind, ability: "cha", bonus: 0, dc: 10 };
    default:
      return { ...base, kind };
  }
}
