import {
  type Actor,
  applyCommand,
  type Audience,
  type Command,
  chatFor,
  createInteraction,
  filterPatches,
  goblinAmbush,
  type InteractionState,
  viewFor,
} from "@roundtable/live/engine";
import { deltaEvent, PROTOCOL_VERSION } from "@roundtable/live/protocol";
import type { LiveEvent } from "@roundtable/live/router";

export const DM = "user_demo_dm";
export const P1 = "user_demo_p1";
export const P2 = "user_demo_p2";

export type Tracked = { id: string; data: LiveEvent };

/**
 * Test double of the live server's room fan-out, on the real engine: applies commands and
 * yields exactly the tracked events one viewer would receive (same filtering, encoding, ids).
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
        protocol: PROTOCOL_VERSION,
        version: this.state.version,
        status: this.state.status,
        role,
        userId,
        view: viewFor(this.state, audience),
        chat: chatFor(this.state, userId),
        now: this.now,
      },
    };
  }

  /** The version of the last delta each audience got (what its next delta applies on). */
  private lastDelta: Record<Audience, number> | null = null;

  /** Applies a command; returns the events `userId` (seeing `audience`) receives, in order (as room.ts publishes them). */
  run(command: Command, actor: Actor, userId: string, audience: Audience): Tracked[] {
    this.now += 1_000;
    const before = this.state;
    this.lastDelta ??= { dm: before.version, player: before.version };
    const r = applyCommand(before, command, { actor, now: this.now });
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    this.state = r.state;
    const v = r.state.version;
    const out: Tracked[] = [];
    if (r.patches.length > 0) {
      const mine = filterPatches(r.patches, before, r.state, audience);
      const otherAudience: Audience = audience === "dm" ? "player" : "dm";
      const other = filterPatches(r.patches, before, r.state, otherAudience);
      if (other.length > 0) this.lastDelta[otherAudience] = v;
      if (mine.length > 0 || other.length > 0) {
        this.seq++;
        if (mine.length > 0) {
          const prev = this.lastDelta[audience];
          this.lastDelta[audience] = v;
          out.push({ id: this.id(), data: deltaEvent(v, prev, mine) });
        }
      }
    }
    for (const e of r.events) {
      if (e.type === "chat") {
        this.seq++;
        if (e.recipients.includes(userId))
          out.push({ id: this.id(), data: { type: "chat", version: v, message: e.message } });
      } else if (e.type === "notice") {
        this.seq++;
        if (e.userIds.includes(userId))
          out.push({ id: this.id(), data: { type: "notice", version: v, message: e.message } });
      }
    }
    // A pause or completion takes the room out of memory (room.ts `dispose`): a last `closed` event.
    for (const e of r.effects) {
      if (e.type !== "close") continue;
      const message =
        e.reason === "completed" ? "The interaction is complete" : "The DM paused the interaction";
      out.push(this.closed(e.reason, message));
    }
    return out;
  }

  /** The room leaving memory for `reason` (room.ts `dispose`), as every subscriber receives it. */
  closed(reason: Extract<LiveEvent, { type: "closed" }>["reason"], message: string): Tracked {
    this.seq++;
    return { id: this.id(), data: { type: "closed", version: this.state.version, reason, message } };
  }
}

export const dmActor: Actor = { userId: DM, role: "dm" };
export const p1Actor: Actor = { userId: P1, role: "player" };
export const p2Actor: Actor = { userId: P2, role: "player" };
