import type { TurnView, ViewState } from "@roundtable/live/engine";
import type { Announcement, SeatRole } from "./live-store";

/** Whether this seat plays the entity: players their own PCs, the DM the rest, admins anyone in a test. */
export function controlsEntity(
  view: Pick<ViewState, "isTest" | "entities">,
  userId: string | null,
  role: SeatRole | null,
  entityId: string | null,
): boolean {
  const e = entityId ? view.entities[entityId] : undefined;
  if (!e || !userId || !role) return false;
  if (role === "admin") return view.isTest;
  if (e.kind === "pc") return e.ownerUserId === userId;
  return role === "dm";
}

/** What the aria-live region says when the turn changes; "your turn" is urgent. */
export function announceTurn(
  view: ViewState,
  userId: string | null,
  role: SeatRole | null,
  round: number,
  turn: TurnView | null,
  id: number,
): Announcement {
  if (!turn) return { id, text: `Round ${round}: no one's turn.`, urgent: false };
  const e = turn.entityId ? view.entities[turn.entityId] : undefined;
  const who = e?.name ?? "an unseen creature";
  const makeUp = turn.makeUpFor !== undefined ? " (make-up turn)" : "";
  if (controlsEntity(view, userId, role, turn.entityId)) {
    const yours = role === "player" ? `Your turn: ${who}${makeUp}.` : `Your turn to run ${who}${makeUp}.`;
    return { id, text: `Round ${round}. ${yours}`, urgent: role === "player" };
  }
  return { id, text: `Round ${round}: ${who}'s turn${makeUp}.`, urgent: false };
}
