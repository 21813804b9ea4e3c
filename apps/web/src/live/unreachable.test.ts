import { behaviorSubject } from "@trpc/server/observable";
import { describe, expect, it } from "vitest";
import { abortWhenUnreachable, UNREACHABLE_MESSAGE } from "./unreachable";

type State = { type: "state"; state: "idle" | "connecting" | "pending"; error: Error | null };
const state = (s: State["state"], error: Error | null = null): State => ({ type: "state", state: s, error });
const socket = (initial: State) => {
  const connectionState = behaviorSubject<State>(initial);
  return { connectionState } as never as Parameters<typeof abortWhenUnreachable>[0] & {
    connectionState: { next: (s: State) => void };
  };
};

describe("abortWhenUnreachable", () => {
  it("aborts a call made on a closed socket when the connection attempt fails", () => {
    const ws = socket(state("idle"));
    const { signal } = abortWhenUnreachable(ws);
    ws.connectionState.next(state("connecting"));
    expect(signal.aborted).toBe(false);
    ws.connectionState.next(state("connecting", new Error("WebSocket closed")));
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe(UNREACHABLE_MESSAGE);
  });

  it("while already failing, waits for the next attempt: it may succeed", () => {
    const failing = state("connecting", new Error("WebSocket closed"));
    const ws = socket(failing);
    const first = abortWhenUnreachable(ws);
    expect(first.signal.aborted).toBe(false);
    ws.connectionState.next(state("pending"));
    ws.connectionState.next(state("connecting", new Error("WebSocket closed")));
    expect(first.signal.aborted).toBe(false);

    const stillDown = socket(failing);
    const second = abortWhenUnreachable(stillDown);
    stillDown.connectionState.next(state("connecting", new Error("WebSocket closed")));
    expect(second.signal.aborted).toBe(true);
  });

  it("never aborts a call that may have been sent: made while connected, or connected since", () => {
    const connected = socket(state("pending"));
    const sent = abortWhenUnreachable(connected);
    connected.connectionState.next(state("connecting", new Error("Server requested reconnect")));
    expect(sent.signal.aborted).toBe(false);

    const later = socket(state("idle"));
    const { signal, stop } = abortWhenUnreachable(later);
    stop();
    later.connectionState.next(state("connecting", new Error("WebSocket closed")));
    expect(signal.aborted).toBe(false);
  });
});
