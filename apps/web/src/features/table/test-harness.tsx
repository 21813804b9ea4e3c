import {
  createInteraction,
  leverPuzzle,
  type Actor,
  type Audience,
  type Command,
  type Entity,
  type InteractionSetup,
  type InteractionState,
} from "@roundtable/live/engine";
import { act, render, screen } from "@testing-library/react";
import { produce, type Draft } from "immer";
import { DM, dmActor, FakeRoom, P1, type Tracked } from "../../live-state/fake-room";
import { fakeLive, LiveTestProviders } from "../../test/fake-live";
import { LiveTable } from "./LiveTable";

const COMMANDS = [
  "start",
  "pause",
  "resume",
  "end",
  "rollInitiative",
  "updateInitiative",
  "takeTurn",
  "moveEntity",
  "useItem",
  "equipItem",
  "interactObject",
  "endTurn",
  "queueTurn",
  "skipTurn",
  "backtrackTurn",
  "rollback",
  "redo",
  "reveal",
  "hide",
  "setAttitude",
  "sendChat",
] as const;

/**
 * Renders <LiveTable> against a scripted live server whose commands run on the real engine
 * (FakeRoom): what the user does goes through the real tRPC client, and the resulting events
 * come back through the subscription into the real store.
 */
export function renderTable({
  userId,
  audience,
  room = new FakeRoom(),
  override = {},
}: {
  userId: string;
  audience: Audience;
  room?: FakeRoom;
  /** Scripted answers that replace the engine for some procedures (e.g. a failure). */
  override?: Record<string, (input: unknown) => unknown>;
}) {
  let emit: (data: unknown) => void = () => undefined;
  let fail: (err: object) => void = () => undefined;
  const role = userId === DM ? "dm" : "player";
  const actor = { userId, role } as const;
  const mutations: Record<string, (input: unknown) => unknown> = {};
  for (const type of COMMANDS) {
    mutations[`interaction.${type}`] = (input) => {
      const { interactionId: _id, ...fields } = input as Record<string, unknown>;
      const events = room.run({ type, ...fields } as Command, actor, userId, audience);
      queueMicrotask(() => events.forEach((e) => emit(e)));
      return { version: room.state.version };
    };
  }
  const { live, calls } = fakeLive({
    mutations: { ...mutations, ...override },
    subscriptions: {
      "interaction.events": (_input, e, f) => {
        emit = e;
        fail = f;
        e(room.sync(userId, audience, role));
      },
    },
  });
  const utils = render(
    <LiveTestProviders live={live}>
      <LiveTable interactionId={room.state.id} />
    </LiveTestProviders>,
  );
  /** Runs a command as someone else at the table; this viewer receives its events. */
  const others = (command: Command, by: Actor) =>
    act(() => {
      room.run(command, by, userId, audience).forEach((e: Tracked) => emit(e));
    });
  const connection = (live as unknown as { ws: { connectionState: { next: (v: unknown) => void } } }).ws
    .connectionState;
  const setConnection = (state: "pending" | "connecting", error: unknown = null) =>
    act(() => connection.next({ type: "state", state, error }));
  /** Delivers what the server sends outside a command (e.g. the room closing). */
  const receive = (event: Tracked) => act(() => emit(event));
  /** Ends the subscription with the server's refusal, as a refused (re)subscription does. */
  const refuse = (appCode: string, message: string) =>
    act(() => fail({ error: { code: -32012, message, data: { code: "PRECONDITION_FAILED", appCode } } }));
  return { ...utils, room, calls, others, receive, setConnection, refuse };
}

export type Harness = ReturnType<typeof renderTable>;

/**
 * A fake room on the interaction `setup` creates (with `seed`, 7 unless given, at the fake
 * room's clock), `adjust`ed first if given (e.g. attitudes as checks would have moved them).
 */
export function roomOf(
  setup: InteractionSetup,
  { seed = 7, adjust }: { seed?: number; adjust?: (s: Draft<InteractionState>) => void } = {},
): FakeRoom {
  const state = createInteraction(setup, { seed, now: 1_000_000 });
  return new FakeRoom(adjust ? produce(state, adjust) : state);
}

/** The DM skips turns until `pick` likes whoever is up (the interaction already running). */
export function skipUntil(t: Pick<Harness, "room" | "others">, pick: (e: Entity) => boolean): Entity {
  for (let i = 0; i < 30; i++) {
    const turn = t.room.state.turn!;
    const up = t.room.state.entities[turn.entityId]!;
    if (pick(up)) return up;
    t.others({ type: "skipTurn", turnId: turn.id }, dmActor);
  }
  throw new Error("never got the turn");
}

/** The DM rolls and starts, then skips turns until `pick` likes whoever is up. */
export function playUntil(t: Pick<Harness, "room" | "others">, pick: (e: Entity) => boolean): Entity {
  t.others({ type: "rollInitiative", scope: "all" }, dmActor);
  t.others({ type: "start" }, dmActor);
  return skipUntil(t, pick);
}

/**
 * Plays until P1's character is up, has P1 miss that turn while away (the DM skips it), brings
 * P1 back (a make-up turn is scheduled) and skips on to it: the make-up turn is current.
 */
export function playUntilMakeUpTurn(t: Harness): Entity {
  const p1 = { userId: P1, role: "player" } as const;
  t.others({ type: "presence", userId: P1, online: true }, p1);
  const pc = playUntil(t, (e) => e.ownerUserId === P1);
  t.others({ type: "presence", userId: P1, online: false }, p1);
  t.others({ type: "skipTurn", turnId: t.room.state.turn!.id }, dmActor);
  t.others({ type: "presence", userId: P1, online: true }, p1);
  t.others({ type: "skipTurn", turnId: t.room.state.turn!.id }, dmActor);
  const turn = t.room.state.turn!;
  if (turn.entityId !== pc.id || turn.makeUpFor === undefined) throw new Error("no make-up turn came up");
  return pc;
}

/**
 * P1's table in the Sealed Vault (leverPuzzle: Brenna, P1's only character, at (2,4); the iron
 * gate at (4,4)), the setup `tweak`ed first, connected, and played until `pick` likes whoever is up.
 */
export async function vaultTable(
  tweak: (s: InteractionSetup) => void,
  pick: (e: Entity) => boolean,
): Promise<Harness> {
  const setup = leverPuzzle();
  tweak(setup);
  const room = roomOf(setup);
  const t = renderTable({ userId: P1, audience: "player", room });
  await screen.findByRole("status", { name: "Connection" });
  playUntil(t, pick);
  return t;
}

/** Lets the fake server's queued events arrive. */
export const flush = () => act(() => new Promise<void>((r) => setTimeout(r, 0)));
