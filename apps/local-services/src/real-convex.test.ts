import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ConvexHttpClient } from "convex/browser";
import { ConvexReactClient } from "convex/react";
import { makeFunctionReference } from "convex/server";
import { ConvexError } from "convex/values";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalServices } from "./start";
import { fetchToken, startForTest, tempDataDir } from "./test-support";

// The project's real convex/ functions behind the local services, as the web app and the live
// server use them.
const SECRET = "local-services-test-secret";
type Live = { _id: string; name: string; dmName: string; myCharacters: { entityId: string; name: string }[] };
const liveForMe = makeFunctionReference<"query", Record<string, never>, Live[]>("interactions:liveForMe");
const interactionsMine = makeFunctionReference<
  "query",
  Record<string, never>,
  { _id: string; name: string }[]
>("interactions:listMine");
const charactersMine = makeFunctionReference<"query", Record<string, never>, { _id: string; name: string }[]>(
  "characters:listMine",
);
const characterGet = makeFunctionReference<"query", { id: string }, unknown>("characters:get");
type CharacterView = { _id: string; ownerId: string; updatedAt: number; inventory: { id: string }[] };
const characterUpdate = makeFunctionReference<"mutation", { id: string; sheet: unknown }, null>(
  "characters:update",
);
const setStatus = makeFunctionReference<
  "mutation",
  { secret: string; interactionId: string; status: string },
  { status: string }
>("live:setStatus");

let data: Awaited<ReturnType<typeof tempDataDir>>;
let services: LocalServices;

beforeAll(async () => {
  data = await tempDataDir();
  services = await startForTest(data.dir, {
    convexDir: undefined,
    deploymentEnv: { CONVEX_SERVICE_SECRET: SECRET },
  });
});
afterAll(async () => {
  await services.stop();
  await data.remove();
});

const as = async (userId: string) =>
  new ConvexHttpClient(services.convexUrl, { logger: false, auth: await fetchToken(services, userId) });

describe("local services with the real convex/ functions", () => {
  it("seeds the demo users, their characters and the goblin ambush", async () => {
    expect(services.seed.status).toBe("seeded");
    const dm = await as("user_demo_dm");
    expect((await dm.query(interactionsMine, {})).map((i) => i.name)).toEqual([
      "Goblin Ambush on the Triboar Trail",
    ]);
    expect(await dm.query(charactersMine, {})).toHaveLength(7);
    const names = async (userId: string) =>
      (await (await as(userId)).query(charactersMine, {})).map((c) => c.name).sort();
    expect(await names("user_demo_p1")).toEqual(["Brenna", "Tobin"]);
    expect(await names("user_demo_p2")).toEqual(["Sable"]);
    expect(await names("user_demo_p3")).toEqual(["Ilya"]);
  });

  it("seeding again on restart adds nothing", async () => {
    await services.stop();
    services = await startForTest(data.dir, {
      convexDir: undefined,
      deploymentEnv: { CONVEX_SERVICE_SECRET: SECRET },
    });
    const dm = await as("user_demo_dm");
    expect(await dm.query(interactionsMine, {})).toHaveLength(1);
    expect(await (await as("user_demo_p1")).query(charactersMine, {})).toHaveLength(2);
  });

  it("a PC seated in a draft grows: the size check reads the draft's seats by character and status", async () => {
    const p1 = await as("user_demo_p1");
    const brenna = (await p1.query(charactersMine, {})).find((c) => c.name === "Brenna")!;
    // Seated in the seeded draft: an edit that grows her reads its seats ("draft", and none).
    const {
      _id,
      ownerId: _o,
      updatedAt: _u,
      ...sheet
    } = (await p1.query(characterGet, {
      id: brenna._id,
    })) as CharacterView;
    const rope = { id: "rope-2", name: "Rope", type: "gear" };
    await p1.mutation(characterUpdate, {
      id: _id,
      sheet: { ...sheet, inventory: [...sheet.inventory, rope] },
    });
    const after = (await p1.query(characterGet, { id: _id })) as CharacterView;
    expect(after.inventory.map((i) => i.id)).toContain("rope-2");
  });

  it("a player's live-interaction subscription opens when the live server takes it live", async () => {
    const player = new ConvexReactClient(services.convexUrl, {
      webSocketConstructor: WebSocket as unknown as typeof globalThis.WebSocket,
      unsavedChangesWarning: false,
      logger: false,
    });
    player.setAuth(() => fetchToken(services, "user_demo_p1"));
    try {
      const watch = player.watchQuery(liveForMe, {});
      const seen: Live[][] = [];
      const unsubscribe = watch.onUpdate(() => {
        const v = watch.localQueryResult();
        if (v) seen.push(v);
      });
      await expect.poll(() => seen.length).toBeGreaterThan(0);
      expect(seen.at(-1)).toEqual([]);

      const [interaction] = await (await as("user_demo_dm")).query(interactionsMine, {});
      const liveServer = new ConvexHttpClient(services.convexUrl, { logger: false });
      expect(
        await liveServer.mutation(setStatus, {
          secret: SECRET,
          interactionId: interaction!._id,
          status: "live",
        }),
      ).toEqual({ status: "live" });

      await expect.poll(() => seen.at(-1)?.length).toBe(1);
      expect(seen.at(-1)?.[0]).toMatchObject({
        name: "Goblin Ambush on the Triboar Trail",
        dmName: "Morgan the DM",
      });
      expect(
        seen
          .at(-1)?.[0]
          ?.myCharacters.map((c) => c.entityId)
          .sort(),
      ).toEqual(["pc1", "pc2"]);
      unsubscribe();
    } finally {
      await player.close();
    }
  });

  it("permission errors arrive as ConvexError with their kind", async () => {
    const [brenna] = await (await as("user_demo_p1")).query(charactersMine, {});
    const err: unknown = await (
      await as("user_demo_p2")
    )
      .query(characterGet, { id: brenna!._id })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConvexError);
    expect((err as ConvexError<{ kind: string }>).data.kind).toBe("forbidden");
    const wrongSecret: unknown = await new ConvexHttpClient(services.convexUrl, { logger: false })
      .mutation(setStatus, { secret: "guess", interactionId: brenna!._id, status: "live" })
      .catch((e: unknown) => e);
    expect((wrongSecret as ConvexError<{ kind: string }>).data.kind).toBe("forbidden");
  });

  it("fills seats saved before they mirrored their game's status at start, with seeding off too", async () => {
    const [interaction] = await (await as("user_demo_dm")).query(interactionsMine, {});
    await new ConvexHttpClient(services.convexUrl, { logger: false }).mutation(setStatus, {
      secret: SECRET,
      interactionId: interaction!._id,
      status: "live",
    });
    await services.stop();
    // The data file as a version before the mirror saved it.
    const file = join(data.dir, "local-convex.json");
    const saved = JSON.parse(await readFile(file, "utf8")) as {
      tables: { seats: Record<string, unknown>[] };
    };
    expect(saved.tables.seats.length).toBeGreaterThan(0);
    saved.tables.seats = saved.tables.seats.map(({ status: _s, updatedAt: _u, ...seat }) => seat);
    await writeFile(file, JSON.stringify(saved));
    services = await startForTest(data.dir, {
      convexDir: undefined,
      deploymentEnv: { CONVEX_SERVICE_SECRET: SECRET },
      seed: false,
    });
    expect(services.seed.status).toBe("skipped");
    const live = await (await as("user_demo_p1")).query(liveForMe, {});
    expect(live.map((i) => i.name)).toEqual(["Goblin Ambush on the Triboar Trail"]);
  });
});
