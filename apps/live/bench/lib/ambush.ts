// The goblin ambush as the peers (Colyseus, naive JSON) play it: the same entities as the
// engine's fixture (4 PCs vs 6 goblins and a boss on a 20×15 map with a door, a chest and
// difficult terrain) and the same three moves every turn — step one cell, attack, end the
// turn. Rules are deliberately minimal: the peers are measured on transport and sync, so
// each command changes what the engine's would (a position, HP, the turn) and no more.

export interface PeerEntity {
  id: string;
  name: string;
  kind: "pc" | "monster";
  owner: string;
  hp: number;
  maxHp: number;
  ac: number;
  speed: number;
  x: number;
  y: number;
  defeated: boolean;
}

export interface PeerTurn {
  entityId: string;
  round: number;
  action: boolean;
  bonus: boolean;
  movement: number;
  reaction: boolean;
}

export interface PeerState {
  version: number;
  entities: Record<string, PeerEntity>;
  order: string[];
  turn: PeerTurn;
  doorOpen: boolean;
  chestOpen: boolean;
}

export type PeerCommand =
  | { kind: "move"; entityId: string; to: [number, number] }
  | { kind: "attack"; entityId: string; targetId: string }
  | { kind: "endTurn"; entityId: string };

export const MAP = { width: 20, height: 15 } as const;
export const DM_USER = "user_dm";
export const playerUser = (i: number): string => `user_p${i}`;

const pc = (
  id: string,
  name: string,
  i: number,
  hp: number,
  ac: number,
  x: number,
  y: number,
): PeerEntity => ({
  id,
  name,
  kind: "pc",
  owner: playerUser(i),
  hp,
  maxHp: hp,
  ac,
  speed: 30,
  x,
  y,
  defeated: false,
});
const monster = (id: string, name: string, hp: number, ac: number, x: number, y: number): PeerEntity => ({
  id,
  name,
  kind: "monster",
  owner: DM_USER,
  hp,
  maxHp: hp,
  ac,
  speed: 30,
  x,
  y,
  defeated: false,
});

export function initialAmbush(): PeerState {
  const list = [
    pc("pc-fighter", "Fighter", 1, 44, 18, 2, 6),
    pc("pc-cleric", "Cleric", 2, 38, 16, 2, 8),
    pc("pc-rogue", "Rogue", 3, 31, 15, 3, 7),
    pc("pc-wizard", "Wizard", 4, 24, 12, 1, 7),
    monster("goblin-1", "Goblin 1", 7, 15, 14, 3),
    monster("goblin-2", "Goblin 2", 7, 15, 15, 5),
    monster("goblin-3", "Goblin 3", 7, 15, 14, 9),
    monster("goblin-4", "Goblin 4", 7, 15, 16, 11),
    monster("goblin-5", "Goblin 5", 7, 15, 17, 4),
    monster("goblin-6", "Goblin 6", 7, 15, 17, 10),
    monster("boss", "Goblin Boss", 21, 17, 18, 7),
  ];
  const entities = Object.fromEntries(list.map((e) => [e.id, e]));
  const order = list.map((e) => e.id);
  return {
    version: 0,
    entities,
    order,
    turn: freshTurn(order[0] ?? "", 1),
    doorOpen: false,
    chestOpen: false,
  };
}

function freshTurn(entityId: string, round: number): PeerTurn {
  return { entityId, round, action: true, bonus: true, movement: 30, reaction: true };
}

/** What the owner of the current turn does next: move, then attack, then end the turn. */
export function nextCommand(state: PeerState): PeerCommand {
  const me = state.entities[state.turn.entityId];
  if (!me) throw new Error(`no entity ${state.turn.entityId}`);
  if (state.turn.movement === me.speed) {
    // Step one cell sideways, alternating by round, so positions stay on the map.
    const dx = state.turn.round % 2 === 0 ? -1 : 1;
    return { kind: "move", entityId: me.id, to: [me.x + dx, me.y] };
  }
  if (state.turn.action) {
    const target = state.order
      .map((id) => state.entities[id])
      .find((e) => e && e.kind !== me.kind && !e.defeated);
    return { kind: "attack", entityId: me.id, targetId: target?.id ?? me.id };
  }
  return { kind: "endTurn", entityId: me.id };
}

/** Mutates any object shaped like PeerState (a plain object or a Colyseus schema). */
export interface MutableView {
  version: number;
  turn: PeerTurn;
  entity(id: string): PeerEntity | undefined;
  order: readonly string[];
}

export function applyPeerCommand(s: MutableView, cmd: PeerCommand, actorUser: string): boolean {
  const me = s.entity(cmd.entityId);
  if (!me || s.turn.entityId !== cmd.entityId || me.owner !== actorUser) return false;
  if (cmd.kind === "move") {
    const [x, y] = cmd.to;
    if (s.turn.movement < 5 || x < 0 || y < 0 || x >= MAP.width || y >= MAP.height) return false;
    me.x = x;
    me.y = y;
    s.turn.movement -= 5;
  } else if (cmd.kind === "attack") {
    const target = s.entity(cmd.targetId);
    if (!s.turn.action || !target) return false;
    // Fixed damage that heals back at zero: the fight never ends, so load stays steady.
    target.hp = target.hp > 3 ? target.hp - 3 : target.maxHp;
    s.turn.action = false;
  } else {
    const i = s.order.indexOf(cmd.entityId);
    const next = (i + 1) % s.order.length;
    s.turn.entityId = s.order[next] ?? "";
    if (next === 0) s.turn.round += 1;
    s.turn.action = true;
    s.turn.bonus = true;
    s.turn.movement = 30;
    s.turn.reaction = true;
  }
  s.version += 1;
  return true;
}

export const plainView = (s: PeerState): MutableView => ({
  get version() {
    return s.version;
  },
  set version(v) {
    s.version = v;
  },
  get turn() {
    return s.turn;
  },
  get order() {
    return s.order;
  },
  entity: (id) => s.entities[id],
});

/** Which of a room's 5 seats (0 = DM, 1–4 = players) owns the current turn. */
export function seatFor(state: PeerState): number {
  const owner = state.entities[state.turn.entityId]?.owner ?? DM_USER;
  return owner === DM_USER ? 0 : Number(owner.slice("user_p".length));
}
