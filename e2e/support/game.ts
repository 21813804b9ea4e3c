import type { LiveApi } from "./live-api";

type Sync = Awaited<ReturnType<LiveApi["client"]["interaction"]["state"]["query"]>>;
type View = {
  status: string;
  round: number | null;
  order: { entityId: string; initiative: number }[];
  turn: { id: number; entityId: string } | null;
  entities: Record<string, { name: string; hp: number; position: { x: number; y: number } }>;
};

function viewOf(sync: Sync): View {
  return sync.view as View;
}

/** What the players play on: the parts of the state a pause or a restart must not change. */
export function gameOf(sync: Sync) {
  const v = viewOf(sync);
  return {
    status: v.status,
    round: v.round,
    order: v.order,
    turn: v.turn && { id: v.turn.id, entityId: v.turn.entityId },
    entities: Object.fromEntries(
      Object.entries(v.entities).map(([id, e]) => [id, { hp: e.hp, position: e.position }]),
    ),
    chat: sync.chat.map((m) => ({ ...m })),
  };
}
