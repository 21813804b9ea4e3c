import type { TRPCRouterRecord } from "@trpc/server";
import { tracked } from "@trpc/server";
import type { Command } from "../../engine/commands";
import { fullTurnLog, type TurnLogEntry } from "../../engine/state";
import type { LiveEvent } from "../../room/events";
import type { Room, Sender } from "../../room/room";
import type { Socket } from "node:net";
import type { Connection, Context } from "../context";
import { appError } from "../errors";
import { EventsInput, GAME_ACTIONS, type HumanCommandType, RoomInput, commandInputs } from "../inputs";
import { authedProcedure, checked } from "../trpc";

type AuthedCtx = Context & { session: NonNullable<Context["session"]> };

const senderOf = (ctx: AuthedCtx): Sender => ({ userId: ctx.session.userId, isAdmin: ctx.session.isAdmin });

/**
 * The sender gets two frames for a command, its mutation reply and its own delta, both written
 * by promise callbacks right after `dispatch`. Corking its socket until the next tick sends them
 * in one write (one syscall) instead of two.
 */
function corkForThisTick(conn: Connection | null): void {
  const socket = (conn?.ws as unknown as { _socket?: Socket } | undefined)?._socket;
  if (!socket || socket.destroyed) return;
  socket.cork();
  process.nextTick(() => socket.uncork());
}

/** Validation layers after the schema: membership → rate limit → engine (turn, version, rules). */
async function runCommand(ctx: AuthedCtx, type: HumanCommandType, input: CommandInput) {
  const { interactionId, ...fields } = input;
  const sender = senderOf(ctx);
  const room: Room = await ctx.deps.registry.open(interactionId, sender);
  const viewer = room.viewerOf(sender);
  // A pause closes the room, and a simulation's bots end with it: it is stopped from Test mode instead.
  if (type === "pause" && ctx.deps.registry.isSimulation(interactionId))
    throw appError(
      "PRECONDITION_FAILED",
      "SIMULATION_NOT_PAUSABLE",
      "A simulation cannot be paused; stop it from Test mode",
    );
  if (viewer.role === "player" && GAME_ACTIONS.has(type)) {
    const verdict = ctx.deps.actionLimiter.take(sender.userId);
    if (!verdict.ok) {
      ctx.deps.metrics.rateLimited.inc({ limit: "actions" });
      throw appError(
        "TOO_MANY_REQUESTS",
        "RATE_LIMITED",
        `Too many game actions: at most ${ctx.deps.settings.rateActionsPerMinute} per minute`,
        {
          limit: "actions",
          retryAfterMs: verdict.retryAfterMs,
        },
      );
    }
  }
  // The input schema is the engine's own command schema minus `type`, so this is a Command.
  const command = { type, ...fields } as Command;
  corkForThisTick(ctx.conn);
  return room.dispatch(command, { userId: sender.userId, role: viewer.role });
}

type CommandInput = { interactionId: string } & Record<string, unknown>;

const command = <T extends HumanCommandType>(type: T) =>
  authedProcedure
    .input(checked(commandInputs[type]))
    // Every command input has `interactionId` (inputs.ts); TypeScript cannot see it through the generic.
    .mutation(({ ctx, input }) => runCommand(ctx, type, input as CommandInput));

export const interactionRouter = {
  /** Go live (DM only): loads the interaction or its latest snapshot and opens the room. */
  launch: authedProcedure.input(checked(RoomInput)).mutation(async ({ ctx, input }) => {
    const room = await ctx.deps.registry.launch(input.interactionId, senderOf(ctx));
    return { version: room.version, status: room.status };
  }),

  /** The viewer's full state. */
  state: authedProcedure.input(checked(RoomInput)).query(async ({ ctx, input }) => {
    const sender = senderOf(ctx);
    const room = await ctx.deps.registry.open(input.interactionId, sender);
    return room.syncFor(room.viewerOf(sender));
  }),

  /**
   * The DM's (and admins') whole saved turn log: every line, DM-only ones included, and how each
   * turn ended. The table's own log keeps only the recent lines; this is the full history.
   */
  turnLog: authedProcedure
    .input(checked(RoomInput))
    .query(async ({ ctx, input }): Promise<TurnLogEntry[]> => {
      const sender = senderOf(ctx);
      const room = await ctx.deps.registry.open(input.interactionId, sender);
      if (room.viewerOf(sender).role === "player")
        throw appError("FORBIDDEN", "DM_ONLY", "Only the DM can read the full turn log");
      return fullTurnLog(room.current());
    }),

  /** Joining: `sync` first (or the missed events after `lastEventId`), then every change. */
  events: authedProcedure.input(checked(EventsInput)).subscription(async function* ({ ctx, input, signal }) {
    const sender = senderOf(ctx);
    const room = await ctx.deps.registry.open(input.interactionId, sender);
    const sub = room.subscribe(room.viewerOf(sender), ctx.conn, input.lastEventId ?? null);
    sub.listen(signal);
    try {
      let first = true;
      for (;;) {
        if (signal?.aborted) return;
        // After the first frame the subscription usually writes to its socket itself
        // (Subscriber.goDirect): then the queue stays empty and this only waits for the end.
        if (!first) sub.goDirect();
        // Drain what is queued without a promise per item; wait only when the queue is empty.
        const item = sub.take();
        if (!item) {
          if (sub.ended) return;
          await sub.wait(signal);
          continue;
        }
        // Bodies are usually pre-encoded once per audience (see trpc/encoder.ts); the wire
        // carries the LiveEvent they encode.
        yield tracked(item.id, sub.toYield(item, first) as LiveEvent);
        first = false;
      }
    } finally {
      room.unsubscribe(sub);
    }
  }),

  start: command("start"),
  pause: command("pause"),
  /** DM only: a paused interaction goes on, rebuilt from its snapshot as `launch` does; refused unless paused. */
  resume: authedProcedure.input(checked(commandInputs.resume)).mutation(async ({ ctx, input }) => {
    const room = await ctx.deps.registry.resume(input.interactionId, senderOf(ctx));
    return { version: room.version, status: room.status };
  }),
  end: command("end"),
  rollInitiative: command("rollInitiative"),
  updateInitiative: command("updateInitiative"),
  takeTurn: command("takeTurn"),
  moveEntity: command("moveEntity"),
  useItem: command("useItem"),
  equipItem: command("equipItem"),
  interactObject: command("interactObject"),
  endTurn: command("endTurn"),
  queueTurn: command("queueTurn"),
  skipTurn: command("skipTurn"),
  backtrackTurn: command("backtrackTurn"),
  rollback: command("rollback"),
  redo: command("redo"),
  /** DM only: shows the players a hidden creature or map object. */
  reveal: command("reveal"),
  /** DM only: hides a creature (not a player character) or map object from the players again. */
  hide: command("hide"),
  /** DM only: sets a parley NPC's attitude (-3..3) by judgement; +3 wins it over, -3 turns it hostile. */
  setAttitude: command("setAttitude"),
  sendChat: command("sendChat"),
} satisfies TRPCRouterRecord;
