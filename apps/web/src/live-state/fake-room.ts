import {
  type Actor,
  applyCommand,
  type Audience,
  type Command,
  chatFor,
  createInteraction,
  eventsFor,
  filterPatches,
  goblinAmbush,
  type InteractionState,
  viewFor,
} from "@roundtable/live/engine";
import type { LiveEvent } from "@roundtable/live/router";

export const DM = "user_demo_dm";
export const P1 = "user_demo_p1";
export const P2 = "user_demo_p2";

export type Tracked = { id: string; data: LiveEvent };

/**
 * Test double of the live server's room fan-out, on the real engine: applies commands and
 * yields exactly the tracked events one viewer would receive (same filtering, same ids).
 */
export class FakeRoom {
  state: InteractionState;
  epoch = "ep1";
  private seq = 0;
  now = 1_000_000;

  constructor(state?: InteractionState) {
    this.state = state ?? createInteraction(goblinAmbush(), { seed: 7, now: this.now });
  }

  private id(): string {
    return `${this.epoch}:${this.state.version}:${this.seq}`;
  }

  sync(userId: string, audience: Audience, role = audience): Tracked {
    return {
      id: this.id(),
      data: {
        type: "sync",
        version: this.state.version,
        status: this.state.status,
        role,
        userId,
        view: viewFor(this.state, audience),
        chat: chatFor(this.state, userId),
      },
    };
  }

  /** Applies a command; returns the events `userId` (seeing `audience`) receives, in order. */
  run(command: Command, actor: Actor, userId: string, audience: Audience): Tracked[] {
    this.now += 1_000;
    const before = this.state;
    const r = applyCommand(before, command, { actor, now: this.now });
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    this.state = r.state;
    const v = r.state.version;
    const out: Tracked[] = [];
    if (r.patches.length > 0) {
      const mine = filterPatches(r.patches, before, r.state, audience);
      const other = filterPatches(r.patches, before, r.state, audience === "dm" ? "player" : "dm");
      if (mine.length > 0 || other.length > 0) {
        this.seq++;
        if (mine.length > 0) out.push({ id: this.id(), data: { type: "delta", version: v, patches: mine } });
      }
    }
    for (const e of r.events) {
      this.seq++;
      const mine = eventsFor([e], audience)[0];
      if (!mine) continue;
      if (mine.type === "chat" && !mine.recipients.includes(userId)) continue;
      if (mine.type === "notice" && !mine.userIds.includes(userId)) continue;
      const data: LiveEvent =
        mine.type === "turn"
          ? { type: "turn", version: v, round: mine.round, turn: mine.turn }
          : mine.type === "log"
            ? { type: "log", version: v, entry: mine.entry }
            : mine.type === "chat"
              ? { type: "chat", version: v, message: mine.message }
              : mine.type === "presence"
                ? { type: "presence", version: v, userId: mine.userId, online: mine.online }
                : { type: "notice", version: v, message: mine.message };
      out.push({ id: this.id(), data });
    }
    return out;
  }
}

export const dmActor: Actor = { userId: DM, role: "dm" };
export const p1Actor: Actor = { userId: P1, role: "player" };
export const p2Actor: Actor = { userId: P2, role: "player" };
