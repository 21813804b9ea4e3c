import { freeze } from "immer";
import { seedState } from "./rng";
import { InteractionSetup } from "./setup";
import type { Entity, InteractionState, MapState } from "./state";

export class InvalidSetupError extends Error {
  constructor(readonly issues: { path: string; message: string }[]) {
    super(
      `Invalid interaction setup: ${issues.map((i) => `${i.path || "(root)"}: ${i.message}`).join("; ")}`,
    );
    this.name = "InvalidSetupError";
  }
}

export interface CreateOptions {
  seed: number;
  now: number;
  /** A player's turn length (config `turnTimeoutMs`); 90 s by default. */
  turnTimeoutMs?: number;
}

/** A new interaction in the lobby. Throws `InvalidSetupError` (naming every problem) on bad setup. */
export function createInteraction(input: InteractionSetup, opts: CreateOptions): InteractionState {
  const parsed = InteractionSetup.safeParse(input);
  if (!parsed.success)
    throw new InvalidSetupError(
      parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  const setup = parsed.data;
  const entities: Record<string, Entity> = {};
  for (const p of setup.participants) {
    const sh = p.sheet;
    entities[p.entityId] = {
      id: p.entityId,
      name: sh.name,
      kind: sh.kind,
      side: p.side,
      ...(sh.ownerUserId ? { ownerUserId: sh.ownerUserId } : {}),
      level: sh.level,
      xp: sh.xp,
      hp: sh.maxHp,
      maxHp: sh.maxHp,
      tempHp: 0,
      ac: sh.ac,
      speed: sh.speed,
      abilities: sh.abilities,
      position: p.position,
      conditions: [],
      inventory: sh.inventory,
      actions: sh.actions,
      usesLeft: Object.fromEntries(
        sh.actions.filter((a) => a.uses !== undefined).map((a) => [a.id, a.uses ?? 0]),
      ),
      defeated: false,
      unconscious: false,
      hidden: p.hidden ?? false,
      ...(p.side === "neutral" && sh.kind === "npc" && setup.kind === "social" ? { attitude: 0 } : {}),
    };
  }
  const map: MapState = {
    width: setup.map.width,
    height: setup.map.height,
    blocked: setup.map.blocked,
    difficult: setup.map.difficult,
    objects: Object.fromEntries(setup.map.objects.map((o) => [o.id, o])),
  };
  const state: InteractionState = {
    id: setup.id,
    name: setup.name,
    kind: setup.kind,
    dmUserId: setup.dmUserId,
    isTest: setup.isTest,
    status: "lobby",
    version: 0,
    round: 0,
    order: [],
    turn: null,
    queued: {},
    missed: [],
    makeUps: [],
    entities,
    map,
    log: {},
    loot: [],
    rng: seedState(opts.seed),
    presence: {},
    results: null,
    settings: { turnTimeoutMs: opts.turnTimeoutMs ?? 90_000 },
    seq: { turn: 0, log: 0, chat: 0 },
    chat: [],
    turnLog: [],
    history: [],
    redo: [],
  };
  return freeze(state, true);
}
