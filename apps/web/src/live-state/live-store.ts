import type { ChatMessage, ViewState } from "@roundtable/live/engine";
import { decodePatches, deltaBase, PROTOCOL_VERSION } from "@roundtable/live/protocol";
import type { LiveEvent } from "@roundtable/live/router";
import { applyPatches, enablePatches, type Patch } from "immer";
import { createStore, type StoreApi } from "zustand/vanilla";
import { announceTurn } from "./announce";
import { parseEventId } from "./event-id";
import { ServerClock } from "./server-clock";

enablePatches();

export type SeatRole = "dm" | "player" | "admin";

/**
 * joining: waiting for the first `sync`; live: applying events; resyncing: our copy is known
 * to be wrong or incomplete and a fresh `sync` has been asked for; closed: the room left memory.
 */
export type LivePhase = "joining" | "live" | "resyncing" | "closed";

export type Announcement = { id: number; text: string; urgent: boolean };

export type LiveTableState = {
  interactionId: string;
  phase: LivePhase;
  /** The viewer's state as the server filtered it; kept (stale) while resyncing. */
  view: ViewState | null;
  /** The state version the view is at (the last applied delta or sync). */
  version: number;
  /** What a (re)subscription sends so the server replays exactly what was missed. */
  lastEventId: string | null;
  role: SeatRole | null;
  userId: string | null;
  /** Chat this viewer may read, in order. */
  chat: ChatMessage[];
  /** Server notices, and the latest refusal of a command whose control is gone (`refusal`). */
  notices: { id: number; message: string; refusal?: true }[];
  closed: { reason: string; message: string } | null;
  /** The latest thing to say through the aria-live region. */
  announcement: Announcement | null;
  /** Why the last resync was asked for. */
  resyncReason: string | null;
  /** Bumped to make the subscription restart (without `lastEventId` after a resync). */
  subscriptionKey: number;
  /** The subscription failed (the server refused or the socket gave up). */
  error: string | null;
  /** The error passes by itself: the table asks again on its own. Otherwise it was refused for good. */
  retrying: boolean;
  /** Server time minus local time, estimated from server timestamps in live events (turn starts, log, presence, chat). */
  serverOffsetMs: number;
  stats: { applied: number; duplicates: number; resyncs: number };
};

export type LiveTableActions = {
  /** One item from the `events` subscription: the tracked id and the event. */
  receive: (event: LiveEvent, id?: string, receivedAt?: number) => void;
  /** Drops our copy's claim to be current and restarts the subscription for a fresh `sync`. */
  resync: (reason: string) => void;
  /** Restarts the subscription, resuming after the last event (e.g. "Try again" after an error). */
  rejoin: () => void;
  /** `retrying`: the refusal passes by itself and a rejoin is already scheduled. */
  fail: (message: string, retrying?: boolean) => void;
  /**
   * Shows a command's refusal at table level, for when the control that sent it has gone with
   * the turn. It replaces the previous one, so refusals never pile up.
   */
  refuse: (message: string) => void;
  dismissNotice: (id: number) => void;
};

export type LiveStore = StoreApi<LiveTableState & LiveTableActions>;

export function createLiveStore(interactionId: string): LiveStore {
  const clock = new ServerClock();
  // The room's epoch and the last seq seen in it: duplicates are recognised by seq.
  let epoch: string | null = null;
  let seq = -1;
  let ids = 0;

  return createStore<LiveTableState & LiveTableActions>()((set, get) => {
    const say = (text: string, urgent = false): Announcement => ({ id: ++ids, text, urgent });

    const resync = (reason: string) => {
      epoch = null;
      seq = -1;
      set((s) => ({
        phase: "resyncing",
        lastEventId: null,
        resyncReason: reason,
        subscriptionKey: s.subscriptionKey + 1,
        stats: { ...s.stats, resyncs: s.stats.resyncs + 1 },
        announcement: say("The table is out of date; fetching the latest state…"),
      }));
    };

    const duplicate = (id: string | undefined) =>
      set((s) => ({
        lastEventId: id ?? s.lastEventId,
        stats: { ...s.stats, duplicates: s.stats.duplicates + 1 },
      }));

    const applySync = (
      event: Extract<LiveEvent, { type: "sync" }>,
      id: string | undefined,
      receivedAt: number,
    ) => {
      // Another wire format (the server was updated under an open page): its deltas would not
      // decode, and resyncing would not help. Only a reload gets the matching app.
      if ((event as { protocol?: unknown }).protocol !== PROTOCOL_VERSION) {
        set({ error: "The live server was updated: reload the page to keep playing.", retrying: false });
        return;
      }
      if (!looksLikeView(event.view)) {
        set({
          error: "The live server sent a table this app cannot read; try again, or reload the page.",
          retrying: false,
        });
        return;
      }
      const parsed = parseEventId(id);
      epoch = parsed?.epoch ?? null;
      seq = parsed?.seq ?? -1;
      // Joining mid-turn: the countdown needs the server's clock before any later event brings it.
      clock.sample(event.now, receivedAt);
      set((s) => ({
        phase: "live",
        view: event.view as ViewState,
        version: event.version,
        lastEventId: id ?? null,
        role: event.role as SeatRole,
        userId: event.userId,
        chat: [...event.chat].sort((a, b) => a.id - b.id),
        serverOffsetMs: clock.offset(),
        closed: null,
        error: null,
        retrying: false,
        resyncReason: null,
        stats: { ...s.stats, applied: s.stats.applied + 1 },
        announcement: s.phase === "resyncing" ? say("The table is up to date again.") : s.announcement,
      }));
    };

    /**
     * One delta carries everything a command changed for this viewer (turn, log and presence
     * included); it applies on `prev`, so a lost delta shows at once as `prev` ahead of us.
     */
    const applyDelta = (
      event: Extract<LiveEvent, { type: "delta" }>,
      id: string | undefined,
      receivedAt: number,
    ): void => {
      const s = get();
      const view = s.view;
      if (!view) return resync("a change arrived before the table was loaded");
      if (event.v <= s.version) return duplicate(id);
      if (deltaBase(event) > s.version) return resync(`missed the change to version ${deltaBase(event)}`);
      let next: ViewState;
      let patches: Patch[];
      try {
        patches = decodePatches(event.p);
        next = applyPatches(view, patches);
      } catch {
        return resync(`the change to version ${event.v} did not fit our copy`);
      }
      let turnChanged = false;
      for (const p of patches) {
        const top = p.path[0];
        if (p.path.length === 1 && top === "turn") turnChanged = true;
        if (top === "turn" || top === "log" || top === "presence") sampleClock(p, receivedAt);
      }
      set((st) => ({
        view: next,
        version: event.v,
        lastEventId: id ?? st.lastEventId,
        stats: { ...st.stats, applied: st.stats.applied + 1 },
        serverOffsetMs: clock.offset(),
        // A new turn (or none, or a rolled-back one) replaces `turn` whole.
        ...(turnChanged
          ? { announcement: announceTurn(next, st.userId, st.role, next.round, next.turn, ++ids) }
          : {}),
      }));
    };

    /** Server timestamps in a patch's value: a turn's start, a log line's or a presence change's time. */
    const sampleClock = (p: Patch, receivedAt: number) => {
      if (p.op === "remove" || p.value === null || typeof p.value !== "object") return;
      const v = p.value as { startedAt?: unknown; at?: unknown };
      const at = p.path[0] === "turn" ? (p.path.length === 1 ? v.startedAt : undefined) : v.at;
      if (typeof at === "number") clock.sample(at, receivedAt);
    };

    const receive = (event: LiveEvent, id?: string, receivedAt = Date.now()): void => {
      if (event.type === "sync") return applySync(event, id, receivedAt);
      const s = get();
      if (s.phase === "resyncing" || s.phase === "closed") return;
      const parsed = parseEventId(id);
      if (parsed) {
        if (epoch !== null && parsed.epoch !== epoch) return resync("the room was restarted");
        if (parsed.seq <= seq) return duplicate(id);
        seq = parsed.seq;
      }
      if (!s.view) return resync("an event arrived before the table was loaded");
      if (event.type === "delta") return applyDelta(event, id, receivedAt);
      const patch: Partial<LiveTableState> = { lastEventId: id ?? s.lastEventId };
      switch (event.type) {
        case "chat":
          clock.sample(event.message.at, receivedAt);
          if (!s.chat.some((m) => m.id === event.message.id))
            patch.chat = [...s.chat, event.message].sort((a, b) => a.id - b.id);
          break;
        case "notice":
          patch.notices = [...s.notices, { id: ++ids, message: event.message }];
          patch.announcement = say(event.message, true);
          break;
        case "closed":
          patch.phase = "closed";
          patch.closed = { reason: event.reason, message: event.message };
          patch.announcement = say(event.message, true);
          break;
      }
      patch.serverOffsetMs = clock.offset();
      set(patch);
    };

    return {
      interactionId,
      phase: "joining",
      view: null,
      version: 0,
      lastEventId: null,
      role: null,
      userId: null,
      chat: [],
      notices: [],
      closed: null,
      announcement: null,
      resyncReason: null,
      subscriptionKey: 0,
      error: null,
      retrying: false,
      serverOffsetMs: 0,
      stats: { applied: 0, duplicates: 0, resyncs: 0 },
      receive,
      resync,
      rejoin: () => {
        if (get().phase === "closed") {
          // The room that closed is gone; whatever replaces it starts with a fresh sync.
          epoch = null;
          seq = -1;
          set((s) => ({
            phase: "resyncing",
            closed: null,
            lastEventId: null,
            error: null,
            retrying: false,
            subscriptionKey: s.subscriptionKey + 1,
          }));
        } else set((s) => ({ error: null, retrying: false, subscriptionKey: s.subscriptionKey + 1 }));
      },
      fail: (message, retrying = false) => set({ error: message, retrying }),
      refuse: (message) =>
        set((s) => ({
          notices: [...s.notices.filter((n) => !n.refusal), { id: ++ids, message, refusal: true }],
          announcement: say(message, true),
        })),
      dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
    };
  });
}

/** A cheap shape check of a sync's view: enough that the screens cannot crash on it. */
function looksLikeView(v: unknown): v is ViewState {
  if (!v || typeof v !== "object") return false;
  const o = v as Record<string, unknown>;
  const obj = (x: unknown) => x !== null && typeof x === "object";
  return (
    typeof o.status === "string" &&
    Array.isArray(o.order) &&
    obj(o.entities) &&
    obj(o.map) &&
    obj(o.log) &&
    obj(o.presence) &&
    obj(o.queued) &&
    Array.isArray(o.makeUps) &&
    Array.isArray(o.missed)
  );
}

/** Stores per live client: a client is one signed-in user's connection, so no user ever gets another's table. */
const stores = new WeakMap<object, Map<string, LiveStore>>();

/**
 * One store per live interaction per user for the whole session, so closing and reopening the
 * table resumes after the last event instead of starting over. `owner` is the live client (one
 * per signed-in user): the next user in the same tab starts from a fresh `sync`, never from the
 * previous user's view or `lastEventId`.
 */
export function getLiveStore(interactionId: string, owner: object): LiveStore {
  let mine = stores.get(owner);
  if (!mine) stores.set(owner, (mine = new Map<string, LiveStore>()));
  let store = mine.get(interactionId);
  if (!store) {
    store = createLiveStore(interactionId);
    mine.set(interactionId, store);
  }
  return store;
}
