// The bench's bot at a Roundtable table: the same three moves as the peers play (step one
// cell toward the nearest enemy, attack if one is in reach, end the turn), decided from the
// DM seat's view as the client rebuilds it from `sync` and `delta` events.
import { type WirePatches, decodePatches } from "../../src/room/patchCodec";
import type { Command, Entity, ViewState } from "../../src/engine";
import { distanceFeet, inBounds, isActive, isWall, occupant } from "../../src/engine/grid";
import type { Brain } from "../lib/peer";
import { applyPatchesInPlace } from "./patchInPlace";

type LiveEventLike = { type: string; view?: unknown; p?: WirePatches };

const NEIGHBOURS = [
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
  [1, 1],
  [1, -1],
  [-1, 1],
  [-1, -1],
] as const;

export interface RoundtableSeats {
  /** Seat of the user who controls `e` (0 = DM). */
  seatOf(e: Entity, view: ViewState): number;
}

export function roundtableBrain(seats: RoundtableSeats): Brain {
  let view: ViewState | undefined;
  /**
   * The DM seat's deltas not applied to `view` yet. One load process holds the whole table, so
   * applying them on arrival would hold back the other seats' frames of the same command and
   * charge the bot's bookkeeping to the measured latency; they are applied once the command has
   * reached every seat (`done`), as the peers' bot does its work, or when the bot next plays.
   */
  const unapplied: WirePatches[] = [];
  const catchUp = () => {
    // In place: the bot owns its view (see applyPatchesInPlace).
    for (const p of unapplied) if (view) view = applyPatchesInPlace(view, decodePatches(p));
    unapplied.length = 0;
  };
  let moveFailed = -1;
  let lastTurn = -1;
  return {
    observe(seat, _version, raw) {
      if (seat !== 0) return;
      const ev = raw as LiveEventLike;
      if (ev.type === "sync") {
        view = ev.view as ViewState;
        unapplied.length = 0;
      } else if (ev.type === "delta" && view && ev.p) unapplied.push(ev.p);
    },
    next() {
      catchUp();
      const v = view;
      const turn = v?.turn;
      const me = v && turn?.entityId ? v.entities[turn.entityId] : undefined;
      if (!v || !turn || !me) throw new Error(`no turn to play (status ${v?.status ?? "no view"})`);
      const seat = seats.seatOf(me, v);
      const base = { turnId: turn.id, entityId: me.id };
      if (turn.id !== lastTurn) lastTurn = turn.id;
      const enemies = Object.values(v.entities).filter(
        (o) => isActive(o) && o.side !== me.side && o.side !== "neutral",
      );
      if (!turn.moved && moveFailed !== turn.id && enemies.length) {
        const nearest = (x: number, y: number) =>
          Math.min(...enemies.map((o) => distanceFeet({ x, y }, o.position)));
        const cells = NEIGHBOURS.map(([dx, dy]) => ({ x: me.position.x + dx, y: me.position.y + dy }))
          .filter(
            (p) =>
              inBounds(v.map, p) &&
              !isWall(v, p) &&
              !occupant(v, p) &&
              !v.map.difficult.some((d) => d.x === p.x && d.y === p.y),
          )
          .sort((a, b) => nearest(a.x, a.y) - nearest(b.x, b.y));
        const to = cells[0];
        if (to) return { seat, cmd: { type: "moveEntity", ...base, path: [to] } satisfies Command };
      }
      if (!turn.actionUsed) {
        for (const a of me.actions) {
          if (a.kind !== "attack") continue;
          const target = enemies.find((o) => distanceFeet(me.position, o.position) <= a.range);
          if (target)
            return {
              seat,
              cmd: { type: "takeTurn", ...base, actionId: a.id, targets: [target.id] } satisfies Command,
            };
        }
      }
      return { seat, cmd: { type: "endTurn", ...base } satisfies Command };
    },
    done: catchUp,
    rejected(cmd) {
      // A refused step (rules this bot does not model) is not retried this turn.
      const c = cmd as Command;
      if (c.type === "moveEntity") moveFailed = c.turnId;
    },
  };
}
