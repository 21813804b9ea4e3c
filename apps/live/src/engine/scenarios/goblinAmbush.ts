import type { InteractionSetup, Position } from "../setup";
import { cleric, fighter, goblin, goblinBoss, rogue, wizard } from "./sheets";
import { demoUsers, player, type ScenarioUsers } from "./users";

const line = (x0: number, x1: number, y0: number, y1: number): Position[] => {
  const out: Position[] = [];
  for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) out.push({ x, y });
  return out;
};

/**
 * 4 PCs (the first player runs two) against six goblins — two hidden in the brush — and
 * their boss, on a 20×15 forest road beside a ruin whose door hides a chest.
 */
export function goblinAmbush(users: ScenarioUsers = demoUsers, id = "goblin-ambush"): InteractionSetup {
  return {
    id,
    name: "Goblin Ambush on the Triboar Trail",
    kind: "combat",
    dmUserId: users.dm,
    isTest: false,
    participants: [
      {
        entityId: "pc1",
        sheet: fighter("Brenna", player(users, 0)),
        side: "party",
        position: { x: 2, y: 6 },
      },
      { entityId: "pc2", sheet: cleric("Tobin", player(users, 0)), side: "party", position: { x: 2, y: 8 } },
      { entityId: "pc3", sheet: rogue("Sable", player(users, 1)), side: "party", position: { x: 3, y: 7 } },
      { entityId: "pc4", sheet: wizard("Ilya", player(users, 2)), side: "party", position: { x: 1, y: 7 } },
      { entityId: "gob1", sheet: goblin("Goblin Cutter"), side: "enemy", position: { x: 10, y: 4 } },
      { entityId: "gob2", sheet: goblin("Goblin Sneak"), side: "enemy", position: { x: 11, y: 7 } },
      {
        entityId: "gob3",
        sheet: goblin("Goblin Lurker"),
        side: "enemy",
        position: { x: 8, y: 11 },
        hidden: true,
      },
      {
        entityId: "gob4",
        sheet: goblin("Goblin Stalker"),
        side: "enemy",
        position: { x: 9, y: 13 },
        hidden: true,
      },
      { entityId: "gob5", sheet: goblin("Goblin Archer"), side: "enemy", position: { x: 13, y: 2 } },
      { entityId: "gob6", sheet: goblin("Goblin Archer"), side: "enemy", position: { x: 13, y: 11 } },
      {
        entityId: "boss",
        sheet: goblinBoss("Grekk the Goblin Boss"),
        side: "enemy",
        position: { x: 12, y: 8 },
      },
    ],
    map: {
      width: 20,
      height: 15,
      // the ruin: x 15..19, y 0..6, door on its west wall
      blocked: [
        ...line(15, 15, 0, 2),
        ...line(15, 15, 4, 6),
        ...line(16, 19, 6, 6),
        { x: 5, y: 2 },
        { x: 6, y: 12 },
      ],
      difficult: [...line(6, 8, 5, 9), ...line(10, 11, 10, 12)],
      objects: [
        {
          id: "door",
          name: "ruin door",
          kind: "door",
          position: { x: 15, y: 3 },
          open: false,
          locked: true,
          keyTag: "ruin-key",
        },
        {
          id: "chest",
          name: "goblin strongbox",
          kind: "chest",
          position: { x: 18, y: 1 },
          open: false,
          locked: false,
          loot: [
            { id: "gold", name: "Pouch of 75 gp", type: "gear", value: 75 },
            {
              id: "greater-potion",
              name: "Potion of Greater Healing",
              type: "consumable",
              charges: 1,
              effect: { kind: "heal", amount: "4d4+4" },
              value: 150,
            },
          ],
        },
        {
          id: "snare",
          name: "snare trap",
          kind: "trap",
          position: { x: 5, y: 7 },
          armed: true,
          hidden: true,
          dc: 12,
          save: "dex",
          damage: "1d6",
        },
      ],
    },
  };
}
