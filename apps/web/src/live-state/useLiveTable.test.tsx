import { createInteraction, goblinAmbush, viewFor } from "@roundtable/live/engine";
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { LiveTable } from "../features/table/LiveTable";
import { fakeLive, LiveTestProviders, syncEvent } from "../test/fake-live";
import { retryDelay } from "./useLiveTable";

const dmView = viewFor(createInteraction(goblinAmbush(), { seed: 1, now: 0 }), "dm");
/** A refusal as the live server sends it: a tRPC error whose data carries the app's code. */
const refusal = (appCode: string, message: string) => ({
  error: { code: -32603, message, data: { code: "SERVICE_UNAVAILABLE", appCode } },
});

function renderJoining(answers: ((emit: (d: unknown) => void, fail: (e: object) => void) => void)[]) {
  let joins = 0;
  const { live } = fakeLive({
    subscriptions: {
      "interaction.events": (_input, emit, fail) =>
        answers[Math.min(joins++, answers.length - 1)]!(emit, fail),
    },
  });
  render(
    <LiveTestProviders live={live}>
      <LiveTable interactionId="int_1" />
    </LiveTestProviders>,
  );
  return { joins: () => joins };
}

describe("joining the live table", () => {
  it("asks again by itself when the refusal passes (storage briefly out), and shows the table", async () => {
    const t = renderJoining([
      (_emit, fail) =>
        fail(refusal("STORE_UNAVAILABLE", "Storage is unreachable right now; try again shortly")),
      (emit) => emit(syncEvent(dmView, { role: "dm", userId: "u" }, 3)),
    ]);
    expect(await screen.findByText(/trying again by itself/)).toBeInTheDocument();
    expect(screen.getByRole("status", { name: "Connection" })).toHaveTextContent("Not joined: trying again…");
    expect(await screen.findByText("You are the DM", {}, { timeout: 3_000 })).toBeInTheDocument();
    expect(screen.queryByText("Could not join the table")).not.toBeInTheDocument();
    expect(t.joins()).toBe(2);
  });

  it("says an expired sign-in in plain words and joins again by itself", async () => {
    const t = renderJoining([
      (_emit, fail) =>
        fail({
          error: {
            code: -32001,
            message: "Session token rejected (expired): JWT is expired. Expiry date: 2026-01-01",
            data: { code: "UNAUTHORIZED", appCode: "UNAUTHENTICATED", details: { reason: "expired" } },
          },
        }),
      (emit) => emit(syncEvent(dmView, { role: "dm", userId: "u" }, 3)),
    ]);
    expect(await screen.findByText("Your sign-in expired; reconnecting…")).toBeInTheDocument();
    expect(screen.queryByText(/JWT|Session token/)).not.toBeInTheDocument();
    expect(await screen.findByText("You are the DM", {}, { timeout: 3_000 })).toBeInTheDocument();
    expect(t.joins()).toBe(2);
  });

  it("leaves a refusal that will not pass to the user's Try again", async () => {
    const t = renderJoining([
      (_emit, fail) => fail(refusal("NOT_A_PARTICIPANT", "You are not at this table")),
    ]);
    expect(await screen.findByText("You are not at this table")).toBeInTheDocument();
    await new Promise((r) => setTimeout(r, 1_200));
    expect(t.joins()).toBe(1);
  });

  it("waits longer after each refusal, up to half a minute, spread out", () => {
    expect([0, 1, 2, 10].map((n) => retryDelay(n, () => 1))).toEqual([1_000, 2_000, 4_000, 30_000]);
    expect(retryDelay(0, () => 0)).toBe(500);
  });
});
