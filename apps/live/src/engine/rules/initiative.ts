import type { InitiativeEntry, InteractionState } from "../state";

/** Highest first; ties go to the higher DEX, then to the entity id, so the order is deterministic. */
export function sortOrder(
  order: InitiativeEntry[],
  s: Pick<InteractionState, "entities">,
): InitiativeEntry[] {
  const dex = (id: string) => s.entities[id]?.abilities.dex ?? 0;
  return [...order].sort(
    (a, b) =>
      b.initiative - a.initiative ||
      dex(b.entityId) - dex(a.entityId) ||
      (a.entityId < b.entityId ? -1 : a.entityId > b.entityId ? 1 : 0),
  );
}

/**
 * The order of round `round`, just begun: the initiative changes made during the last one take
 * effect (null when there were none), each entry marked with the round it began in.
 */
export function settlePendingInitiative(
  order: readonly InitiativeEntry[],
  s: Pick<InteractionState, "entities">,
  round: number,
): InitiativeEntry[] | null {
  if (!order.some((o) => o.next !== undefined)) return null;
  return sortOrder(
    order.map((o) => ({ entityId: o.entityId, initiative: o.next ?? o.initiative, since: round })),
    s,
  );
}
