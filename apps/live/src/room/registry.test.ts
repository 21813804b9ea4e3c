import { ConvexError } from "convex/values";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryStore } from "../persistence/memoryStore";
import type {
  ClaimFor,
  ClaimToken,
  LiveStatus,
  LoadedInteraction,
  SnapshotInput,
} from "../persistence/store";
import {
  ADMIN,
  DM,
  P1,
  type TestClient,
  type TestServer,
  connectClient,
  currentTurn,
  failure,
  openTable,
  signToken,
  startCombat,
  startTestServer,
  tableSetup,
  waitUntil,
  watch,
} from "../testkit";

/**
 * A MemoryStore whose loads can be held, or rejected as ConvexStore rejects them (ConvexError);
 * it records for whom each load asked to claim the draft, and each claim released. It claims as
 * convex/live.ts does: a draft, for its DM or an admin's (`asAdmin`) launch of a test
 * interaction, each claim with a token of its own, held until released by that token or until
 * the status changes.
 */
class ScriptedStore extends MemoryStore {
  loads = 0;
  /** Per load: `claimFor` (undefined for a join's load, which must claim nothing). */
  readonly claimsAsked: (string | undefined)[] = [];
  /** Per launch's load: whether it said the launching user's token is an admin's. */
  readonly askedAsAdmin: boolean[] = [];
  readonly released: [interactionId: string, claimFor: string, claim: ClaimToken][] = [];
  /** The claim in force per interaction (its token). */
  readonly claims = new Map<string, ClaimToken>();
  private lastClaim = 0;
  /** Claims, then loses the answer on the way back (an outage after the write). */
  loseAnswer = false;
  gate: Promise<void> | null = null;
  /** Holds a load's answer after the row was read (a slow answer on the way back). */
  answerGate: Promise<void> | null = null;
  rowsRead = 0;
  /** Holds snapshot writes before they are stored. */
  saveGate: Promise<void> | null = null;
  readonly rejections = new Map<string, { kind: string; message: string }>();

  override async loadForRoom(
    interactionId: string,
    opts?: Partial<ClaimFor>,
  ): Promise<LoadedInteraction | null> {
    this.loads++;
    this.claimsAsked.push(opts?.claimFor);
    if (opts?.claimFor !== undefined) this.askedAsAdmin.push(opts.asAdmin === true);
    await this.gate;
    const rejected = this.rejections.get(interactionId);
    if (rejected) throw new ConvexError(rejected);
    const row = await super.loadForRoom(interactionId);
    this.rowsRead++;
    const setup = row?.setup as { dmUserId?: unknown; isTest?: unknown } | undefined;
    const mayLaunch =
      setup?.dmUserId === opts?.claimFor || (opts?.asAdmin === true && setup?.isTest === true);
    if (row?.status === "draft" && opts?.claimFor !== undefined && mayLaunch) {
      row.claim = ++this.lastClaim;
      this.claims.set(interactionId, row.claim);
    }
    if (this.loseAnswer) throw new TypeError("fetch failed");
    await this.answerGate;
    return row;
  }

  override async releaseClaim(interactionId: string, claimFor: string, claim: ClaimToken): Promise<void> {
    this.released.push([interactionId, claimFor, claim]);
    if (this.claims.get(interactionId) === claim) this.claims.delete(interactionId);
    return super.releaseClaim(interactionId, claimFor, claim);
  }

  override async setStatus(interactionId: string, status: LiveStatus): Promise<void> {
    await super.setStatus(interactionId, status);
    this.claims.delete(interactionId);
  }

  override async saveSnapshot(input: SnapshotInput): Promise<{ stored: boolean }> {
    await this.saveGate;
    return super.saveSnapshot(input);
  }
}

function held(): { gate: Promise<void>; release: () => void } {
  let release = () => undefined as void;
  const gate = new Promise<void>((r) => (release = r));
  return { gate, release };
}

const servers: TestServer[] = [];
const clients: TestClient[] = [];
async function setup(): Promise<{
  s: TestServer;
  store: ScriptedStore;
  client: (u: string) => Promise<TestClient>;
}> {
  const store = new ScriptedStore();
  const s = await startTestServer({}, store);
  servers.push(s);
  const client = async (userId: string) => {
    const c = connectClient(s, await signToken(s.keys, userId));
    clients.push(c);
    return c;
  };
  return { s, store, client };
}
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

describe("room registry", () => {
  it("does not open a room whose load was in flight when shutdown began", async () => {
    const { s, store, client } = await setup();
    store.seed("late", tableSetup("late"), "live");
    let release = () => undefined as void;
    store.gate = new Promise<void>((r) => (release = r));
    const p1 = await client(P1);
    const log = watch(p1, "late");
    const command = failure(
      p1.trpc.interaction.updateInitiative.mutate({ interactionId: "late", entityId: "pc1", initiative: 30 }),
    );
    await waitUntil(() => store.loads > 0, "the join's load");

    const stopping = s.stop();
    release();
    await waitUntil(() => log.errors[0] ?? log.events[0], "the join's answer");
    expect(log.events).toEqual([]);
    expect(log.errors[0]).toMatchObject({ data: { code: "SERVICE_UNAVAILABLE", appCode: "SHUTTING_DOWN" } });
    expect(await command).toMatchObject({ code: "SERVICE_UNAVAILABLE", appCode: "SHUTTING_DOWN" });
    expect(s.registry.size).toBe(0);
    expect(await stopping).toEqual({ flushed: 0, unflushed: [] });
    expect(store.peek("late")?.snapshot).toBeNull();
  });

  it("a relaunch whose load read the row before the pause snapshot landed still resumes the paused game", async () => {
    const { s, store } = await setup();
    const t = await openTable(s, "race");
    clients.push(t.dm, t.p1, t.p2);
    await startCombat(t);
    const turn = await currentTurn(t);
    const save = held();
    store.saveGate = save.gate;
    await t.dm.trpc.interaction.pause.mutate({ interactionId: "race" });
    const paused = s.persistence.unwritten("race");
    expect(paused?.reason).toBe("pause");

    const answer = held();
    store.answerGate = answer.gate;
    const read = store.rowsRead;
    const relaunch = t.dm.trpc.interaction.launch.mutate({ interactionId: "race" });
    await waitUntil(() => store.rowsRead > read, "the relaunch's load read the row"); // its answer held
    store.saveGate = null;
    save.release(); // the pause snapshot lands after the row was read, before the answer comes back
    await waitUntil(() => s.persistence.outboxes === 0, "the pause snapshot written");
    store.answerGate = null;
    answer.release();

    expect(await relaunch).toMatchObject({ status: "active", version: paused!.version + 1 });
    expect(await currentTurn(t)).toMatchObject({ id: turn.id, entityId: turn.entityId });
  });

  it("only a launch asks to claim a draft, for whoever launches: a join, or a refused launch, holds nothing", async () => {
    const { s, store, client } = await setup();
    store.seed("draft", tableSetup("draft"));
    const [p1, dm] = [await client(P1), await client(DM)];
    const log = watch(p1, "draft");
    await waitUntil(() => log.errors[0], "the join's refusal");
    expect(log.errors[0]).toMatchObject({ data: { appCode: "NOT_LIVE" } });
    expect(await failure(p1.trpc.interaction.launch.mutate({ interactionId: "draft" }))).toMatchObject({
      appCode: "DM_ONLY",
    });
    // The store claims only for the draft's DM (live.claimForRoom), so the player's try holds nothing.
    expect(store.claimsAsked).toEqual([undefined, P1]);
    expect(store.released).toEqual([]);

    await dm.trpc.interaction.launch.mutate({ interactionId: "draft" });
    expect(store.claimsAsked).toEqual([undefined, P1, DM]);
    expect(s.registry.size).toBe(1);
    expect(store.released).toEqual([]);
  });

  it("a launch does not ride on a join's load in flight (which claims nothing): it loads for itself", async () => {
    const { s, store, client } = await setup();
    store.seed("both", tableSetup("both"));
    const gate = held();
    store.gate = gate.gate;
    const [p1, dm] = [await client(P1), await client(DM)];
    const log = watch(p1, "both");
    await waitUntil(() => store.loads > 0, "the join's load");
    const launch = dm.trpc.interaction.launch.mutate({ interactionId: "both" });
    await waitUntil(() => store.loads > 1, "the launch's own load");
    gate.release();
    await launch;
    expect(store.claimsAsked).toEqual([undefined, DM]);
    expect(s.registry.size).toBe(1);
    log.unsubscribe();
  });

  it("a launch that fails after its load releases the claim it made, by that claim's token", async () => {
    const { s, store, client } = await setup();
    // Convex accepted it (so claimed it) but the engine's schema refuses it.
    store.seed("broken", { ...tableSetup("broken"), participants: "none" });
    const dm = await client(DM);
    expect(await failure(dm.trpc.interaction.launch.mutate({ interactionId: "broken" }))).toMatchObject({
      appCode: "INVALID_SETUP",
    });
    expect(store.claimsAsked).toEqual([DM]);
    await waitUntil(() => store.released.length > 0, "the release");
    expect(store.released).toEqual([["broken", DM, 1]]);
    expect(store.claims.has("broken")).toBe(false);

    // Its load in flight when shutdown began: the room is never created, the claim released.
    store.seed("late", tableSetup("late"));
    const gate = held();
    store.gate = gate.gate;
    const launch = failure(dm.trpc.interaction.launch.mutate({ interactionId: "late" }));
    await waitUntil(() => store.loads > 1, "the launch's load");
    const stopping = s.stop();
    gate.release();
    expect(await launch).toMatchObject({ code: "SERVICE_UNAVAILABLE", appCode: "SHUTTING_DOWN" });
    await stopping;
    expect(store.released).toEqual([
      ["broken", DM, 1],
      ["late", DM, 2],
    ]);
    expect(store.claims.size).toBe(0);
  });

  it("a launch whose load got no answer releases nothing: without its token it could end a newer launch's claim", async () => {
    const { s, store, client } = await setup();
    store.seed("lost", tableSetup("lost"));
    const dm = await client(DM);
    store.loseAnswer = true;
    expect(await failure(dm.trpc.interaction.launch.mutate({ interactionId: "lost" }))).toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      appCode: "STORE_UNAVAILABLE",
    });
    // The DM tries again (another tab): this launch's claim holds the draft until its "live" write.
    store.loseAnswer = false;
    const answer = held();
    store.answerGate = answer.gate;
    const again = dm.trpc.interaction.launch.mutate({ interactionId: "lost" });
    await waitUntil(() => store.rowsRead > 1, "the second launch's load");
    expect(store.claims.get("lost")).toBe(2);
    answer.release();
    await again;
    await waitUntil(() => store.peek("lost")?.status === "live", "the live write");
    expect(store.released).toEqual([]);
    expect(s.registry.size).toBe(1);
  });

  it("an admin's launch of someone else's test interaction claims it, saying the token is an admin's", async () => {
    const { s, store } = await setup();
    store.seed("trial", tableSetup("trial", { isTest: true }));
    store.seed("real", tableSetup("real"));
    const admin = connectClient(s, await signToken(s.keys, ADMIN, { role: "admin" }));
    clients.push(admin);
    // Not a test interaction: refused, and it holds nothing.
    expect(await failure(admin.trpc.interaction.launch.mutate({ interactionId: "real" }))).toMatchObject({
      appCode: "DM_ONLY",
    });
    expect(store.claims.has("real")).toBe(false);

    const answer = held();
    store.answerGate = answer.gate;
    const launch = admin.trpc.interaction.launch.mutate({ interactionId: "trial" });
    await waitUntil(() => store.rowsRead > 1, "the launch's load");
    // Until the "live" write, no one can delete a character the room starts with.
    expect(store.claims.has("trial")).toBe(true);
    answer.release();
    expect(await launch).toMatchObject({ status: "lobby" });
    expect(store.askedAsAdmin).toEqual([true, true]);
    await waitUntil(() => store.peek("trial")?.status === "live", "the live write");
    expect(store.claims.has("trial")).toBe(false);
  });

  it("answers the store's rejection of an interaction (invalid_state) as PRECONDITION_FAILED with its message", async () => {
    const { s, store, client } = await setup();
    store.seed("empty", tableSetup("empty"));
    store.rejections.set("empty", { kind: "invalid_state", message: '"Empty" has no participants yet' });
    const dm = await client(DM);
    expect(await failure(dm.trpc.interaction.launch.mutate({ interactionId: "empty" }))).toMatchObject({
      code: "PRECONDITION_FAILED",
      appCode: "INVALID_SETUP",
      message: '"Empty" has no participants yet',
    });
    expect(s.registry.size).toBe(0);
  });

  it("answers a refused service secret as a reported internal error, and an outage as STORE_UNAVAILABLE", async () => {
    const { store, client } = await setup();
    store.seed("secret", tableSetup("secret"));
    store.rejections.set("secret", { kind: "forbidden", message: "Invalid service secret" });
    const dm = await client(DM);
    expect(await failure(dm.trpc.interaction.launch.mutate({ interactionId: "secret" }))).toMatchObject({
      code: "INTERNAL_SERVER_ERROR",
      appCode: "STORE_MISCONFIGURED",
    });
    await waitUntil(() => store.errors.find((e) => e.message.includes("Invalid service secret")), "report");

    store.rejections.clear();
    store.failWith = new TypeError("fetch failed");
    expect(await failure(dm.trpc.interaction.launch.mutate({ interactionId: "secret" }))).toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      appCode: "STORE_UNAVAILABLE",
    });
  });
});

/** A store whose writes after the snapshot (results, status) fail while `down`. */
class LosesLaterWrites extends MemoryStore {
  down = false;
  override setStatus(id: string, status: LiveStatus): Promise<void> {
    return this.down ? Promise.reject(new TypeError("fetch failed")) : super.setStatus(id, status);
  }
  override saveResults(input: Parameters<MemoryStore["saveResults"]>[0]): Promise<void> {
    return this.down ? Promise.reject(new TypeError("fetch failed")) : super.saveResults(input);
  }
}

describe("a server that died between a snapshot and the writes after it", () => {
  it("the next server stores the ended game's results and status from its snapshot", async () => {
    const store = new LosesLaterWrites();
    const first = await startTestServer({ shutdownFlushMs: 200 }, store);
    const t = await openTable(first, "ended");
    clients.push(t.dm, t.p1, t.p2);
    await startCombat(t);
    store.down = true;
    await t.dm.trpc.interaction.end.mutate({ interactionId: "ended" });
    await waitUntil(() => store.peek("ended")?.snapshot?.reason === "complete", "the completion snapshot");
    await first.stop(); // its flush gives up on the results and the status
    store.down = false;
    expect(store.peek("ended")).toMatchObject({ status: "live", results: null });

    const next = await startTestServer({}, store);
    servers.push(next);
    const dm = connectClient(next, await signToken(next.keys, DM));
    clients.push(dm);
    expect(await failure(dm.trpc.interaction.launch.mutate({ interactionId: "ended" }))).toMatchObject({
      appCode: "NOT_LIVE",
      message: "This interaction is already completed",
    });
    await waitUntil(() => store.peek("ended")?.status === "completed", "the completed status");
    const results = store.peek("ended")!.results!;
    expect(results.results).toMatchObject({ winner: "none" });
    expect(JSON.stringify(results.turnLog)).toContain("The interaction is over");
    await waitUntil(() => next.persistence.outboxes === 0, "the outbox to go");
  });

  it('a game whose DM came back is not left "awaiting its DM" by a status write the server lost', async () => {
    const store = new MemoryStore();
    const first = await startTestServer({}, store);
    const t = await openTable(first, "back");
    clients.push(t.dm, t.p1, t.p2);
    await startCombat(t);
    // The DM dropped and came back; the last server died before the "live" write landed.
    await store.setStatus("back", "awaiting_dm");
    await first.stop();

    const next = await startTestServer({}, store);
    servers.push(next);
    const dm = connectClient(next, await signToken(next.keys, DM));
    clients.push(dm);
    expect((await dm.trpc.interaction.state.query({ interactionId: "back" })).view).toMatchObject({
      status: "active",
    });
    await waitUntil(() => store.peek("back")?.status === "live", "the live status");
  });
});
