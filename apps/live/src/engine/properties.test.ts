import fc from "fast-check";
import { applyPatches } from "immer";
import { describe, expect, it } from "vitest";
import { applyCommand } from "./apply";
import { enumerate } from "./bots/enumerate";
import { controllerOf } from "./bots/seat";
import type { Actor, Command } from "./commands";
import { createInteraction } from "./create";
import { EngineErrorCode } from "./errors";
import { isWall } from "./grid";
import { goblinAmbush, leverPuzzle, socialParley } from "./scenarios";
import type { InteractionSetup, MapObject } from "./setup";
import {
  LIMITS,
  OUT_OF_DRAFT_KEYS,
  recentLog,
  ROLLBACK_KEYS,
  SERVER_ONLY_KEYS,
  type InteractionState,
} from "./state";
import { eventsFor, filterPatches, viewFor } from "./view";

const DM: Actor = { userId: "user_demo_dm", role: "dm" };
const users = ["user_demo_p1", "user_demo_p2", "user_demo_p3"];
/** `setup` with the named objects hidden from the players (`reveal` shows them one at a time, `hide` hides them again). */
const hiding = (setup: InteractionSetup, ids: string[], more: MapObject[] = []): InteractionSetup => ({
  ...setup,
  map: {
    ...setup.map,
    objects: [...setup.map.objects, ...more].map((o) => (ids.includes(o.id) ? { ...o, hidden: true } : o)),
  },
});
const setups: InteractionSetup[] = [
  goblinAmbush(),
  leverPuzzle(),
  socialParley(),
  // a secret gate the rusty lever (and a second one by the party) opens and closes while it
  // stays hidden; a hidden lever and chest
  hiding(
    leverPuzzle(),
    ["gate", "silver", "vault-chest"],
    [
      {
        id: "iron",
        name: "iron lever",
        kind: "lever",
        position: { x: 3, y: 5 },
        on: false,
        toggles: ["gate"],
      },
    ],
  ),
  // the ruin's door and strongbox hidden, and a lever by the party that opens the secret door
  hiding(
    goblinAmbush(),
    ["door", "chest"],
    [
      {
        id: "ruin-lever",
        name: "ruin lever",
        kind: "lever",
        position: { x: 3, y: 5 },
        on: false,
        toggles: ["door"],
      },
    ],
  ),
];

/** Comparable game state: what rollback restores, minus the fresh timer it gives. */
const game = (s: InteractionState): unknown => {
  const g: Record<string, unknown> = {};
  for (const k of ROLLBACK_KEYS) g[k] = k === "turn" && s.turn ? { ...s.turn, deadline: undefined } : s[k];
  return JSON.parse(JSON.stringify(g)) as unknown;
};

/** Legal moves for whoever has the turn, plus flow, chat, presence and some deliberately wrong commands. */
function options(s: InteractionState, pick: number): { c: Command; actor: Actor; now?: number }[] {
  if (s.status === "lobby") return [{ c: { type: "start" }, actor: DM }];
  if (s.status === "paused") return [{ c: { type: "resume" }, actor: DM }];
  const out: { c: Command; actor: Actor; now?: number }[] = [];
  const t = s.turn;
  const e = t ? s.entities[t.entityId] : undefined;
  if (t && e) {
    const actor = controllerOf(s, e);
    for (const c of enumerate(s, e.id)) out.push({ c, actor });
    // now and then it works an object within reach if it can (a lever may move a secret door)
    if (pick % 7 === 0) {
      const works = out.filter((o) => o.c.type === "interactObject");
      if (works.length > 0) return works;
    }
    out.push({ c: { type: "skipTurn", turnId: t.id }, actor: DM });
    out.push({ c: { type: "backtrackTurn", turnId: t.id }, actor: DM });
    if (t.deadline !== undefined)
      out.push({ c: { type: "timeout", turnId: t.id }, actor: DM, now: t.deadline });
    // wrong on purpose: stale turn, someone else's entity, a non-DM running the flow
    out.push({ c: { type: "endTurn", turnId: t.id + 1, entityId: e.id }, actor });
    out.push({
      c: { type: "endTurn", turnId: t.id, entityId: e.id },
      actor: { userId: "intruder", role: "player" },
    });
    out.push({ c: { type: "skipTurn", turnId: t.id }, actor: { userId: users[0]!, role: "player" } });
  }
  const u = users[pick % users.length]!;
  const turnId = t?.id ?? null;
  out.push({ c: { type: "rollback", turnId }, actor: DM }, { c: { type: "redo", turnId }, actor: DM });
  // wrong on purpose: meant for a turn that has moved on
  out.push({ c: { type: "rollback", turnId: (turnId ?? 0) + 1 }, actor: DM });
  out.push({
    c: { type: "presence", userId: u, online: s.presence[u]?.online !== true },
    actor: { userId: u, role: "player" },
  });
  out.push({
    c: { type: "presence", userId: DM.userId, online: s.presence[DM.userId]?.online !== true },
    actor: DM,
  });
  out.push({ c: { type: "sendChat", channel: "party", text: "hi" }, actor: { userId: u, role: "player" } });
  const mine = Object.values(s.entities).find((x) => x.ownerUserId === u);
  if (mine)
    out.push({
      c: {
        type: "queueTurn",
        entityId: mine.id,
        steps: [{ kind: "action", actionId: mine.actions[0]!.id, targets: [] }],
      },
      actor: { userId: u, role: "player" },
    });
  // the DM shows something hidden (whoever has the turn too); a player may not
  const secret =
    Object.values(s.entities).find((x) => x.hidden) ?? Object.values(s.map.objects).find((o) => o.hidden);
  if (secret && pick % 5 === 0) out.push({ c: { type: "reveal", id: secret.id }, actor: DM });
  if (secret) out.push({ c: { type: "reveal", id: secret.id }, actor: { userId: u, role: "player" } });
  // now and then the DM shows a secret door, chest or lever (a hidden trap blocks nothing)
  const blocking = Object.values(s.map.objects).find((o) => o.hidden && o.kind !== "trap");
  if (blocking && pick % 13 === 1)
    return [{ c: { type: "reveal", id: blocking.id, of: "object" }, actor: DM }];
  // the DM hides something in view again (a player character: refused); a player may not
  const inView = [
    ...Object.values(s.entities).filter((x) => !x.hidden && x.kind !== "pc"),
    ...Object.values(s.map.objects).filter((o) => !o.hidden),
  ];
  const shown = inView[pick % Math.max(1, inView.length)];
  if (shown && pick % 5 === 1) out.push({ c: { type: "hide", id: shown.id }, actor: DM });
  if (shown) out.push({ c: { type: "hide", id: shown.id }, actor: { userId: u, role: "player" } });
  if (mine && pick % 11 === 0) out.push({ c: { type: "hide", id: mine.id, of: "entity" }, actor: DM });
  // now and then the DM hides a door, chest or lever in view (its cell reads as wall to players)
  const wall = Object.values(s.map.objects).find((o) => !o.hidden && o.kind !== "trap");
  if (wall && pick % 13 === 2) return [{ c: { type: "hide", id: wall.id, of: "object" }, actor: DM }];
  // the DM sets a parley NPC's attitude (sometimes to what it is: refused); a player may not
  const npc = Object.values(s.entities).find((x) => x.attitude !== undefined);
  if (npc && pick % 3 === 0)
    out.push({ c: { type: "setAttitude", entityId: npc.id, attitude: (pick % 7) - 3 }, actor: DM });
  if (npc)
    out.push({
      c: { type: "setAttitude", entityId: npc.id, attitude: 1 },
      actor: { userId: u, role: "player" },
    });
  if (pick % 17 === 0) out.push({ c: { type: "pause" }, actor: DM });
  return out;
}

const outOfDraft = new Set<string>(OUT_OF_DRAFT_KEYS);
const inDraft = (s: InteractionState): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) if (!outOfDraft.has(k)) out[k] = v;
  return out;
};
const deepFrozen = (v: unknown): boolean =>
  v === null || typeof v !== "object" || (Object.isFrozen(v) && Object.values(v).every(deepFrozen));

const codes = new Set<string>(Object.values(EngineErrorCode));

function checkInvariants(before: InteractionState, c: Command, actor: Actor, now: number): InteractionState {
  const r = applyCommand(before, c, { actor, now });
  if (!r.ok) {
    expect(codes.has(r.error.code)).toBe(true);
    expect(r.error.message.length).toBeGreaterThan(5);
    return before;
  }
  const after = r.state;
  expect(after.version).toBe(before.version + 1);
  // the patches give the new state, except the server-only keys kept out of the draft (no patch touches them)
  expect(inDraft(applyPatches(before, r.patches))).toEqual(inDraft(after));
  for (const p of r.patches) expect(outOfDraft.has(String(p.path[0]))).toBe(false);
  expect(deepFrozen(after)).toBe(true);
  // the recent log stays bounded, oldest first, and ends with the newest entry
  const recent = recentLog(after.log);
  expect(recent.length).toBeLessThanOrEqual(LIMITS.log + LIMITS.logChunk);
  expect(recent.length).toBeGreaterThanOrEqual(Math.min(after.seq.log, LIMITS.log));
  for (let i = 1; i < recent.length; i++) expect(recent[i]!.seq).toBe(recent[i - 1]!.seq + 1);
  if (recent.length > 0) expect(recent[recent.length - 1]!.seq).toBe(after.seq.log);
  for (const e of Object.values(after.entities)) {
    expect(e.hp).toBeGreaterThanOrEqual(0);
    expect(e.hp).toBeLessThanOrEqual(e.maxHp);
  }
  if (after.status === "active" || after.status === "awaiting_dm") {
    const someoneUp = Object.values(after.entities).some((e) => !e.defeated && !e.unconscious);
    if (someoneUp) expect(after.turn).not.toBeNull();
    if (after.turn) expect(after.order.some((o) => o.entityId === after.turn!.entityId)).toBe(true);
  }
  for (const aud of ["dm", "player"] as const) {
    const view = viewFor(after, aud);
    expect(applyPatches(viewFor(before, aud), filterPatches(r.patches, before, after, aud))).toEqual(view);
    for (const k of SERVER_ONLY_KEYS) expect(view).not.toHaveProperty(k);
    if (aud === "player") {
      const hidden = Object.values(after.entities).filter((e) => e.hidden);
      const seen = JSON.stringify({
        entities: view.entities,
        order: view.order,
        turn: view.turn, // resumeAfter included
        queued: view.queued,
        events: eventsFor(r.events, "player"),
      });
      // older entries may name one a rollback hid again: what players already read stays
      const added = recentLog(view.log)
        .filter((l) => l.seq > before.seq.log)
        .map((l) => l.text)
        .join("\n");
      // a name a creature in view also has (two Goblin Archers, one hidden) tells players nothing
      const named = new Set(Object.values(view.entities).map((e) => e.name));
      for (const e of hidden) {
        expect(seen).not.toContain(`"${e.id}"`);
        if (!named.has(e.name)) expect(added).not.toContain(e.name);
      }
      // a hidden object is not in the view, but where it blocks movement the view has a wall
      for (const o of Object.values(after.map.objects)) {
        expect(view.map.objects[o.id] === undefined).toBe(o.hidden === true);
        expect(isWall(view, o.position)).toBe(isWall(after, o.position));
      }
    }
  }
  if (c.type === "rollback") {
    const redone = applyCommand(after, { type: "redo", turnId: after.turn?.id ?? null }, { actor: DM, now });
    expect(redone.ok).toBe(true);
    if (redone.ok) expect(game(redone.state)).toEqual(game(before));
  }
  return after;
}

describe("properties over random command sequences", () => {
  it("hold for every accepted or rejected command", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: setups.length - 1 }),
        fc.integer(),
        fc.array(fc.nat(), { minLength: 5, maxLength: 45 }),
        (which, seed, picks) => {
          let s = createInteraction(setups[which]!, { seed, now: 0 });
          let now = 0;
          for (const pick of picks) {
            if (s.status === "completed") break;
            const opts = options(s, pick);
            const o = opts[pick % opts.length]!;
            now = Math.max(now + 1_000, o.now ?? 0);
            s = checkInvariants(s, o.c, o.actor, now);
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 180_000);
});
