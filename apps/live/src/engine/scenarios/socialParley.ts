import type { CharacterSheet, InteractionSetup } from "../setup";
import { cleric, rogue, wizard } from "./sheets";
import { demoUsers, player, type ScenarioUsers } from "./users";

const npc = (name: string, cha: number): CharacterSheet => ({
  name,
  kind: "npc",
  level: 2,
  xp: 100,
  maxHp: 18,
  ac: 13,
  speed: 30,
  abilities: { str: 1, dex: 1, con: 1, int: 1, wis: 2, cha },
  inventory: [],
  actions: [{ id: "dodge", name: "Dodge", kind: "dodge" }],
});

/** Three PCs talk their way past a bandit chief and her lieutenant at a toll bridge (ability checks against DCs). */
export function socialParley(users: ScenarioUsers = demoUsers, id = "social-parley"): InteractionSetup {
  return {
    id,
    name: "Parley at the Toll Bridge",
    kind: "social",
    dmUserId: users.dm,
    isTest: false,
    participants: [
      { entityId: "pc1", sheet: rogue("Sable", player(users, 0)), side: "party", position: { x: 2, y: 3 } },
      { entityId: "pc2", sheet: cleric("Tobin", player(users, 1)), side: "party", position: { x: 2, y: 5 } },
      { entityId: "pc3", sheet: wizard("Ilya", player(users, 2)), side: "party", position: { x: 1, y: 4 } },
      {
        entityId: "chief",
        sheet: npc("Mara Vell, bandit chief", 3),
        side: "neutral",
        position: { x: 8, y: 4 },
      },
      {
        entityId: "lieutenant",
        sheet: npc("Oskar the lieutenant", 0),
        side: "neutral",
        position: { x: 9, y: 3 },
      },
    ],
    map: {
      width: 12,
      height: 8,
      blocked: [
        { x: 5, y: 0 },
        { x: 6, y: 0 },
        { x: 5, y: 7 },
        { x: 6, y: 7 },
      ],
      difficult: [],
      objects: [],
    },
  };
}
