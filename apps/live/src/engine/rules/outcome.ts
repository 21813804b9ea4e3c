import { isActive } from "../grid";
import type { InteractionState, Results } from "../state";

export type Winner = "party" | "enemy";

/**
 * Who has won, if anyone: a side with nobody standing loses; in a parley every neutral NPC
 * won over is a party win and one turned hostile a loss; in a puzzle every chest opened wins.
 */
export function winner(s: Pick<InteractionState, "kind" | "entities" | "map">): Winner | null {
  const all = Object.values(s.entities);
  const party = all.filter((e) => e.side === "party");
  const enemies = all.filter((e) => e.side === "enemy");
  if (party.length > 0 && !party.some(isActive)) return "enemy";
  if (s.kind === "combat" && enemies.length > 0 && !enemies.some(isActive)) return "party";
  if (s.kind === "social") {
    const npcs = all.filter((e) => e.attitude !== undefined);
    if (npcs.some((e) => e.attitude === -3)) return "enemy";
    if (npcs.length > 0 && npcs.every((e) => e.attitude === 3)) return "party";
  }
  if (s.kind === "puzzle") {
    const chests = Object.values(s.map.objects).filter((o) => o.kind === "chest");
    if (chests.length > 0 && chests.every((c) => c.kind === "chest" && c.open)) return "party";
  }
  return null;
}

/**
 * XP from defeated foes shared equally among the PCs, and the loot they took. A foe still hidden
 * from the party counts for nothing: players see their XP, and a share larger than the foes they
 * saw fall would tell them of one they never saw. The DM reveals it to count it (the log says so).
 */
export function computeResults(
  s: Pick<InteractionState, "kind" | "entities" | "map" | "loot" | "round">,
  now: number,
): Results {
  const all = Object.values(s.entities);
  const pcs = all.filter((e) => e.kind === "pc");
  const pool = all.filter((e) => e.side !== "party" && e.defeated && !e.hidden).reduce((n, e) => n + e.xp, 0);
  const share = pcs.length ? Math.floor(pool / pcs.length) : 0;
  return {
    winner: winner(s) ?? "none",
    xp: Object.fromEntries(pcs.map((p) => [p.id, share])),
    loot: s.loot.map((l) => ({ entityId: l.entityId, item: l.item })),
    endedAt: now,
    rounds: s.round,
  };
}
