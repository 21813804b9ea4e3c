import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { TextFrame, writeTextFrame } from "./wsFrame";

describe("writeTextFrame, read by a real ws client", () => {
  let wss: WebSocketServer | undefined;
  afterEach(async () => {
    for (const c of wss?.clients ?? []) c.terminate();
    await new Promise<void>((resolve) => (wss ? wss.close(() => resolve()) : resolve()));
    wss = undefined;
  });

  async function pair(): Promise<{ server: WebSocket; client: WebSocket; received: string[] }> {
    wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    await once(wss, "listening");
    const { port } = wss.address() as AddressInfo;
    const accepted = once(wss, "connection") as Promise<[WebSocket]>;
    const client = new WebSocket(`ws://127.0.0.1:${port}`);
    const received: string[] = [];
    client.on("message", (data: Buffer) => received.push(data.toString()));
    await once(client, "open");
    const [server] = await accepted;
    return { server, client, received };
  }

  const until = async (cond: () => boolean) => {
    for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  };

  it("frames every length ws distinguishes (7-, 16- and 64-bit) and non-ASCII text by its bytes", async () => {
    const { server, received } = await pair();
    const texts = [0, 1, 125, 126, 127, 65535, 65536, 70000].map((n) => "x".repeat(n));
    const accented = `{"message":"Élodie 🗡 ${"ü".repeat(70)}"}`; // < 126 characters, > 125 bytes
    texts.push(accented);
    for (const text of texts) expect(writeTextFrame(server, new TextFrame(text))).toBe(true);
    await until(() => received.length === texts.length);
    expect(received.map((t) => t.length)).toEqual(texts.map((t) => t.length));
    expect(received).toEqual(texts);
    expect(Buffer.byteLength(accented)).toBeGreaterThan(125);
  });

  it("writes the frame itself, in order with ws's own frames, and one frame to many sockets", async () => {
    const { server, received } = await pair();
    const shared = new TextFrame('{"v":2}');
    server.send('{"v":1}');
    expect(writeTextFrame(server, shared)).toBe(true);
    server.send('{"v":3}');
    expect(writeTextFrame(server, shared)).toBe(true);
    await until(() => received.length === 4);
    expect(received).toEqual(['{"v":1}', '{"v":2}', '{"v":3}', '{"v":2}']);
  });

  it("leaves the frame to ws while its sender is busy, so the order still holds", async () => {
    const { server, received } = await pair();
    // A Blob is read asynchronously: ws queues whatever is sent meanwhile.
    server.send(new Blob(["first"]));
    expect(writeTextFrame(server, new TextFrame("second"))).toBe(false);
    await until(() => received.length === 2);
    expect(received).toEqual(["first", "second"]);
  });

  it("writes nothing after the close frame", async () => {
    const { server, client, received } = await pair();
    server.close(1012, "restarting");
    expect(writeTextFrame(server, new TextFrame("late"))).toBe(false);
    const [code] = (await once(client, "close")) as [number];
    expect(code).toBe(1012);
    expect(received).toEqual([]);
  });
});
