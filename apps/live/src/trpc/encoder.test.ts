import { describe, expect, it } from "vitest";
import { Handshake, PreEncoded, liveEncoder, trackedFrameFrom } from "./encoder";

const body = { type: "delta", v: 12, p: ["=!e/pc1/!t", { x: 4, y: 6 }] };
const pre = () => new PreEncoded(JSON.stringify(body));
const plain = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;
const decode = (x: unknown) => liveEncoder.decode(x as string);

describe("liveEncoder", () => {
  it("writes a tracked pre-encoded item exactly as JSON.stringify would write the plain body", () => {
    for (const [id, jsonrpc] of [
      [1, undefined],
      ["abc", "2.0"],
      [null, undefined],
    ] as const) {
      const tid = 'ep1:12:40"\\';
      const frame = { id, jsonrpc, result: { type: "data", id: tid, data: { id: tid, data: pre() } } };
      const expected = plain({ ...frame, result: { ...frame.result, data: { id: tid, data: body } } });
      expect(decode(liveEncoder.encode(frame))).toEqual(expected);
    }
  });

  it("falls back to a full encode for every other shape, splicing a pre-encoded body anywhere", () => {
    const untracked = { id: 3, result: { type: "data", data: pre() } };
    expect(decode(liveEncoder.encode(untracked))).toEqual({ id: 3, result: { type: "data", data: body } });
    const extra = { id: 3, result: { type: "data", id: "a", data: { id: "a", data: pre(), more: 1 } } };
    expect(decode(liveEncoder.encode(extra))).toEqual({
      id: 3,
      result: { type: "data", id: "a", data: { id: "a", data: body, more: 1 } },
    });
    const reply = { id: 4, result: { type: "data", data: { version: 9 } } };
    expect(decode(liveEncoder.encode(reply))).toEqual(reply);
  });

  it("hands a subscription's envelope over with its first frame, so its own frames match the encoder's", () => {
    for (const [id, jsonrpc] of [
      [7, undefined],
      ["sub-1", "2.0"],
    ] as const) {
      const heads: string[] = [];
      const first = new Handshake(JSON.stringify(body), (head) => heads.push(head));
      const envelope = (tid: string, data: PreEncoded) => ({
        id,
        jsonrpc,
        result: { type: "data", id: tid, data: { id: tid, data } },
      });
      const firstFrame = liveEncoder.encode(envelope("ep1:12:40", first));
      expect(decode(firstFrame)).toEqual(
        plain({
          id,
          jsonrpc,
          result: { type: "data", id: "ep1:12:40", data: { id: "ep1:12:40", data: body } },
        }),
      );
      expect(heads).toHaveLength(1);
      // tRPC keeps the handshake as long as the subscription lives: it must not keep the body.
      expect(first.json).toBe("null");
      const later = pre();
      expect(trackedFrameFrom(heads[0]!, "ep1:13:41", later)).toBe(
        liveEncoder.encode(envelope("ep1:13:41", later)),
      );
    }
  });
});
