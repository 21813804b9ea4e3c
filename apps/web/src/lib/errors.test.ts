import { TRPCClientError } from "@trpc/client";
import { ConvexError } from "convex/values";
import { describe, expect, it } from "vitest";
import { errorMessage, LOST_CONNECTION, lostInFlight } from "./errors";

describe("errorMessage", () => {
  it("gives the server's own words, the first line of an uncaught error, and plain words for a malformed link", () => {
    expect(errorMessage(new ConvexError({ kind: "forbidden", message: "Only the DM can open it" }))).toBe(
      "Only the DM can open it",
    );
    expect(errorMessage(new Error("[Request ID: 1] Server Error\nUncaught Error: boom\n  at handler"))).toBe(
      "boom",
    );
    expect(
      errorMessage(
        new Error(
          '[CONVEX Q(characters:get)] Validator error: Expected ID for table "characters", got "abc"',
        ),
      ),
    ).toBe("This link does not point to anything that exists.");
  });
});

describe("errorMessage for a live-server call lost with its socket", () => {
  it("says in words that it may or may not have happened, not tRPC's 'Unknown error'", () => {
    // as tRPC's socket client fails a call in flight: the socket's close event as the cause
    const closed = TRPCClientError.from(new CloseEvent("close", { code: 1006 }));
    expect(errorMessage(closed)).toBe(LOST_CONNECTION);
    expect(LOST_CONNECTION).toMatch(/may or may not have happened/);
    // a refusal keeps the server's own words
    const refused = TRPCClientError.from({
      error: { code: -32009, message: "Too late", data: { appCode: "STALE_TURN" } },
    });
    expect(errorMessage(refused)).toBe("Too late");
  });
});

describe("errorMessage for a refused session token", () => {
  const refused = (reason: string) =>
    TRPCClientError.from({
      error: {
        code: -32001,
        message: `Session token rejected (${reason}): JWT is expired. Expiry date: …`,
        data: { code: "UNAUTHORIZED", appCode: "UNAUTHENTICATED", details: { reason } },
      },
    });
  it("says why in plain words, without token jargon", () => {
    expect(errorMessage(refused("expired"))).toBe("Your sign-in expired; reconnecting…");
    expect(errorMessage(refused("invalid"))).toBe("Your sign-in was not accepted; reconnecting…");
    expect(errorMessage(refused("missing"))).toBe("You are signed out: sign in again to join the table.");
  });
});

describe("lostInFlight", () => {
  it("is a call failed by the socket closing, not the server's answer", () => {
    // as tRPC's socket client fails a call in flight: the socket's close event as the cause
    const closed = TRPCClientError.from(new CloseEvent("close", { code: 1006 }));
    const unsent = TRPCClientError.from(
      Object.assign(new Error("Closed before connection was established"), {
        name: "TRPCWebSocketClosedError",
      }),
    );
    expect(lostInFlight(unsent)).toBe(false);
    const refused = TRPCClientError.from({
      error: { code: -32009, message: "Too late", data: { appCode: "STALE_TURN" } },
    });
    expect([lostInFlight(closed), lostInFlight(refused), lostInFlight(new Error("x"))]).toEqual([
      true,
      false,
      false,
    ]);
  });
});
