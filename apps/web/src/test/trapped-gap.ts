import { createInteraction, goblinAmbush, type MapObject } from "@roundtable/live/engine";
import { produce } from "immer";

/**
 * The goblin ambush (in the lobby) with a wall down column 5 (rows 0 to 4) whose one gap, at
 * (5,2), holds the snare trap, in the open unless `snare.hidden`; Brenna (pc1) stands west of
 * the gap at (4,2). Straight through the gap to (6,2) is 10 ft; round the wall's south end, 30 ft.
 * `more` adds objects (e.g. a second trap).
 */
export function trappedGap(snare: { armed?: boolean; hidden?: boolean } = {}, more: MapObject[] = []) {
  return produce(createInteraction(goblinAmbush(), { seed: 7, now: 1_000_000 }), (s) => {
    s.entities.pc1!.position = { x: 4, y: 2 };
    s.map.blocked = [0, 1, 3, 4].map((y) => ({ x: 5, y }));
    s.map.difficult = [];
    const trap = { id: "snare", name: "snare trap", kind: "trap", position: { x: 5, y: 2 } } as const;
    s.map.objects = { snare: { ...trap, armed: true, dc: 12, save: "dex", damage: "1d6", ...snare } };
    for (const o of more) s.map.objects[o.id] = o;
  });
}
