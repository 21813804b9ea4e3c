import { applyCommand } from "../apply";
import type { Actor, Command } from "../commands";
import { createInteraction } from "../create";
import { Rng } from "../rng";
import type { InteractionSetup } from "../setup";
import { fullTurnLog, type InteractionState, type TurnLogEntry } from "../state";
import { dmBot } from "./bots";
import { controllerOf, type Bot } from "./seat";

export interface SimulationOptions {
  /** Hard stop; the report says `stopped: "limit"` if it is reached. Default 20 000. */
  maxCommands?: number;
  /** Milliseconds of game time each command takes. Default 1 000. */
  stepMs?: number;
  startNow?: number;
  turnTimeoutMs?: number;
  /** Called after every accepted command (the admin test mode watches with this). */
  onCommand?: (c: Command, actor: Actor, state: InteractionState, now: number) => void;
}

export interface SimulationReport {
  rounds: number;
  turns: number;
  timeouts: number;
  /** Entities knocked out or defeated (a PC revived and dropped again counts twice). */
  defeats: number;
  snapshotsRequested: number;
  commands: number;
  rejected: number;
  winner: "party" | "enemy" | "none";
  stopped: "completed" | "limit";
  log: TurnLogEntry[];
  finalState: InteractionState;
}

/**
 * Runs an interaction headless to completion. `bots` maps a seat's user id to its bot; the
 * DM seat defaults to `dmBot`, and a player seat without a bot lets its turns time out.
 */
export function simulate(
  setup: InteractionSetup,
  bots: Record<string, Bot>,
  seed: number,
  opts: SimulationOptions = {},
): SimulationReport {
  const maxCommands = opts.maxCommands ?? 20_000;
  const stepMs = opts.stepMs ?? 1_000;
  let now = opts.startNow ?? 0;
  let state = createInteraction(setup, {
    seed,
    now,
    ...(opts.turnTimeoutMs ? { turnTimeoutMs: opts.turnTimeoutMs } : {}),
  });
  const rng = new Rng(seed ^ 0x5eed);
  const dm: Actor = { userId: state.dmUserId, role: "dm" };
  const botFor = (a: Actor): Bot | undefined =>
    bots[a.userId] ?? (a.userId === dm.userId ? dmBot : undefined);
  let commands = 0;
  let rejected = 0;
  let timeouts = 0;
  let turns = 0;
  let defeats = 0;
  let snapshots = 0;
  let strikes = 0;

  const apply = (c: Command, actor: Actor): boolean => {
    now += stepMs;
    const r = applyCommand(state, c, { actor, now });
    if (!r.ok) {
      rejected++;
      return false;
    }
    commands++;
    for (const ev of r.events) if (ev.type === "turn" && ev.turn) turns++;
    for (const ef of r.effects) if (ef.type === "snapshot") snapshots++;
    if (r.effects.some((ef) => ef.type === "snapshot" && ef.reason === "defeat"))
      for (const [id, e] of Object.entries(r.state.entities)) {
        const b = state.entities[id];
        if (b && ((e.defeated && !b.defeated) || (e.unconscious && !b.unconscious))) defeats++;
      }
    if (c.type === "timeout") timeouts++;
    state = r.state;
    opts.onCommand?.(c, actor, state, now);
    return true;
  };

  const users = new Set<string>([
    dm.userId,
    ...Object.values(state.entities).flatMap((e) => (e.ownerUserId ? [e.ownerUserId] : [])),
  ]);
  for (const u of users)
    apply(
      { type: "presence", userId: u, online: true },
      { userId: u, role: u === dm.userId ? "dm" : "player" },
    );

  for (
    let guard = 0;
    state.status !== "completed" && commands < maxCommands && guard < maxCommands * 5;
    guard++
  ) {
    const e = state.turn ? state.entities[state.turn.entityId] : undefined;
    const seat: Actor = state.status === "lobby" || !e ? dm : controllerOf(state, e);
    // the DM gets the first word: starting, and ending once a side is down
    const dmMove = botFor(dm)?.next(state, dm, rng) ?? null;
    let cmd: Command | null = dmMove && (seat.userId === dm.userId || dmMove.type === "end") ? dmMove : null;
    let actor = dm;
    if (!cmd && seat.userId !== dm.userId) {
      cmd = botFor(seat)?.next(state, seat, rng) ?? null;
      actor = seat;
    }
    if (cmd) {
      if (apply(cmd, actor)) {
        strikes = 0;
        continue;
      }
      if (++strikes <= 3) continue;
    }
    // nothing (valid) to play: let the clock run out, or have the DM skip the turn
    strikes = 0;
    const turn = state.turn;
    if (turn?.deadline !== undefined) {
      now = Math.max(now, turn.deadline);
      apply({ type: "timeout", turnId: turn.id }, dm);
    } else if (turn) apply({ type: "skipTurn", turnId: turn.id }, dm);
    else apply({ type: "end" }, dm);
  }
  return {
    rounds: state.round,
    turns,
    timeouts,
    defeats,
    snapshotsRequested: snapshots,
    commands,
    rejected,
    winner: state.results?.winner ?? "none",
    stopped: state.status === "completed" ? "completed" : "limit",
    log: fullTurnLog(state),
    finalState: state,
  };
}
