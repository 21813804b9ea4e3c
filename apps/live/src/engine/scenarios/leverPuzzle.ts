import type { InteractionSetup, Position } from "../setup";
import { fighter, rogue, wizard } from "./sheets";
import { demoUsers, player, type ScenarioUsers } from "./users";

const wall = (x: number, gapY: number, height: number): Position[] =>
  Array.from({ length: height }, (_, y) => ({ x, y })).filter((p) => p.y !== gapY);

/**
 * Three PCs must reach a vault: the rusty lever opens the gate, the silver lever beyond it
 * opens the vault; a bronze lever disarms the hidden trap between them.
 */
export function leverPuzzle(users: ScenarioUsers = demoUsers, id = "lever-puzzle"): InteractionSetup {
  return {
    id,
    name: "The Sealed Vault",
    kind: "puzzle",
    dmUserId: users.dm,
    isTest: false,
    participants: [
      {
        entityId: "pc1",
        sheet: fighter("Brenna", player(users, 0)),
        side: "party",
        position: { x: 2, y: 4 },
      },
      { entityId: "pc2", sheet: rogue("Sable", player(users, 1)), side: "party", position: { x: 2, y: 5 } },
      { entityId: "pc3", sheet: wizard("Ilya", player(users, 2)), side: "party", position: { x: 1, y: 3 } },
    ],
    map: {
      width: 12,
      height: 9,
      blocked: [...wall(4, 4, 9), ...wall(8, 4, 9)],
      difficult: [
        { x: 6, y: 6 },
        { x: 6, y: 7 },
        { x: 7, y: 6 },
      ],
      objects: [
        { id: "gate", name: "iron gate", kind: "door", position: { x: 4, y: 4 }, open: false, locked: true },
        {
          id: "vault",
          name: "vault door",
          kind: "door",
          position: { x: 8, y: 4 },
          open: false,
          locked: true,
        },
        {
          id: "rusty",
          name: "rusty lever",
          kind: "lever",
          position: { x: 1, y: 0 },
          on: false,
          toggles: ["gate"],
        },
        {
          id: "bronze",
          name: "bronze lever",
          kind: "lever",
          position: { x: 0, y: 8 },
          on: false,
          toggles: ["dart-trap"],
        },
        {
          id: "silver",
          name: "silver lever",
          kind: "lever",
          position: { x: 6, y: 0 },
          on: false,
          toggles: ["vault"],
        },
        {
          id: "dart-trap",
          name: "dart trap",
          kind: "trap",
          position: { x: 5, y: 4 },
          armed: true,
          hidden: true,
          dc: 13,
          save: "dex",
          damage: "2d4",
        },
        {
          id: "vault-chest",
          name: "vault chest",
          kind: "chest",
          position: { x: 10, y: 4 },
          open: false,
          locked: false,
          loot: [{ id: "circlet", name: "Sapphire Circlet", type: "gear", value: 500 }],
        },
      ],
    },
  };
}
