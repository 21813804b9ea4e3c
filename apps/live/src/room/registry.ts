import type { Settings } from "@roundtable/config";
import type { TRPCError } from "@trpc/server";
import { applyCommand } from "../engine/apply";
import { createInteraction } from "../engine/create";
import { InteractionSetup } from "../engine/setup";
import { fullChat, fullTurnLog, InteractionState, inPlay } from "../engine/state";
import { deepFreeze } from "../engine/tx";
import type { Logger } from "../logger";
import type { Metrics } from "../metrics";
import { decodeStored } from "../persistence/snapshotCodec";
import {
  type ClaimFor,
  type ClaimToken,
  type InteractionStatus,
  type LiveStatus,
  type LoadedInteraction,
  type SnapshotInput,
  type Store,
  type StoredSnapshot,
  storeRejection,
} from "../persistence/store";
import type { PersistenceQueue } from "../persistence/writer";
import { appError, shuttingDown } from "../trpc/errors";
import { Room, type RoomDeps, type Sender, storeStatusOf } from "./room";
import { setupIssueText } from "./setupIssue";

/** The storage a room reads and writes through, and its player turn length. */
export type Backing = { store: Store; persistence: PersistenceQueue; turnTimeoutMs: number; seed?: number };

type Loaded = {
  state: InteractionState;
  status: InteractionStatus;
  fromSnapshot: boolean;
  /** The store's token of the claim this (launch's) load made, if it made one. */
  claim?: ClaimToken;
};

export type RegistryDeps = {
  settings: Settings;
  log: Logger;
  metrics: Metrics;
  store: Store;
  persistence: PersistenceQueue;
  now: () => number;
  seed: () => number;
  reportError: RoomDeps["reportError"];
};

/**
 * Rooms by interaction id. Creation is single-flight: concurrent first joins share one load
 * and end up in the same room. Rooms remove themselves on pause, completion or inactivity.
 */
export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Loaded>>();
  /** Where rooms that must not touch the main store keep their data (admin test mode). */
  private readonly overrides = new Map<string, Backing>();
  /** Simulations whose room has closed: their bots are gone with it, so none is ever rebuilt. */
  private readonly ended = new Set<string>();
  private closed = false;

  constructor(private readonly deps: RegistryDeps) {}

  get size(): number {
    return this.rooms.size;
  }

  get(interactionId: string): Room | undefined {
    return this.rooms.get(interactionId);
  }

  all(): Room[] {
    return [...this.rooms.values()];
  }

  /** Stops creating rooms (shutdown). */
  close(): void {
    this.closed = true;
  }

  /**
   * Go live: DM only (admins for test interactions). Loads, creates, marks live, resumes a paused
   * one. The load asks the store to claim the draft for the sender, saying whether their token is
   * an admin's (the store claims only for whoever may take it live: its DM, an admin for a test
   * interaction), so no seated character is deleted before the "live" write; a launch that fails
   * before its room exists releases that claim, by the token its load answered.
   */
  async launch(interactionId: string, sender: Sender): Promise<Room> {
    // A room halted for shutdown stays listed until it is flushed: not a launch that worked.
    if (this.closed) throw shuttingDown();
    const existing = this.rooms.get(interactionId);
    if (existing) {
      if (!existing.runsFlow(sender))
        throw appError("FORBIDDEN", "DM_ONLY", "Only this interaction's DM can take it live");
      return existing;
    }
    if (this.ended.has(interactionId)) throw simulationEnded();
    // A load that fails after the store answered releases its own claim (fetch). One with no
    // answer (an outage, an answer lost on the way back) has no token to release by: its claim,
    // if any, lapses or ends with the next launch's "live" write. Releasing without the token
    // could end a newer launch's claim (the DM launching again from another tab or server).
    const loaded = await this.load(interactionId, { claimFor: sender.userId, asAdmin: sender.isAdmin });
    const isDm = loaded.state.dmUserId === sender.userId;
    let room: Room;
    try {
      // The store claims only for whoever passes this check, and a game completed here has its
      // status write (which ends any claim) on the way; released anyway should they disagree.
      if (this.closed) throw shuttingDown(); // began while the load was on its way
      if (!isDm && !(sender.isAdmin && loaded.state.isTest))
        throw appError("FORBIDDEN", "DM_ONLY", "Only this interaction's DM can take it live");
      if (loaded.state.status === "completed" || loaded.status === "completed")
        throw appError("PRECONDITION_FAILED", "NOT_LIVE", "This interaction is already completed");
      room = this.rooms.get(interactionId) ?? this.create(loaded); // throws when shutting down
    } catch (err) {
      this.releaseClaim(interactionId, sender.userId, loaded.claim);
      throw err;
    }
    if (room.status === "paused")
      room.dispatch({ type: "resume" }, { userId: sender.userId, role: isDm ? "dm" : "admin" });
    this.backing(interactionId).persistence.setStatus(
      interactionId,
      room.status === "awaiting_dm" ? "awaiting_dm" : "live",
    );
    return room;
  }

  /**
   * The `resume` procedure. A pause closes its room, so a paused interaction is resumed by
   * launching it (DM only, admins for a test interaction): its room is rebuilt from the pause
   * snapshot and play goes on with the turn's time left. A game already running (a second
   * click, another tab) is left as it is; one not live at all is refused by `open`.
   */
  async resume(interactionId: string, sender: Sender): Promise<Room> {
    if (this.closed) throw shuttingDown();
    if (!this.rooms.has(interactionId)) {
      if (this.ended.has(interactionId)) throw simulationEnded();
      const loaded = await this.load(interactionId);
      if (!this.rooms.has(interactionId) && (loaded.status === "paused" || loaded.state.status === "paused"))
        return this.launch(interactionId, sender);
    }
    const room = await this.open(interactionId, sender);
    if (this.closed) throw shuttingDown();
    if (!room.runsFlow(sender))
      throw appError("FORBIDDEN", "DM_ONLY", "Only this interaction's DM can resume it");
    if (room.status === "paused")
      room.dispatch(
        { type: "resume" },
        { userId: sender.userId, role: room.roleOf(sender) === "dm" ? "dm" : "admin" },
      );
    return room;
  }

  /** Join (subscribe, query, act): the room in memory, or rebuilt if the interaction is live. */
  async open(interactionId: string, sender: Sender): Promise<Room> {
    const existing = this.rooms.get(interactionId);
    if (existing) {
      existing.viewerOf(sender);
      return existing;
    }
    // Checked before the load: the simulation's store may not have its final status yet.
    if (this.ended.has(interactionId)) throw simulationEnded();
    const loaded = await this.load(interactionId);
    const again = this.rooms.get(interactionId);
    if (again) {
      again.viewerOf(sender);
      return again;
    }
    if (!isParticipant(loaded.state, sender))
      throw appError("FORBIDDEN", "NOT_A_PARTICIPANT", "You are not part of this interaction");
    const live = loaded.status === "live" || loaded.status === "awaiting_dm";
    const over = loaded.state.status === "paused" || loaded.state.status === "completed";
    if (!live || over)
      throw appError("PRECONDITION_FAILED", "NOT_LIVE", notLive(over ? loaded.state.status : loaded.status));
    return this.create(loaded);
  }

  /** Registers a simulation: an interaction whose data lives only in `backing` (admin test mode). */
  registerTest(interactionId: string, backing: Backing): void {
    this.overrides.set(interactionId, backing);
  }

  forget(interactionId: string): void {
    this.overrides.delete(interactionId);
    this.ended.delete(interactionId);
  }

  isSimulation(interactionId: string): boolean {
    return this.overrides.has(interactionId);
  }

  private backing(interactionId: string): Backing {
    return (
      this.overrides.get(interactionId) ?? {
        store: this.deps.store,
        persistence: this.deps.persistence,
        turnTimeoutMs: this.deps.settings.turnTimeoutMs,
      }
    );
  }

  /**
   * Single-flight per interaction for joins; a launch's load (`claimFor`, which claims the draft
   * for that user) is shared only with the same user's launches (as admin or not), so a launch
   * never rides on a join's load that claims nothing, nor a join on a claim. Launches sharing a
   * load share its claim. Either kind may create the room: each checks for one after its load.
   */
  private load(interactionId: string, launcher?: ClaimFor): Promise<Loaded> {
    if (this.closed) return Promise.reject(shuttingDown());
    const key =
      launcher === undefined
        ? interactionId
        : `${interactionId}\u0000${launcher.claimFor}\u0000${launcher.asAdmin === true}`;
    let p = this.loading.get(key);
    if (!p) {
      p = this.fetch(interactionId, launcher).finally(() => this.loading.delete(key));
      this.loading.set(key, p);
    }
    return p;
  }

  /**
   * Best-effort: a launch failed before its room existed, so the claim its load made (`claim`,
   * absent when it made none) would only block the draft's characters from being deleted until
   * it lapses (LAUNCH_CLAIM_MS in convex/live.ts). The store ends that claim only, never a newer
   * launch's.
   */
  private releaseClaim(interactionId: string, claimFor: string, claim: ClaimToken | undefined): void {
    if (claim === undefined) return;
    this.backing(interactionId)
      .store.releaseClaim(interactionId, claimFor, claim)
      .catch((err: unknown) =>
        this.deps.log.warn({ roomId: interactionId, err }, "releasing a launch's claim failed"),
      );
  }

  private async fetch(interactionId: string, launcher?: ClaimFor): Promise<Loaded> {
    const { store, persistence } = this.backing(interactionId);
    // What the writer still holds is read before the load as well as after: a write that lands
    // while the load is on its way leaves the writer, and the row may have been read before it.
    const heldBefore = persistence.unwritten(interactionId);
    const statusBefore = persistence.unwrittenStatus(interactionId);
    let row;
    try {
      row = await store.loadForRoom(interactionId, launcher ?? {});
    } catch (err) {
      throw this.loadFailure(interactionId, err);
    }
    if (!row) throw appError("NOT_FOUND", "NOT_FOUND", `No interaction ${interactionId}`);
    const { claim } = row;
    try {
      const built = this.build(interactionId, row, heldBefore, statusBefore);
      return claim === undefined ? built : { ...built, claim };
    } catch (err) {
      // Claimed, but no room can be built from it (an engine-invalid setup, an unreadable snapshot).
      if (launcher) this.releaseClaim(interactionId, launcher.claimFor, claim);
      throw err;
    }
  }

  /** The room's starting point from the store's row and what the writer still holds. */
  private build(
    interactionId: string,
    row: LoadedInteraction,
    heldBefore: SnapshotInput | null,
    statusBefore: LiveStatus | null,
  ): Loaded {
    const { persistence, turnTimeoutMs, seed } = this.backing(interactionId);
    // A snapshot not yet confirmed is newer than anything the store has (and is the engine's
    // state itself, not the encoded form the store was given).
    // No room exists while it loads, so nothing newer can join the writer meanwhile.
    const unwritten = persistence.unwritten(interactionId) ?? heldBefore;
    const status = persistence.unwrittenStatus(interactionId) ?? statusBefore ?? row.status;
    const pending = unwritten && (!row.snapshot || unwritten.version > row.snapshot.version);
    if (pending || row.snapshot) {
      const read = pending ? readState(unwritten.state) : readSnapshot(row.snapshot!);
      if (!read.ok) {
        this.deps.reportError(read.message, { interactionId, err: read.err });
        throw appError(
          "INTERNAL_SERVER_ERROR",
          "BAD_SNAPSHOT",
          "The saved state of this interaction could not be read",
        );
      }
      if (pending) return { state: read.state, status, fromSnapshot: true };
      const state = clockStoppedWhenSaved(read.state, row.snapshot!.savedAt);
      return { state, status: this.reconcile(state, status, persistence), fromSnapshot: true };
    }
    const setup = InteractionSetup.safeParse(row.setup);
    if (!setup.success) {
      const issue = setup.error.issues[0];
      throw appError(
        "PRECONDITION_FAILED",
        "INVALID_SETUP",
        `This interaction cannot go live: ${issue ? setupIssueText(row.setup, issue) : "invalid setup"}`,
      );
    }
    const state = createInteraction(setup.data, {
      seed: seed ?? this.deps.seed(),
      now: this.deps.now(),
      turnTimeoutMs,
    });
    return { state, status, fromSnapshot: false };
  }

  /**
   * The snapshot is written before the writes that follow it (results, status), one at a time; a
   * server that died between them left the row saying "live" for a game its snapshot says ended
   * or paused (every join refused, no results ever stored), or "awaiting its DM" for one whose DM
   * came back. Those writes are queued again from the snapshot (both are safe to repeat); the
   * outbox goes once they land, or stays with the room built from it.
   */
  private reconcile(
    state: InteractionState,
    status: InteractionStatus,
    persistence: PersistenceQueue,
  ): InteractionStatus {
    const want = storeStatusOf(state.status);
    if (status === want) return status;
    const id = state.id;
    this.deps.log.warn(
      { roomId: id, stored: status, snapshot: state.status },
      "stored status lags the snapshot; writing it again",
    );
    if (want === "completed" && state.results)
      persistence.saveResults({
        interactionId: id,
        results: state.results,
        turnLog: fullTurnLog(state),
        chatLog: fullChat(state),
      });
    persistence.setStatus(id, want);
    persistence.release(id);
    return want;
  }

  /** A failed load: the store's own verdict on the interaction (ConvexError `data`), or an outage. */
  private loadFailure(interactionId: string, err: unknown): TRPCError {
    const rejected = storeRejection(err);
    if (!rejected) {
      this.deps.log.error({ roomId: interactionId, err }, "loading the interaction failed");
      return appError(
        "SERVICE_UNAVAILABLE",
        "STORE_UNAVAILABLE",
        "Storage is unreachable right now; try again shortly",
      );
    }
    if (rejected.kind === "not_found") return appError("NOT_FOUND", "NOT_FOUND", rejected.message);
    if (rejected.kind === "invalid" || rejected.kind === "invalid_state")
      return appError("PRECONDITION_FAILED", "INVALID_SETUP", rejected.message);
    // A wrong or missing service secret (forbidden / misconfigured): retrying cannot help. As an
    // internal error it is reported (with the store's words) by the server's onError, once.
    const misconfigured = rejected.kind === "forbidden" || rejected.kind === "misconfigured";
    return appError(
      "INTERNAL_SERVER_ERROR",
      misconfigured ? "STORE_MISCONFIGURED" : "STORE_REJECTED",
      `Storage refused to load this interaction (${rejected.kind}: ${rejected.message}); please report this`,
      { kind: rejected.kind },
    );
  }

  private create(loaded: Loaded): Room {
    // A load already in flight when shutdown began: its room would miss the final halt and
    // snapshot, and the commands it accepted would be lost.
    if (this.closed) throw shuttingDown();
    const room = new Room(
      {
        settings: this.deps.settings,
        log: this.deps.log,
        metrics: this.deps.metrics,
        persistence: this.backing(loaded.state.id).persistence,
        now: this.deps.now,
        reportError: this.deps.reportError,
        onDispose: (r) => {
          if (this.rooms.get(r.id) === r) {
            this.rooms.delete(r.id);
            if (this.overrides.has(r.id)) this.ended.add(r.id);
            // Its last snapshot is queued; the writer forgets the outbox once that is written.
            this.backing(r.id).persistence.release(r.id);
          }
          this.deps.metrics.rooms.set(this.rooms.size);
        },
      },
      loaded.state,
    );
    this.rooms.set(room.id, room);
    this.deps.metrics.rooms.set(this.rooms.size);
    room.log.info({ version: room.version, fromSnapshot: loaded.fromSnapshot }, "room created");
    return room;
  }
}

type Read = { ok: true; state: InteractionState } | { ok: false; message: string; err: unknown };

/** A stored snapshot's state: decoded (either format, snapshotCodec.ts), then checked. */
function readSnapshot(stored: StoredSnapshot): Read {
  let decoded: unknown;
  try {
    decoded = decodeStored(stored);
  } catch (err) {
    return { ok: false, message: "stored snapshot could not be decoded", err };
  }
  return readState(decoded);
}

/**
 * The state, checked with the engine's schema. The schema has no transforms, so the value
 * checked is the value parsed; keeping it (not zod's copy) keeps what decoded checkpoints
 * share with the current game shared.
 */
function readState(candidate: unknown): Read {
  const parsed = InteractionState.safeParse(candidate);
  if (!parsed.success)
    return {
      ok: false,
      message: "stored snapshot does not match the engine's state schema",
      err: parsed.error,
    };
  return { ok: true, state: deepFreeze(candidate as InteractionState) };
}

/**
 * A snapshot written while a player's turn ran (a round end, a defeat, a disconnect) keeps the
 * turn's deadline. A server that stopped without its shutdown snapshot (a crash, a flush past its
 * deadline) never stopped that clock, so the rebuilt room would time the turn out at once, before
 * its player could even reconnect. The turn keeps the time it had when the snapshot was saved, as
 * it does after a shutdown (the room's `startClock` gives it back).
 */
function clockStoppedWhenSaved(state: InteractionState, savedAt: number): InteractionState {
  if (!inPlay(state) || state.turn?.deadline === undefined) return state;
  const stopped = applyCommand(
    state,
    { type: "stopClock" },
    { actor: { userId: "system", role: "admin" }, now: savedAt },
  );
  return stopped.ok ? stopped.state : state;
}

function isParticipant(state: InteractionState, sender: Sender): boolean {
  if (sender.isAdmin || state.dmUserId === sender.userId) return true;
  return Object.values(state.entities).some((e) => e.kind === "pc" && e.ownerUserId === sender.userId);
}

const simulationEnded = (): TRPCError =>
  appError("PRECONDITION_FAILED", "NOT_LIVE", "This simulation has ended; start a new one from Test mode");

/** Why a join was refused, for whoever asked: a player back after a pause or the end, or the DM. */
function notLive(status: string): string {
  if (status === "paused") return "This interaction is paused; it reopens when the DM resumes it";
  if (status === "completed") return "This interaction is over: the DM has ended it";
  return `This interaction is not live (${status}); the DM must launch it`;
}
