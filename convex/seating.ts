import type { Doc, Id } from "./_generated/dataModel";
import type { MutationCtx } from "./_generated/server";
import { checkSeats } from "./checks";
import { appError } from "./errors";
import type { GameMap, ParticipantInput, StoredParticipant } from "./validators";

/**
 * Resolves the DM's participant list: every character exists; NPCs and monsters are the
 * DM's own; a PC sits at most once (NPCs and monsters may repeat, e.g. three goblins from
 * one stat block); entity ids default to the character id, `:2`, `:3`… for repeats.
 */
export async function resolveParticipants(
  ctx: MutationCtx,
  dmId: Id<"users">,
  inputs: ParticipantInput[],
  map: GameMap,
): Promise<StoredParticipant[]> {
  const characters = new Map<Id<"characters">, Doc<"characters">>();
  const repeats = new Map<Id<"characters">, number>();
  const out: StoredParticipant[] = [];
  for (const [i, p] of inputs.entries()) {
    const path = `participants[${i}]`;
    let character = characters.get(p.characterId);
    if (character === undefined) {
      const loaded = await ctx.db.get(p.characterId);
      if (loaded === null) throw appError("not_found", `${path}.characterId: no such character`);
      character = loaded;
      characters.set(p.characterId, character);
    }
    if (character.kind !== "pc" && character.ownerId !== dmId) {
      throw appError("forbidden", `${path}: ${character.name} is another DM's ${character.kind}`);
    }
    const n = (repeats.get(p.characterId) ?? 0) + 1;
    repeats.set(p.characterId, n);
    if (character.kind === "pc" && n > 1)
      throw appError("invalid", `${path}: ${character.name} is already seated`);
    out.push({
      entityId: p.entityId ?? (n === 1 ? p.characterId : `${p.characterId}:${n}`),
      characterId: p.characterId,
      side: p.side,
      position: p.position,
      ...(p.hidden === undefined ? {} : { hidden: p.hidden }),
    });
  }
  checkSeats(out, map);
  return out;
}

/** Rewrites the seats index rows of one interaction to match its participants. */
export async function writeSeats(
  ctx: MutationCtx,
  interactionId: Id<"interactions">,
  participants: StoredParticipant[],
): Promise<void> {
  const old = await ctx.db
    .query("seats")
    .withIndex("by_interaction", (q) => q.eq("interactionId", interactionId))
    .collect();
  for (const seat of old) await ctx.db.delete(seat._id);
  const seen = new Set<Id<"characters">>();
  for (const p of participants) {
    if (seen.has(p.characterId)) continue;
    seen.add(p.characterId);
    const character = await ctx.db.get(p.characterId);
    if (character !== null) {
      await ctx.db.insert("seats", { interactionId, characterId: p.characterId, ownerId: character.ownerId });
    }
  }
}
