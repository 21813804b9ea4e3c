import { viewFor } from "@roundtable/live/engine";
import { encodePatches, PROTOCOL_VERSION } from "@roundtable/live/protocol";
import type { LiveEvent } from "@roundtable/live/router";
import { describe, expect, it } from "vitest";
import { DM, dmActor, FakeRoom, P1, P2, p1Actor, type Tracked } from "./fake-room";
import { createLiveStore, getLiveStore, type LiveStore } from "./live-store";

function joined(room: FakeRoom, userId = P1, audience: "dm" | "player" = "player"): LiveStore {
  const store = createLiveStore(room.state.id);
  const sync = room.sync(userId, audience);
  store.getState().receive(sync.data, sync.id);
  return store;
}

const feed = (store: LiveStore, events: Tracked[]) =>
  events.forEach((e) => store.getState().receive(e.data, e.id));

/** Rolls initiative and starts the ambush; returns what P1 received. */
function startGame(room: FakeRoom, userId = P1, audience: "dm" | "player" = "player"): Tracked[] {
  return [
    ...room.run({ type: "rollInitiative", scope: "all" }, dmActor, userId, audience),
    ...room.run({ type: "start" }, dmActor, userId, audience),
  ];
}

describe("live-state store", () => {
  it("joins with the sync and applies deltas in order to exactly the server's view", () => {
    const room = new FakeRoom();
    const store = joined(room);
    expect(store.getState().phase).toBe("live");
    expect(store.getState().role).toBe("player");

    const events = startGame(room);
    feed(store, events);

    const s = store.getState();
    expect(s.view).toEqual(viewFor(room.state, "player"));
    expect(s.view?.status).toBe("active");
    expect(s.version).toBe(room.state.version);
    expect(s.lastEventId).toBe(events.at(-1)!.id);
    // the hidden goblins never reach a player
    expect(Object.keys(s.view!.entities)).not.toContain("gob3");
    expect(s.stats.resyncs).toBe(0);
  });

  it("ignores duplicates: the same events again change nothing and count as duplicates", () => {
    const room = new FakeRoom();
    const store = joined(room);
    const events = startGame(room);
    feed(store, events);
    const view = store.getState().view;
    const chat = room.run({ type: "sendChat", channel: "party", text: "hello" }, p1Actor, P1, "player");
    feed(store, chat);

    feed(store, [...events, ...chat]);

    const s = store.getState();
    expect(s.view).toBe(view);
    expect(s.chat.map((m) => m.text)).toEqual(["hello"]);
    expect(s.stats.duplicates).toBe(events.length + chat.length);
    expect(s.phase).toBe("live");
  });

  it("accepts versions that carried nothing for this viewer (someone else's private chat) without resyncing", () => {
    const room = new FakeRoom();
    const store = joined(room);
    feed(store, startGame(room));
    // A private message between the DM and P2: P1 gets nothing at that version.
    expect(
      room.run({ type: "sendChat", channel: "private", text: "psst", to: [P2] }, dmActor, P1, "player"),
    ).toEqual([]);
    feed(store, room.run({ type: "sendChat", channel: "party", text: "all here?" }, dmActor, P1, "player"));
    // The next change chains onto the last version P1 saw a change at, not the one before it.
    const t = room.state.turn!;
    const next = room.run({ type: "skipTurn", turnId: t.id }, dmActor, P1, "player");
    expect(next).toHaveLength(1);
    expect(next[0]!.data).toMatchObject({
      type: "delta",
      v: room.state.version,
      prev: room.state.version - 3,
    });
    feed(store, next);
    const s = store.getState();
    expect(s.phase).toBe("live");
    expect(s.chat.map((m) => m.text)).toEqual(["all here?"]);
    expect(s.view).toEqual(viewFor(room.state, "player"));
    expect(s.stats.resyncs).toBe(0);
  });

  it("detects a gap at the first delta after it (its `prev` is ahead of our version) and asks for a fresh sync", () => {
    const room = new FakeRoom();
    const store = joined(room);
    const events = startGame(room);
    const key = store.getState().subscriptionKey;
    // The start's delta is lost; the next change arrives.
    const lost = events.filter((e) => !(e.data.type === "delta" && e.data.v === room.state.version));
    const skip = room.run({ type: "skipTurn", turnId: room.state.turn!.id }, dmActor, P1, "player");
    feed(store, [...lost, ...skip]);

    let s = store.getState();
    expect(s.phase).toBe("resyncing");
    expect(s.resyncReason).toBe(`missed the change to version ${room.state.version - 1}`);
    expect(s.lastEventId).toBeNull();
    expect(s.subscriptionKey).toBe(key + 1);

    // Whatever the old subscription still delivers is ignored until the sync.
    feed(store, room.run({ type: "sendChat", channel: "party", text: "late" }, dmActor, P1, "player"));
    expect(store.getState().chat).toEqual([]);

    const sync = room.sync(P1, "player");
    store.getState().receive(sync.data, sync.id);
    s = store.getState();
    expect(s.phase).toBe("live");
    expect(s.view).toEqual(viewFor(room.state, "player"));
    expect(s.chat.map((m) => m.text)).toEqual(["late"]);
    expect(s.announcement?.text).toBe("The table is up to date again.");
  });

  it("refuses a sync whose view it cannot read, with an error instead of a broken table", () => {
    const store = createLiveStore("x");
    store.getState().receive(
      {
        type: "sync",
        protocol: PROTOCOL_VERSION,
        version: 1,
        status: "active",
        role: "player",
        userId: P1,
        view: {},
        chat: [],
        now: 0,
      },
      "ep1:1:1",
    );
    expect(store.getState().view).toBeNull();
    expect(store.getState().error).toMatch(/cannot read/);
  });

  it("asks for a reload, not a resync, when the server speaks another wire format", () => {
    const room = new FakeRoom();
    const store = createLiveStore(room.state.id);
    const sync = room.sync(P1, "player");
    store.getState().receive({ ...sync.data, protocol: PROTOCOL_VERSION + 1 } as LiveEvent, sync.id);
    expect(store.getState().view).toBeNull();
    expect(store.getState().phase).toBe("joining");
    expect(store.getState().error).toMatch(/reload the page/);
  });

  it("resyncs when a delta does not fit the local copy", () => {
    const room = new FakeRoom();
    const store = joined(room);
    store.getState().receive(
      {
        type: "delta",
        v: 1,
        p: encodePatches([{ op: "replace", path: ["entities", "nobody", "hp"], value: 3 }]),
      },
      "ep1:1:1",
    );
    expect(store.getState().phase).toBe("resyncing");
    expect(store.getState().resyncReason).toMatch(/did not fit/);
  });

  it("resyncs when events come from a rebuilt room (a new epoch) without a sync", () => {
    const room = new FakeRoom();
    const store = joined(room);
    room.epoch = "ep2";
    feed(store, startGame(room));
    expect(store.getState().phase).toBe("resyncing");
    expect(store.getState().resyncReason).toBe("the room was restarted");
  });

  it("keeps the last event id for a reconnect and takes the server's replay (with overlap) without double-applying", () => {
    const room = new FakeRoom();
    const store = joined(room);
    const first = startGame(room);
    feed(store, first);
    const resumeFrom = store.getState().lastEventId;
    expect(resumeFrom).toBe(first.at(-1)!.id);

    // While the socket is down: more play.
    const turn = room.state.turn!;
    const actor =
      room.state.entities[turn.entityId]!.kind === "pc"
        ? { userId: room.state.entities[turn.entityId]!.ownerUserId!, role: "player" as const }
        : dmActor;
    const missed = [
      ...room.run({ type: "endTurn", turnId: turn.id, entityId: turn.entityId }, actor, P1, "player"),
      ...room.run({ type: "sendChat", channel: "party", text: "while you were away" }, dmActor, P1, "player"),
    ];
    // The replay after `lastEventId` (plus the last event again, as a flaky link might).
    feed(store, [first.at(-1)!, ...missed]);

    const s = store.getState();
    expect(s.view).toEqual(viewFor(room.state, "player"));
    expect(s.chat.map((m) => m.text)).toEqual(["while you were away"]);
    expect(s.lastEventId).toBe(missed.at(-1)!.id);
    expect(s.stats.resyncs).toBe(0);
  });

  it("announces whose turn it is, and 'your turn' urgently for the player who owns it", () => {
    const room = new FakeRoom();
    const store = joined(room);
    feed(store, startGame(room));
    // Play on until one of P1's characters has the turn.
    for (let i = 0; i < 20; i++) {
      const t = room.state.turn!;
      const e = room.state.entities[t.entityId]!;
      if (e.ownerUserId === P1) break;
      feed(store, room.run({ type: "skipTurn", turnId: t.id }, dmActor, P1, "player"));
    }
    const t = room.state.turn!;
    const me = room.state.entities[t.entityId]!;
    expect(me.ownerUserId).toBe(P1);
    expect(store.getState().announcement).toMatchObject({
      text: `Round ${room.state.round}. Your turn: ${me.name}.`,
      urgent: true,
    });
  });

  it("announces a turn once, from the delta that replaces it, and masks a hidden monster's", () => {
    const room = new FakeRoom();
    const store = joined(room);
    feed(store, startGame(room));
    const first = store.getState().announcement;
    expect(first?.text).toMatch(/^Round 1/);
    // A change that is not a new turn (chat outside the view, a presence change) says nothing new.
    feed(
      store,
      room.run({ type: "presence", userId: P2, online: true }, { userId: P2, role: "player" }, P1, "player"),
    );
    expect(store.getState().announcement).toBe(first);
    // Skip until a hidden goblin's turn: players hear about an unseen creature, not its name.
    let heard = "";
    for (let i = 0; i < 20 && !heard; i++) {
      const t = room.state.turn!;
      feed(store, room.run({ type: "skipTurn", turnId: t.id }, dmActor, P1, "player"));
      const now = room.state.entities[room.state.turn!.entityId]!;
      if (now.hidden) heard = store.getState().announcement!.text;
    }
    expect(heard).toMatch(/an unseen creature's turn/);
    expect(store.getState().stats.resyncs).toBe(0);
  });

  it("ends on a closed event and reports why", () => {
    const room = new FakeRoom();
    const store = joined(room, DM, "dm");
    store.getState().receive(
      {
        type: "closed",
        version: 0,
        reason: "inactivity",
        message: "The room closed after a period of inactivity",
      },
      "ep1:0:1",
    );
    const s = store.getState();
    expect(s.phase).toBe("closed");
    expect(s.closed).toEqual({
      reason: "inactivity",
      message: "The room closed after a period of inactivity",
    });
    expect(s.announcement).toMatchObject({ urgent: true });

    // Rejoining asks the rebuilt room for a fresh sync and goes live again.
    const key = s.subscriptionKey;
    store.getState().rejoin();
    expect(store.getState()).toMatchObject({
      phase: "resyncing",
      lastEventId: null,
      subscriptionKey: key + 1,
    });
    room.epoch = "ep2";
    const sync = room.sync(DM, "dm");
    store.getState().receive(sync.data, sync.id);
    expect(store.getState()).toMatchObject({ phase: "live", closed: null });
  });

  it("keeps only the latest refusal among the notices, beside the server's own notices", () => {
    const store = joined(new FakeRoom());
    store
      .getState()
      .receive({ type: "notice", version: 1, message: "Your queued turn no longer fits" }, "ep1:1:5");
    store.getState().refuse("Too late: Brenna's turn 4 is already over (timed out).");
    store.getState().refuse("Too late: Brenna's turn 6 is already over (skipped).");
    expect(store.getState().notices.map((n) => n.message)).toEqual([
      "Your queued turn no longer fits",
      "Too late: Brenna's turn 6 is already over (skipped).",
    ]);
    expect(store.getState().announcement).toMatchObject({
      text: "Too late: Brenna's turn 6 is already over (skipped).",
      urgent: true,
    });
  });

  it("estimates the server clock from live timestamps so countdowns follow the server", () => {
    const room = new FakeRoom();
    const store = joined(room);
    const events = startGame(room);
    // Our clock runs 5 s behind the server's; delivery takes 20 ms.
    for (const e of events) store.getState().receive(e.data, e.id, room.now - 5_000 + 20);
    expect(store.getState().serverOffsetMs).toBe(4_980);
  });

  it("sets the countdown clock from the sync, for a player who joins mid-turn", () => {
    const room = new FakeRoom();
    startGame(room);
    const store = createLiveStore(room.state.id);
    const sync = room.sync(P1, "player");
    // Our clock runs 5 s behind the server's; delivery takes 20 ms.
    store.getState().receive(sync.data, sync.id, room.now - 5_000 + 20);
    expect(store.getState().serverOffsetMs).toBe(4_980);
  });

  it("keeps one table per user: the next user in the same tab starts afresh, not from the DM's view", () => {
    const room = new FakeRoom();
    const dmClient = {};
    const dmTable = getLiveStore(room.state.id, dmClient);
    const sync = room.sync(DM, "dm");
    dmTable.getState().receive(sync.data, sync.id);
    expect(getLiveStore(room.state.id, dmClient)).toBe(dmTable); // reopening resumes

    const playerTable = getLiveStore(room.state.id, {}).getState();
    expect(playerTable.lastEventId).toBeNull();
    expect(playerTable.view).toBeNull();
    expect(playerTable.role).toBeNull();
  });
});
