import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The project's real Convex functions behind Convex's own HTTP protocol (offline stand-in).
import { type LocalServices, startLocalServices } from "@roundtable/local-services";
import { type LiveServer, startLiveServer } from "../server";
import { connectClient, failure, waitUntil, watch } from "../testkit";
import { ConvexStore } from "./convexStore";
import { storeRejection } from "./store";

const SECRET = "test-service-secret-0123456789";
const WEB = "http://localhost:5173";
let services: LocalServices;
let live: LiveServer;
let store: ConvexStore;
let dataDir: string;

async function token(userId: string, template?: string): Promise<string> {
  const res = await fetch(`${services.authUrl}/token`, {
    method: "POST",
    body: JSON.stringify({ userId, ...(template ? { template } : {}) }),
  });
  return ((await res.json()) as { token: string }).token;
}

/** A mutation by name, called as a DM's own client calls it. */
const ref = <T>(name: string) => makeFunctionReference<"mutation", Record<string, unknown>, T>(name);

/** A small goblin-sized sheet a DM can make (a monster, or an NPC). */
function monster(name: string, kind: "monster" | "npc" = "monster") {
  return {
    name,
    kind,
    level: 1,
    xp: 50,
    maxHp: 7,
    ac: 13,
    speed: 30,
    abilities: { str: 0, dex: 2, con: 0, int: 0, wis: 0, cha: 0 },
    inventory: [],
    actions: [],
  };
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "rt-live-convex-"));
  services = await startLocalServices({
    convexPort: 0,
    authPort: 0,
    dataDir,
    webOrigins: [WEB],
    deploymentEnv: { CONVEX_SERVICE_SECRET: SECRET },
  });
  store = new ConvexStore(services.convexUrl, SECRET);
  live = await startLiveServer({
    port: 0,
    host: "127.0.0.1",
    store,
    auth: { jwtKey: services.publicKeyPem, issuer: services.authUrl, authorizedParties: [WEB] },
    settings: { logLevel: "silent" },
  });
}, 60_000);

afterAll(async () => {
  await live?.stop();
  await services?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("ConvexStore against the project's Convex functions", () => {
  it("loads the seeded interaction, marks it live, and writes the pause snapshot and status", async () => {
    expect(services.seed.status).toBe("seeded");
    const crud = new ConvexHttpClient(services.convexUrl, { logger: false });
    crud.setAuth(await token("user_demo_dm", "convex"));
    const mine = await crud.query(
      makeFunctionReference<"query", Record<string, never>, { _id: string; name: string }[]>(
        "interactions:listMine",
      ),
      {},
    );
    const id = mine[0]!._id;

    // A launch's load claims the draft for its DM: until the room's "live" write lands, no one
    // can delete a character it seats (the room would start with a character Convex no longer has).
    await store.loadForRoom(id, { claimFor: "user_demo_dm" });
    const draft = await crud.query(
      makeFunctionReference<"query", { id: string }, { participants: { characterId: string }[] } | null>(
        "interactions:get",
      ),
      { id },
    );
    const removeCharacter = makeFunctionReference<"mutation", { id: string }, unknown>("characters:remove");
    await expect(
      crud.mutation(removeCharacter, { id: draft!.participants.at(-1)!.characterId }),
    ).rejects.toMatchObject({ data: { kind: "conflict" } });

    const dm = connectClient(live, await token("user_demo_dm"));
    const launched = await dm.trpc.interaction.launch.mutate({ interactionId: id });
    expect(launched.status).toBe("lobby");
    let row = await store.loadForRoom(id);
    for (let i = 0; i < 100 && row?.status !== "live"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      row = await store.loadForRoom(id);
    }
    expect(row?.status).toBe("live");
    const log = watch(dm, id);
    await log.waitFor((e) => e.type === "sync");
    await dm.trpc.interaction.start.mutate({ interactionId: id });
    const paused = await dm.trpc.interaction.pause.mutate({ interactionId: id });
    row = await store.loadForRoom(id);
    for (let i = 0; i < 100 && (row?.status !== "paused" || row.snapshot?.version !== paused.version); i++) {
      await new Promise((r) => setTimeout(r, 50));
      row = await store.loadForRoom(id);
    }
    expect(row?.status).toBe("paused");
    expect(row?.snapshot).toMatchObject({ version: paused.version, reason: "pause" });

    // Relaunch rebuilds from the Convex snapshot and resumes.
    const again = await dm.trpc.interaction.launch.mutate({ interactionId: id });
    expect(again).toMatchObject({ status: "active", version: paused.version + 1 });
    await dm.trpc.interaction.end.mutate({ interactionId: id });
    for (let i = 0; i < 100 && row?.status !== "completed"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      row = await store.loadForRoom(id);
    }
    expect(row?.status).toBe("completed");
    await dm.close();
  });

  it("is ready only with the deployment's secret: /readyz says 503 and why with a wrong one", async () => {
    expect((await fetch(`${live.httpUrl}/readyz`)).status).toBe(200);
    await expect(store.ping()).resolves.toBeUndefined();

    const wrong = await startLiveServer({
      port: 0,
      host: "127.0.0.1",
      store: new ConvexStore(services.convexUrl, "not-the-secret"),
      auth: { jwtKey: services.publicKeyPem, issuer: services.authUrl, authorizedParties: [WEB] },
      settings: { logLevel: "silent" },
    });
    try {
      const res = await fetch(`${wrong.httpUrl}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({
        ready: false,
        reason: "storage not usable: Invalid service secret",
      });
    } finally {
      await wrong.stop();
    }
  });

  it("writes snapshots with its own JSON encoding: newer stored, older fenced, errors thrown", async () => {
    const crud = new ConvexHttpClient(services.convexUrl, { logger: false });
    crud.setAuth(await token("user_demo_dm", "convex"));
    const mine = await crud.query(
      makeFunctionReference<"query", Record<string, never>, { _id: string }[]>("interactions:listMine"),
      {},
    );
    const id = mine[0]!._id;
    const before = (await store.loadForRoom(id))?.snapshot?.version ?? 0;
    const state = { id, nested: { list: [1, 2.5, "x", null, true], "key with space": "é ✓" } };
    expect(
      await store.saveSnapshot({ interactionId: id, version: before + 10, reason: "bench", state }),
    ).toMatchObject({ stored: true });
    expect(
      await store.saveSnapshot({ interactionId: id, version: before + 5, reason: "old", state: {} }),
    ).toMatchObject({ stored: false });
    expect((await store.loadForRoom(id))?.snapshot).toMatchObject({
      version: before + 10,
      reason: "bench",
      state,
    });
    const wrong = new ConvexStore(services.convexUrl, "not-the-secret-0123456789");
    const refusal = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (err: unknown) => storeRejection(err),
      );
    expect(
      await refusal(wrong.saveSnapshot({ interactionId: id, version: before + 20, reason: "x", state: {} })),
    ).toMatchObject({ kind: "forbidden" });
    // The function's own verdicts keep their kind (the writer drops what no retry can change).
    expect(
      await refusal(
        store.saveSnapshot({ interactionId: "no-such-room", version: 1, reason: "x", state: {} }),
      ),
    ).toMatchObject({ kind: "not_found" });
  });

  it("gives up on a deployment that never answers after its request timeout, so the writer can retry", async () => {
    // Accepts the connection and the request, then says nothing (a hung network path).
    const hung = createServer(() => undefined);
    await new Promise<void>((r) => hung.listen(0, "127.0.0.1", r));
    const { port } = hung.address() as AddressInfo;
    const silent = new ConvexStore(`http://127.0.0.1:${port}`, SECRET, undefined, 200);
    try {
      await expect(
        silent.saveSnapshot({ interactionId: "x", version: 1, reason: "x", state: {} }),
      ).rejects.toThrow(/timeout/i);
      await expect(silent.setStatus("x", "live")).rejects.toThrow(/timeout/i);
    } finally {
      hung.closeAllConnections();
      await new Promise((r) => hung.close(r));
    }
  });

  it("claims a draft only for its DM's launch: a player's refused launch or join leaves its characters deletable", async () => {
    const crud = new ConvexHttpClient(services.convexUrl, { logger: false });
    crud.setAuth(await token("user_demo_dm", "convex"));
    type Seat = { characterId: string; side: string; position: { x: number; y: number } };
    const mine = await crud.query(
      makeFunctionReference<"query", Record<string, never>, { _id: string; name: string }[]>(
        "interactions:listMine",
      ),
      {},
    );
    const seeded = await crud.query(
      makeFunctionReference<"query", { id: string }, { map: unknown; participants: Seat[] } | null>(
        "interactions:get",
      ),
      { id: mine.find((i) => i.name !== "Spare room")!._id },
    );
    // A draft of its own (last here: the tests above take the newest interaction): the seeded
    // party against a goblin made for it, deleted below.
    const spare = await crud.mutation(ref<string>("characters:create"), { sheet: monster("Spare goblin") });
    const seat = ({ characterId, side, position }: Seat) => ({ characterId, side, position });
    const party = seeded!.participants.filter((p) => p.side === "party").map(seat);
    const foe = seeded!.participants.find((p) => p.side === "enemy")!;
    const id = await crud.mutation(ref<string>("interactions:create"), {
      name: "Spare room",
      kind: "combat",
      map: seeded!.map,
      participants: [...party, { characterId: spare, side: "enemy", position: foe.position }],
    });
    const removeSpare = () => crud.mutation(ref<null>("characters:remove"), { id: spare });

    // The DM's launch load claims it; releasing (a launch that failed) lets it go at once, but
    // only that launch's claim: the first of two launches (two tabs) that fails late leaves the
    // second's in force.
    const first = await store.loadForRoom(id, { claimFor: "user_demo_dm" });
    const second = await store.loadForRoom(id, { claimFor: "user_demo_dm" });
    await store.releaseClaim(id, "user_demo_dm", first!.claim!);
    await expect(removeSpare()).rejects.toMatchObject({ data: { kind: "conflict" } });
    await store.releaseClaim(id, "user_demo_dm", second!.claim!);

    // A player tries to take it live and to join it: both refused, and neither holds the draft.
    const player = connectClient(live, await token("user_demo_p1"));
    expect(await failure(player.trpc.interaction.launch.mutate({ interactionId: id }))).toMatchObject({
      appCode: "DM_ONLY",
    });
    const log = watch(player, id);
    await waitUntil(() => log.errors[0], "the join's refusal");
    expect(log.errors[0]).toMatchObject({ data: { appCode: "NOT_LIVE" } });
    await expect(removeSpare()).resolves.toBeNull();
    await player.close();
  });

  it("claims a test interaction for an admin's launch the live server vouches for, though not its DM", async () => {
    const admin = new ConvexHttpClient(services.convexUrl, { logger: false });
    admin.setAuth(await token("user_demo_admin", "convex"));
    const hero = await admin.mutation(ref<string>("characters:create"), {
      sheet: monster("Test hero", "npc"),
    });
    const foe = await admin.mutation(ref<string>("characters:create"), { sheet: monster("Test goblin") });
    const map = { width: 8, height: 8, blocked: [], difficult: [], objects: [] };
    const id = await admin.mutation(ref<string>("interactions:create"), {
      name: "Admin trial",
      kind: "combat",
      isTest: true,
      map,
      participants: [
        { characterId: hero, side: "party", position: { x: 1, y: 1 } },
        { characterId: foe, side: "enemy", position: { x: 5, y: 1 } },
      ],
    });
    const removeFoe = () => admin.mutation(ref<null>("characters:remove"), { id: foe });
    // Another admin (not this draft's DM) launches it: claimed only on the live server's word.
    expect(await store.loadForRoom(id, { claimFor: "user_other_admin" })).not.toHaveProperty("claim");
    const loaded = await store.loadForRoom(id, { claimFor: "user_other_admin", asAdmin: true });
    await expect(removeFoe()).rejects.toMatchObject({ data: { kind: "conflict" } });
    await store.releaseClaim(id, "user_other_admin", loaded!.claim!);
    await expect(removeFoe()).resolves.toBeNull();
  });
});
