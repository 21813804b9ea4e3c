import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { ConvexError } from "convex/values";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalServices } from "../start";
import { fetchToken, startForTest, tempDataDir } from "../test-support";

type Message = { _id: string; channel: string; body: string; author: string };
const list = makeFunctionReference<"query", { channel: string }, Message[]>("messages:list");
const whoami = makeFunctionReference<
  "query",
  Record<string, never>,
  { subject: string; issuer: string; tokenIdentifier: string; role?: string } | null
>("messages:whoami");
const send = makeFunctionReference<"mutation", { channel: string; body: unknown }, string>("messages:send");
const remove = makeFunctionReference<"mutation", { id: string }, null>("messages:remove");
const announce = makeFunctionReference<"action", { channel: string; body: string }, string>(
  "messages:announce",
);
const internalCount = makeFunctionReference<"query">("messages:count");
const sendAsQuery = makeFunctionReference<"query", { channel: string; body: string }>("messages:send");

let data: Awaited<ReturnType<typeof tempDataDir>>;
let services: LocalServices;
let anon: ConvexHttpClient;
let p1: ConvexHttpClient;

beforeAll(async () => {
  data = await tempDataDir();
  services = await startForTest(data.dir);
  anon = new ConvexHttpClient(services.convexUrl, { logger: false });
  p1 = new ConvexHttpClient(services.convexUrl, {
    logger: false,
    auth: await fetchToken(services, "user_demo_p1"),
  });
});
afterAll(async () => {
  await services.stop();
  await data.remove();
});

describe("local Convex over HTTP (unmodified ConvexHttpClient)", () => {
  it("runs queries and mutations; writes are visible to other clients", async () => {
    expect(await anon.query(list, { channel: "http" })).toEqual([]);
    const id = await p1.mutation(send, { channel: "http", body: "hello" });
    expect(await anon.query(list, { channel: "http" })).toEqual([
      expect.objectContaining({ _id: id, body: "hello", author: "user_demo_p1" }),
    ]);
    expect(await p1.mutation(remove, { id })).toBeNull();
    expect(await anon.query(list, { channel: "http" })).toEqual([]);
  });

  it("passes the verified identity to functions", async () => {
    expect(await anon.query(whoami, {})).toBeNull();
    const admin = new ConvexHttpClient(services.convexUrl, {
      logger: false,
      auth: await fetchToken(services, "user_demo_admin"),
    });
    expect(await admin.query(whoami, {})).toEqual({
      subject: "user_demo_admin",
      issuer: services.authUrl,
      tokenIdentifier: `${services.authUrl}|user_demo_admin`,
      role: "admin",
      name: "Admin",
    });
  });

  it('accepts tokens from the "convex" JWT template (aud: convex)', async () => {
    const res = await fetch(`${services.authUrl}/token`, {
      method: "POST",
      body: JSON.stringify({ userId: "user_demo_p3", template: "convex" }),
    });
    const { token } = (await res.json()) as { token: string };
    expect(
      JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { aud: string },
    ).toMatchObject({ aud: "convex" });
    const client = new ConvexHttpClient(services.convexUrl, { logger: false, auth: token });
    expect(await client.query(whoami, {})).toMatchObject({ subject: "user_demo_p3", role: "user" });
  });

  it("delivers a ConvexError with its data and changes nothing", async () => {
    const err: unknown = await anon
      .mutation(send, { channel: "errors", body: "hi" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConvexError);
    expect((err as ConvexError<{ kind: string }>).data).toEqual({
      kind: "unauthenticated",
      message: "Sign in to send messages",
    });
    const empty: unknown = await p1
      .mutation(send, { channel: "errors", body: "  " })
      .catch((e: unknown) => e);
    expect((empty as ConvexError<{ kind: string }>).data).toMatchObject({ kind: "invalid" });
    expect(await anon.query(list, { channel: "errors" })).toEqual([]);
  });

  it("rejects arguments that fail the validators", async () => {
    const err: unknown = await p1.mutation(send, { channel: "errors", body: 42 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(ConvexError);
    expect((err as Error).message).toMatch(/Expected `string`, got `42`/);
    expect(await anon.query(list, { channel: "errors" })).toEqual([]);
  });

  it("refuses internal functions and functions of another kind", async () => {
    await expect(anon.query(internalCount, {})).rejects.toThrow(
      /Could not find public function for 'messages:count'/,
    );
    await expect(p1.query(sendAsQuery, { channel: "x", body: "y" })).rejects.toThrow(
      /Could not find public function/,
    );
    expect(await anon.query(list, { channel: "x" })).toEqual([]);
  });

  it("runs actions, including the mutations they call", async () => {
    const id = await anon.action(announce, { channel: "news", body: "doors open" });
    expect(await anon.query(list, { channel: "news" })).toEqual([
      expect.objectContaining({ _id: id, author: "system" }),
    ]);
  });

  it("refuses a forged token", async () => {
    const token = await fetchToken(services, "user_demo_p2");
    const forged = new ConvexHttpClient(services.convexUrl, {
      logger: false,
      auth: `${token.slice(0, -4)}AAAA`,
    });
    await expect(forged.query(whoami, {})).rejects.toThrow(/Unauthenticated|signature/);
  });
});
