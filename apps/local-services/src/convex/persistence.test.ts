import { readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { afterEach, describe, expect, it } from "vitest";
import { fetchToken, startForTest, tempDataDir } from "../test-support";

type Message = { _id: string; _creationTime: number; channel: string; body: string; author: string };
const list = makeFunctionReference<"query", { channel: string }, Message[]>("messages:list");
const channel = makeFunctionReference<
  "query",
  { name: string },
  { lastMessage: string; last: Message } | null
>("messages:channel");
const send = makeFunctionReference<"mutation", { channel: string; body: string }, string>("messages:send");
const remove = makeFunctionReference<"mutation", { id: string }, null>("messages:remove");

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("local Convex persistence", () => {
  it("keeps documents, ids and creation times across a restart", async () => {
    const data = await tempDataDir();
    cleanups.push(data.remove);
    const first = await startForTest(data.dir);
    const c1 = new ConvexHttpClient(first.convexUrl, {
      logger: false,
      auth: await fetchToken(first, "user_demo_p1"),
    });
    const a = await c1.mutation(send, { channel: "log", body: "one" });
    const b = await c1.mutation(send, { channel: "log", body: "two" });
    await c1.mutation(remove, { id: a });
    const c = await c1.mutation(send, { channel: "log", body: "three" });
    const before = await c1.query(list, { channel: "log" });
    // Written in the same mutation as a message, so usually stamped in the same millisecond.
    const channelBefore = await c1.query(channel, { name: "log" });
    await first.stop();

    const saved = JSON.parse(await readFile(join(data.dir, "local-convex.json"), "utf8")) as {
      tables: Record<string, unknown[]>;
    };
    expect(saved.tables.messages).toHaveLength(2);

    const second = await startForTest(data.dir);
    cleanups.push(() => second.stop());
    const c2 = new ConvexHttpClient(second.convexUrl, {
      logger: false,
      auth: await fetchToken(second, "user_demo_p1"),
    });
    expect(await c2.query(list, { channel: "log" })).toEqual(before);
    expect(before.map((m) => m._id)).toEqual([b, c]);
    // References between documents still resolve.
    expect(await c2.query(channel, { name: "log" })).toEqual(channelBefore);
    expect(channelBefore?.last).toMatchObject({ _id: c, body: "three" });
    // New documents get fresh ids.
    const d = await c2.mutation(send, { channel: "log", body: "four" });
    expect([a, b, c]).not.toContain(d);
    expect((await c2.query(list, { channel: "log" })).map((m) => m.body)).toEqual(["two", "three", "four"]);
  });

  it("starts empty without a data file", async () => {
    const data = await tempDataDir();
    cleanups.push(data.remove);
    const s = await startForTest(data.dir);
    cleanups.push(() => s.stop());
    expect(
      await new ConvexHttpClient(s.convexUrl, { logger: false }).query(list, { channel: "log" }),
    ).toEqual([]);
  });

  it("moves a file the schema cannot take aside and starts empty", async () => {
    const data = await tempDataDir();
    cleanups.push(data.remove);
    const bad = {
      format: 1,
      savedAt: "",
      tables: {
        messages: [
          { _id: "000000000000000000000010000messages", _creationTime: 1, channel: "log", body: "no author" },
        ],
      },
    };
    await writeFile(join(data.dir, "local-convex.json"), JSON.stringify(bad));
    const s = await startForTest(data.dir);
    cleanups.push(() => s.stop());
    expect(
      await new ConvexHttpClient(s.convexUrl, { logger: false }).query(list, { channel: "log" }),
    ).toEqual([]);
    const aside = (await readdir(data.dir)).filter((f) => f.startsWith("local-convex.json.unreadable-"));
    expect(aside).toHaveLength(1);
    expect(JSON.parse(await readFile(join(data.dir, aside[0]!), "utf8"))).toEqual(bad);
  });

  it("keeps tables the schema no longer has in the file", async () => {
    const data = await tempDataDir();
    cleanups.push(data.remove);
    const legacy = [{ _id: "000000000000000000000010000legacy", _creationTime: 1, note: "old" }];
    await writeFile(
      join(data.dir, "local-convex.json"),
      JSON.stringify({ format: 1, savedAt: "", tables: { legacy } }),
    );
    const s = await startForTest(data.dir);
    const c = new ConvexHttpClient(s.convexUrl, { logger: false, auth: await fetchToken(s, "user_demo_p3") });
    await c.mutation(send, { channel: "log", body: "new" });
    await s.stop();
    const saved = JSON.parse(await readFile(join(data.dir, "local-convex.json"), "utf8")) as {
      tables: Record<string, unknown[]>;
    };
    expect(saved.tables.legacy).toEqual(legacy);
    expect(saved.tables.messages).toHaveLength(1);
  });
});
