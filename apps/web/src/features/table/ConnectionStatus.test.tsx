import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { P1 } from "../../live-state/fake-room";
import { fakeLive, LiveTestProviders } from "../../test/fake-live";
import { LiveTable } from "./LiveTable";
import { playUntil, renderTable } from "./test-harness";

const connection = () => screen.getByRole("status", { name: "Connection" });

describe("connection status after a refused join", () => {
  it("says the table is not joined, without a spinner, when the first join is refused", async () => {
    const { live } = fakeLive({
      subscriptions: {
        "interaction.events": (_input, _emit, fail) =>
          fail({
            error: {
              code: -32003,
              message: "You are not at this table",
              data: { code: "FORBIDDEN", appCode: "NOT_A_PARTICIPANT" },
            },
          }),
      },
    });
    render(
      <LiveTestProviders live={live}>
        <LiveTable interactionId="int_1" />
      </LiveTestProviders>,
    );
    expect(await screen.findByText("You are not at this table")).toBeInTheDocument();
    expect(connection()).toHaveTextContent("Not joined");
    expect(connection()).not.toHaveTextContent(/joining|Connected/);
    expect(connection().querySelector("[class*='animate-spin']")).toBeNull();
  });

  it("stops showing Connected and the turn countdown when a rejoin is refused (the game was paused meanwhile)", async () => {
    const t = renderTable({ userId: P1, audience: "player" });
    await screen.findByRole("status", { name: "Connection" });
    playUntil(t, (e) => e.ownerUserId === P1);
    expect(screen.getByText(/Time left on this turn/)).toBeInTheDocument();

    t.refuse("NOT_LIVE", "This interaction is paused; it reopens when the DM resumes it");
    expect(
      screen.getByText("This interaction is paused; it reopens when the DM resumes it"),
    ).toBeInTheDocument();
    expect(connection()).toHaveTextContent("Not joined");
    expect(screen.queryByText(/Time left on this turn/)).not.toBeInTheDocument();
  });

  it("says a closed table is closed rather than waiting on a connection it no longer needs", async () => {
    const t = renderTable({ userId: P1, audience: "player" });
    await screen.findByRole("status", { name: "Connection" });
    t.receive(t.room.closed("completed", "The interaction has ended"));
    t.setConnection("connecting");
    expect(connection()).toHaveTextContent("Table closed");
    expect(connection()).not.toHaveTextContent("Reconnecting");
  });
});
