import { randomUUID } from "node:crypto";
import type { Patch } from "immer";
import { TRPCError } from "@trpc/server";
import type { Settings } from "@roundtable/config";
import { applyValidCommand } from "../engine/apply";
import { chatFor, filterPatches, viewFor } from "../engine/view";
import type { Actor, Command } from "../engine/commands";
import { isHumanActivity } from "../engine/commands";
import type { EngineError } from "../engine/errors";
import type { Effect, EngineEvent } from "../engine/result";
import { inPlay, type InteractionState } from "../engine/state";
import type { Logger } from "../logger";
import type { Metrics } from "../metrics";
import type { LiveStatus } from "../persistence/store";
import type { PersistenceQueue } from "../persistence/writer";
import type { Connection } from "../trpc/context";
import { PreEncoded } from "../trpc/encoder";
import { appError, shuttingDown } from "../trpc/errors";
import {
  type Audience,
  type BufferedEvent,
  type CloseReason,
  EventRing,
  PROTOCOL_VERSION,
  type LiveEvent,
  deltaEvent,
  eventId,
  parseEventId,
} from "./events";
import { Subscriber, type Viewer } from "./subscriber";

export type RoomDeps = {
  settings: Settings;
  log: Logger;
  metrics: Metrics;
  persistence: PersistenceQueue;
  now: () => number;
  reportError: (message: string, context: { interactionId?: string; userId?: string; err?: unknown }) => void;
  /** Called once when the room leaves memory (pause, completion, inactivity, stop). */
  onDispose: (room: Room) => void;
};

/** Seat-independent identity of whoever sends a command. */
export type Sender = { userId: string; isAdmin: boolean };

const SYSTEM: Actor = { userId: "system", role: "admin" };

export function storeStatusOf(status: InteractionState["status"]): LiveStatus {
  if (status === "awaiting_dm" || status === "paused" || status === "completed") return status;
  return "live";
}

/**
 * One live interaction in memory (Colyseus lifecycle: create, join, drop with a reconnection
 * window, reconnect, leave, dispose). Commands run one at a time through the pure engine;
 * each change is filtered and encoded once per audience and fanned out to subscribers.
 */
export class Room {
  readonly epoch = randomUUID().slice(0, 8);
  private state: InteractionState;
  private readonly ring: EventRing;
  private seq = 0;
  /** The version of the last delta each audience was sent (what the next one applies on). */
  private readonly lastDelta: Record<Audience, number>;
  private readonly subscribers = new Set<Subscriber>();
  /** Open subscriptions per user (tabs), and pending "gone" timers inside the grace window. */
  private readonly connections = new Map<string, number>();
  private readonly graceTimers = new Map<string, NodeJS.Timeout>();
  private deadlineTimer: NodeJS.Timeout | null = null;
  private deadlineAt: number | null = null;
  private deadlineTurnId: number | null = null;
  private inactivityTimer: NodeJS.Timeout | null = null;
  private lastHumanAt: number;
  private disposed: CloseReason | null = null;
  readonly log: Logger;

  constructor(
    private readonly deps: RoomDeps,
    initial: InteractionState,
  ) {
    this.state = initial;
    this.lastDelta = { dm: initial.version, player: initial.version };
    this.ring = new EventRing(Math.max(1, deps.settings.eventBufferSize), this.epoch);
    this.log = deps.log.child({ roomId: initial.id });
    this.lastHumanAt = deps.now();
    this.armInactivity();
    this.syncDeadline();
    // A turn the last server stopped at its shutdown runs again with the time it had left.
    const t = initial.turn;
    if (inPlay(this.state) && t?.deadline === undefined && t?.remainingMs !== undefined)
      this.systemCommand({ type: "startClock" });
    // Users the snapshot remembers as online must reconnect within the grace window.
    for (const [userId, p] of Object.entries(initial.presence)) if (p.online) this.startGrace(userId);
  }

  get id(): string {
    return this.state.id;
  }

  get version(): number {
    return this.state.version;
  }

  get status(): InteractionState["status"] {
    return this.state.status;
  }

  get isDisposed(): boolean {
    return this.disposed !== null;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Subscribers whose events are written straight to their socket (Subscriber's direct mode). */
  get directSubscriberCount(): number {
    let n = 0;
    for (const sub of this.subscribers) if (sub.isDirect) n++;
    return n;
  }

  /** The current state (immutable; the engine never mutates it in place). */
  current(): InteractionState {
    return this.state;
  }

  /** The caller's seat: the DM, a player (owns a PC), an admin, or nobody. */
  roleOf(sender: Sender): Viewer["role"] | null {
    if (sender.userId === this.state.dmUserId) return "dm";
    for (const e of Object.values(this.state.entities))
      if (e.kind === "pc" && e.ownerUserId === sender.userId) return "player";
    return sender.isAdmin ? "admin" : null;
  }

  /** Whether `sender` may take the game live or resume it: its DM, or an admin for a test interaction. */
  runsFlow(sender: Sender): boolean {
    return this.roleOf(sender) === "dm" || (sender.isAdmin && this.state.isTest);
  }

  viewerOf(sender: Sender): Viewer {
    const role = this.roleOf(sender);
    if (!role) throw appError("FORBIDDEN", "NOT_A_PARTICIPANT", "You are not part of this interaction");
    return { userId: sender.userId, role, audience: role === "player" ? "player" : "dm" };
  }

  /** The viewer's full state, as the `state` query and `sync` events carry it. */
  syncFor(viewer: Viewer): Extract<LiveEvent, { type: "sync" }> {
    return {
      type: "sync",
      protocol: PROTOCOL_VERSION,
      version: this.state.version,
      status: this.state.status,
      role: viewer.role,
      userId: viewer.userId,
      view: viewFor(this.state, viewer.audience),
      chat: chatFor(this.state, viewer.userId),
      now: this.deps.now(),
    };
  }

  // ---------- commands ----------

  /**
   * Applies one command. Synchronous, so commands on a room are serialized by construction:
   * the first valid command for an entity wins and the next gets the engine's CONFLICT.
   */
  dispatch(command: Command, actor: Actor, human = true): { version: number } {
    this.refuseIfClosed();
    const before = this.state;
    const now = this.deps.now();
    // Inputs were parsed with the engine's own schemas at the tRPC layer; timers and bots build typed commands.
    const result = applyValidCommand(before, command, { actor, now });
    this.deps.metrics.commands.inc({ type: command.type, result: result.ok ? "ok" : result.error.code });
    if (!result.ok) throw engineError(result.error);
    this.state = result.state;
    if (human && isHumanActivity(command)) this.lastHumanAt = now;
    this.publish(before, result.state, result.patches, result.events);
    if (
      storeStatusOf(before.status) !== storeStatusOf(result.state.status) &&
      result.state.status !== "completed" &&
      result.state.status !== "paused"
    ) {
      this.deps.persistence.setStatus(this.id, storeStatusOf(result.state.status));
    }
    this.applyEffects(result.effects);
    if (!this.disposed) this.syncDeadline();
    return { version: this.state.version };
  }

  private applyEffects(effects: Effect[]): void {
    for (const effect of effects) {
      if (effect.type === "snapshot") this.snapshot(effect.reason);
    }
    for (const effect of effects) {
      if (effect.type !== "close") continue;
      // The engine's own snapshot effect (complete / pause) already queued the final state.
      if (effect.reason === "completed") {
        this.deps.persistence.saveResults({
          interactionId: this.id,
          results: effect.results,
          turnLog: effect.turnLog,
          chatLog: effect.chatLog,
        });
        this.deps.persistence.setStatus(this.id, "completed");
        this.dispose("completed", "The interaction is complete");
      } else {
        this.deps.persistence.setStatus(this.id, "paused");
        this.dispose("paused", "The DM paused the interaction");
      }
    }
  }

  /** Queues a snapshot of the current state; never blocks the command that caused it. */
  snapshot(reason: string): void {
    this.deps.persistence.saveSnapshot({
      interactionId: this.id,
      version: this.state.version,
      reason,
      state: this.state,
    });
  }

  // ---------- fan-out ----------

  private publish(
    before: InteractionState,
    after: InteractionState,
    patches: Patch[],
    events: EngineEvent[],
  ): void {
    const v = after.version;
    // One frame per viewer per command: the turn, log and presence are in the patches.
    if (patches.length > 0) {
      const forDm = filterPatches(patches, before, after, "dm");
      const forPlayers = filterPatches(patches, before, after, "player");
      if (forDm.length > 0 && samePatches(forDm, forPlayers) && this.lastDelta.dm === this.lastDelta.player) {
        // Nothing hidden changed: one body for both audiences, encoded once.
        const body = this.delta("dm", v, forDm);
        this.lastDelta.player = v;
        this.emit(body, body);
      } else
        this.emit(
          forDm.length > 0 ? this.delta("dm", v, forDm) : null,
          forPlayers.length > 0 ? this.delta("player", v, forPlayers) : null,
        );
    }
    // Only chat and notices travel outside the patches, to their recipients only (the same body for both audiences).
    for (const e of events) {
      if (e.type === "chat") {
        const body: LiveEvent = { type: "chat", version: v, message: e.message };
        this.emit(body, body, new Set(e.recipients));
      } else if (e.type === "notice") {
        const body: LiveEvent = { type: "notice", version: v, message: e.message };
        this.emit(body, body, new Set(e.userIds));
      }
    }
  }

  /** A delta at version `v` for `audience`, chained to that audience's previous delta. */
  private delta(audience: Audience, v: number, patches: Patch[]): LiveEvent {
    const prev = this.lastDelta[audience];
    this.lastDelta[audience] = v;
    return deltaEvent(v, prev, patches);
  }

  /** Encodes once per audience (the same string when both see the same body) and fans out. */
  private emit(
    forDm: LiveEvent | null,
    forPlayers: LiveEvent | null,
    to: ReadonlySet<string> | null = null,
  ): void {
    if (!forDm && !forPlayers) return;
    const dm = forDm ? new PreEncoded(JSON.stringify(forDm)) : null;
    let player = forPlayers ? (forPlayers === forDm ? dm : new PreEncoded(JSON.stringify(forPlayers))) : null;
    // Most changes look the same to both audiences: keep one copy.
    if (dm && player && player !== dm && player.json === dm.json) player = dm;
    if (dm) this.deps.metrics.deltaBytes.inc({ audience: "dm" }, dm.json.length);
    if (player && player !== dm) this.deps.metrics.deltaBytes.inc({ audience: "player" }, player.json.length);
    const seq = ++this.seq;
    const version = this.state.version;
    const event: BufferedEvent = { seq, id: eventId(this.epoch, version, seq), dm, player, to };
    this.ring.push(event, version);
    for (const sub of this.subscribers) this.deliver(sub, event);
  }

  private deliver(sub: Subscriber, event: BufferedEvent): void {
    if (event.to && !event.to.has(sub.viewer.userId)) return;
    const body = sub.viewer.audience === "dm" ? event.dm : event.player;
    if (!body) return;
    const ws = sub.conn?.ws;
    // One slow phone must not grow server memory: past the bound it is dropped and resyncs.
    if (
      (ws && ws.bufferedAmount > this.deps.settings.slowConsumerBytes) ||
      sub.backlog >= this.deps.settings.eventBufferSize
    ) {
      this.deps.metrics.slowConsumers.inc();
      this.log.warn(
        { userId: sub.viewer.userId, buffered: ws?.bufferedAmount, backlog: sub.backlog },
        "slow consumer dropped",
      );
      this.unsubscribe(sub);
      sub.end();
      ws?.terminate();
      return;
    }
    sub.push({ id: event.id, body });
  }

  // ---------- subscribers and presence ----------

  /**
   * Joins: replays what the viewer missed after `lastEventId` from the ring, or starts with a
   * fresh `sync` when that gap is gone. Registration and replay happen in the same tick, so
   * nothing can slip between them.
   */
  subscribe(viewer: Viewer, conn: Connection | null, lastEventId: string | null): Subscriber {
    this.refuseIfClosed();
    this.refuseTooManyTabs(viewer.userId);
    const sub = new Subscriber(viewer, conn);
    const last = lastEventId ? parseEventId(lastEventId) : null;
    const missed = last && last.epoch === this.epoch ? this.ring.since(last.seq, this.seq) : null;
    if (missed) {
      for (const e of missed) this.deliver(sub, e);
    } else {
      sub.push({ id: eventId(this.epoch, this.state.version, this.seq), body: this.syncFor(viewer) });
    }
    if (sub.ended) return sub; // dropped as a slow consumer during the replay
    this.subscribers.add(sub);
    this.deps.metrics.subscribers.inc();
    if (viewer.role !== "admin") this.arrive(viewer.userId);
    return sub;
  }

  /** Each event is written once per subscription: a client opening them by the hundred must not. */
  private refuseTooManyTabs(userId: string): void {
    const max = this.deps.settings.tabsPerUserPerRoom;
    let open = 0;
    for (const sub of this.subscribers) if (sub.viewer.userId === userId && ++open >= max) break;
    if (open >= max)
      throw appError(
        "TOO_MANY_REQUESTS",
        "TOO_MANY_TABS",
        `You have this table open in too many tabs or windows (at most ${max}); close one and try again`,
      );
  }

  unsubscribe(sub: Subscriber): void {
    if (!this.removeSubscriber(sub)) return;
    if (sub.viewer.role !== "admin" && !this.disposed) this.leave(sub.viewer.userId);
  }

  private removeSubscriber(sub: Subscriber): boolean {
    if (!this.subscribers.delete(sub)) return false;
    this.deps.metrics.subscribers.dec();
    return true;
  }

  private arrive(userId: string): void {
    this.connections.set(userId, (this.connections.get(userId) ?? 0) + 1);
    const grace = this.graceTimers.get(userId);
    if (grace) {
      clearTimeout(grace);
      this.graceTimers.delete(userId);
    }
    if (this.state.presence[userId]?.online !== true) this.reportPresence(userId, true);
  }

  /** Drop: the user has the reconnection window before everyone sees them gone. */
  private leave(userId: string): void {
    const n = (this.connections.get(userId) ?? 1) - 1;
    if (n > 0) {
      this.connections.set(userId, n);
      return;
    }
    this.connections.delete(userId);
    this.startGrace(userId);
  }

  private startGrace(userId: string): void {
    if (this.graceTimers.has(userId)) return;
    const timer = setTimeout(() => {
      this.graceTimers.delete(userId);
      if ((this.connections.get(userId) ?? 0) === 0 && this.state.presence[userId]?.online === true) {
        this.reportPresence(userId, false);
      }
    }, this.deps.settings.disconnectGraceMs);
    timer.unref();
    this.graceTimers.set(userId, timer);
  }

  /** The engine takes presence from the user it is about, so report it as them. */
  private reportPresence(userId: string, online: boolean): void {
    const role = this.roleOf({ userId, isAdmin: false });
    if (role === "dm" || role === "player")
      this.systemCommand({ type: "presence", userId, online }, { userId, role });
  }

  /**
   * Commands the room issues itself (presence, timeouts); they never count as activity. A rule's
   * refusal (a typed error) is expected now and then; anything else is a bug, and reported.
   */
  private systemCommand(command: Command, actor: Actor = SYSTEM): void {
    if (this.disposed) return;
    try {
      this.dispatch(command, actor, false);
    } catch (err) {
      if (err instanceof TRPCError) this.log.debug({ err, command: command.type }, "room command rejected");
      else
        this.deps.reportError(`The room's own ${command.type} command failed: ${String(err)}`, {
          interactionId: this.id,
          err,
        });
    }
  }

  // ---------- timers ----------

  private clockRuns(): boolean {
    return inPlay(this.state) && this.state.turn?.deadline !== undefined;
  }

  /**
   * The player turn timer follows the deadline kept in state (absent while paused). It is keyed
   * by turn and deadline: two turns started in the same millisecond share a deadline.
   */
  private syncDeadline(): void {
    const turn = this.state.turn;
    const at = inPlay(this.state) ? (turn?.deadline ?? null) : null;
    const turnId = at === null ? null : (turn?.id ?? null);
    if (at === this.deadlineAt && turnId === this.deadlineTurnId) return;
    if (this.deadlineTimer) clearTimeout(this.deadlineTimer);
    this.deadlineTimer = null;
    this.deadlineAt = at;
    this.deadlineTurnId = turnId;
    if (at === null || turnId === null) return;
    this.deadlineTimer = setTimeout(
      () => {
        this.deadlineTimer = null;
        this.deadlineAt = null;
        this.deadlineTurnId = null;
        if (this.state.turn?.id !== turnId) return;
        // Early by the clock (it was stepped back): the engine would refuse; wait for the deadline.
        if (this.deps.now() < at) this.syncDeadline();
        else this.systemCommand({ type: "timeout", turnId });
      },
      Math.max(0, at - this.deps.now()) + 2,
    );
    this.deadlineTimer.unref();
  }

  private armInactivity(): void {
    if (this.inactivityTimer) clearTimeout(this.inactivityTimer);
    const wait = Math.max(0, this.lastHumanAt + this.deps.settings.inactivityTimeoutMs - this.deps.now());
    this.inactivityTimer = setTimeout(() => {
      this.inactivityTimer = null;
      if (this.disposed) return;
      if (this.deps.now() - this.lastHumanAt >= this.deps.settings.inactivityTimeoutMs) this.evict();
      else this.armInactivity();
    }, wait + 1);
    this.inactivityTimer.unref();
  }

  /** No human command for the configured time: snapshot, tell subscribers why, leave memory. */
  evict(): void {
    if (this.disposed) return;
    this.log.info({ idleMs: this.deps.now() - this.lastHumanAt }, "room evicted for inactivity");
    // As at shutdown: the player whose turn it was gets its time left when the room is rebuilt.
    if (this.clockRuns()) this.systemCommand({ type: "stopClock" });
    this.snapshot("inactivity");
    this.dispose("inactivity", "The room closed after a period of inactivity; rejoin to continue");
  }

  /**
   * Shutdown: stop timers and refuse further commands, but keep subscriptions open so clients
   * get the reconnect notification and resume on the next instance. A player's turn keeps the
   * time it has left (`stopClock`, in the final snapshot), given back when the room is rebuilt.
   */
  halt(): void {
    if (this.disposed) return;
    if (this.clockRuns()) this.systemCommand({ type: "stopClock" });
    this.disposed = "stopped";
    this.clearTimers();
  }

  /** A halted room is only waiting for the restart (clients retry); a closed one is over. */
  private refuseIfClosed(): void {
    if (this.disposed === "stopped") throw shuttingDown();
    if (this.disposed)
      throw appError(
        "PRECONDITION_FAILED",
        "ROOM_CLOSED",
        `This interaction is no longer live (${this.disposed})`,
      );
  }

  private clearTimers(): void {
    for (const t of [this.deadlineTimer, this.inactivityTimer, ...this.graceTimers.values()])
      if (t) clearTimeout(t);
    this.graceTimers.clear();
  }

  /** Leaves memory. Subscribers get a `closed` event with the reason and their stream ends. */
  dispose(reason: CloseReason, message: string): void {
    if (this.disposed) return;
    this.disposed = reason;
    this.clearTimers();
    const closed: LiveEvent = { type: "closed", version: this.state.version, reason, message };
    const body = new PreEncoded(JSON.stringify(closed));
    const seq = ++this.seq;
    for (const sub of this.subscribers) {
      sub.push({ id: eventId(this.epoch, this.state.version, seq), body });
      sub.end();
      this.deps.metrics.subscribers.dec();
    }
    this.subscribers.clear();
    this.deps.onDispose(this);
  }
}

/** The same patch objects in the same order (filterPatches passes shared patches through as they are). */
const samePatches = (a: readonly Patch[], b: readonly Patch[]): boolean =>
  a.length === b.length && a.every((p, i) => p === b[i]);

/** Engine rejections become typed tRPC errors that keep the engine's code. */
function engineError(error: EngineError) {
  const code =
    error.code === "CONFLICT"
      ? "CONFLICT"
      : error.code === "FORBIDDEN" || error.code === "NOT_OWNER"
        ? "FORBIDDEN"
        : error.code === "NOT_YOUR_TURN" || error.code === "STALE_TURN" || error.code === "BAD_STATE"
          ? "PRECONDITION_FAILED"
          : "BAD_REQUEST";
  return appError(code, error.code, error.message);
}

export type { Audience };
