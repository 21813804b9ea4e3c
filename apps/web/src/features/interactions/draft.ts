import {
  blocksCell,
  GameMap,
  objectWhat,
  Name,
  Position,
  type InteractionKind,
  type Side,
  visible,
} from "@roundtable/live/engine";
import type { Id } from "../../../../../convex/_generated/dataModel";
// The same pure rules the server applies (no Convex runtime beyond its error class).
import { chestOutOfReach, mapOverBudget, NO_ENEMY } from "../../../../../convex/checks";
import { fieldErrors, pathKey, type FieldErrors } from "../../lib/form-errors";
import { cellKey, emptyMap } from "./map-model";

export type ParticipantDraft = {
  /** Client-side key for lists; the server assigns entity ids. */
  key: string;
  entityId?: string;
  characterId: Id<"characters">;
  side: Side;
  position: Position;
  hidden?: boolean;
};

export type InteractionDraft = {
  name: string;
  kind: InteractionKind;
  participants: ParticipantDraft[];
  map: GameMap;
  /** Admin test mode: bots may play the seats (admins only). */
  isTest: boolean;
};

/** A character the DM may seat: their own NPCs/monsters and players' PCs. */
export type Candidate = {
  characterId: Id<"characters">;
  name: string;
  kind: "pc" | "npc" | "monster";
  /** Who it belongs to, for grouping in the picker ("Your NPCs and monsters", "Aria's characters"). */
  group: string;
};

export function emptyDraft(): InteractionDraft {
  return { name: "", kind: "combat", participants: [], map: emptyMap(), isTest: false };
}

export const defaultSide: Record<Candidate["kind"], Side> = { pc: "party", npc: "neutral", monster: "enemy" };

/**
 * The checks the server makes before saving (engine schemas for name and map, objects on the
 * map, and the seat rules: on the map, not on a blocked cell, one per cell), so mistakes show
 * beside the field. Then what would leave the party stuck once live, as Convex's checkWinnable
 * refuses it: never a hidden PC (its player could not see it to play it), though any map
 * object may be hidden (the party cannot see or use it until it is revealed: a trap when found
 * or set off, any object when the DM reveals it in play, so a hidden chest still counts); a puzzle
 * is won when every chest is open, so it needs one, a locked one needs a key tag or a lever
 * wired to it (a keyless lock opens to no one by hand), and someone seated (any participant,
 * the DM's creatures included: whoever opens a chest counts) must be able to get to each one
 * and open it (chestOutOfReach, shared with the server: shown beside the map); a
 * combat is won when every creature on the enemy side is down, so it needs one; a social
 * scene is won when every neutral NPC is won over, so it needs one. Of Convex's size budget
 * (checkBudget: map and seated sheets together, so the game can always be saved once live)
 * only the map's part is checked here: candidates carry no sheets, so a draft over it with its
 * characters is refused by the server, whose message shows in the form's "Not saved" alert.
 * `candidates` name each seat's kind (PC, NPC or monster).
 */
export function validateDraft(draft: InteractionDraft, candidates: readonly Candidate[]): FieldErrors {
  const errors: FieldErrors = {};
  const kinds = new Map(candidates.map((c) => [c.characterId as string, c.kind]));
  // The name is sent trimmed, so a name of only spaces is empty.
  const name = Name.safeParse(draft.name.trim());
  if (!name.success) Object.assign(errors, prefixed(fieldErrors(name.error), "name"));
  const map = GameMap.safeParse(draft.map);
  if (!map.success) Object.assign(errors, prefixed(fieldErrors(map.error), "map"));
  const wired = new Set(draft.map.objects.flatMap((o) => (o.kind === "lever" ? o.toggles : [])));
  // Shrinking the map keeps objects (see resizeMap); flag those left outside in their rows.
  const blocked = new Set(draft.map.blocked.map(cellKey));
  draft.map.objects.forEach((o, i) => {
    if (o.position.x >= draft.map.width || o.position.y >= draft.map.height)
      errors[pathKey(["map", "objects", i, "position"])] ??=
        "Outside the map: remove it or make the map larger";
    // As the engine's setup: a wall under a door keeps it shut even open, and no one steps onto
    // a trap in one (a chest or lever blocks its cell anyway: one on a wall is fine).
    else if ((o.kind === "door" || o.kind === "trap") && blocked.has(cellKey(o.position)))
      errors[pathKey(["map", "objects", i, "position"])] ??=
        `On a blocked cell at (${o.position.x}, ${o.position.y}): ${o.kind === "door" ? "no one could ever pass it" : "no one could ever set it off"}. Clear the cell or move it.`;
    // Names of only spaces: the engine's setup refuses them (its map schema alone does not).
    if (!visible(o.name)) errors[pathKey(["map", "objects", i, "name"])] ??= "Required";
    if (o.kind === "chest")
      o.loot.forEach((it, j) => {
        if (!visible(it.name)) errors[pathKey(["map", "objects", i, "loot", j, "name"])] ??= "Required";
      });
    // Every chest must open for a puzzle to be won; a keyless lock opens only by a lever's pull.
    if (draft.kind === "puzzle" && o.kind === "chest" && o.locked && !o.open && !o.keyTag && !wired.has(o.id))
      errors[pathKey(["map", "objects", i, "keyTag"])] ??=
        "Locked with no key tag and no lever that unlocks it: the party could never open it. Give it a key tag or wire a lever to it.";
  });
  if (draft.kind === "puzzle" && !draft.map.objects.some((o) => o.kind === "chest"))
    errors[pathKey(["map", "objects"])] ??=
      "A puzzle needs at least one chest: it is won when every chest is open.";
  // where no one can stand besides a blocked cell: a closed door, a chest or a lever (the
  // engine's blocksCell); an open door is a doorway and a trap is stepped on
  const solid = new Map<string, string>();
  for (const o of draft.map.objects)
    if (blocksCell(o))
      // the first one on a cell, as the engine's setup and Convex's checks name it
      if (!solid.has(cellKey(o.position))) solid.set(cellKey(o.position), `the ${o.name} (${objectWhat(o)})`);
  const seen = new Set<string>();
  draft.participants.forEach((p, i) => {
    const key = pathKey(["participants", i, "position"]);
    const cell = cellKey(p.position);
    if (!Position.safeParse(p.position).success)
      errors[key] ??= "Column and row must be whole numbers, 0 or more";
    else if (p.position.x >= draft.map.width || p.position.y >= draft.map.height)
      errors[key] ??= "Outside the map";
    else if (blocked.has(cell)) errors[key] ??= "On a blocked cell";
    else if (solid.has(cell))
      errors[key] ??=
        `On ${solid.get(cell)} at (${p.position.x}, ${p.position.y}): no one can stand there. Move them or the object.`;
    else if (seen.has(cell)) errors[key] ??= "Another participant is already here";
    seen.add(cell);
    // The editor offers Hidden on NPCs and monsters only; an older draft may still hide a PC.
    if (p.hidden && kinds.get(p.characterId) === "pc")
      errors[pathKey(["participants", i, "hidden"])] ??=
        "A player character cannot be hidden: its player would never see it to play it. Untick Hidden.";
  });
  if (draft.participants.length > 40) errors.participants = "At most 40 participants";
  else if (
    draft.kind === "social" &&
    !draft.participants.some((p) => p.side === "neutral" && kinds.get(p.characterId) === "npc")
  )
    errors.participants =
      "A social scene needs at least one neutral NPC to win over (an NPC on the Neutral side): the party wins when every one is won over.";
  else if (draft.kind === "combat" && !draft.participants.some((p) => p.side === "enemy"))
    errors.participants = `${NO_ENEMY}. Add a monster or set someone's side to Enemy.`;
  if (draft.kind === "puzzle") {
    const stuck = chestOutOfReach(draft.map, draft.participants);
    if (stuck) errors.map ??= `${stuck.message}. ${stuck.fix}`;
  }
  const tooBig = mapOverBudget(draft.map);
  if (tooBig) errors.map ??= tooBig;
  return errors;
}

function prefixed(errors: FieldErrors, prefix: string): FieldErrors {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k ? `${prefix}.${k}` : prefix, v]));
}

/** What the Convex mutations take. */
export function toMutationArgs(draft: InteractionDraft, { admin }: { admin: boolean }) {
  return {
    // Only admins send the test flag (the server refuses `true` from anyone else).
    ...(admin ? { isTest: draft.isTest } : {}),
    name: draft.name.trim(),
    kind: draft.kind,
    map: draft.map,
    participants: draft.participants.map((p) => ({
      ...(p.entityId ? { entityId: p.entityId } : {}),
      characterId: p.characterId,
      side: p.side,
      position: p.position,
      ...(p.hidden ? { hidden: true } : {}),
    })),
  };
}
