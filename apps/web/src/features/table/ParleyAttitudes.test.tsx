import { socialParley } from "@roundtable/live/engine";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { DM, dmActor, P1 } from "../../live-state/fake-room";
import { flush, playUntil, renderTable, roomOf } from "./test-harness";

/** The toll-bridge parley: Mara Vell (the chief) and Oskar (her lieutenant), both at 0. */
const parley = () => roomOf(socialParley());

const attitudes = () => screen.getByRole("region", { name: "Attitudes" });
const row = (name: string) =>
  within(attitudes())
    .getAllByRole("listitem")
    .find((li) => li.textContent?.includes(name))!;
const initiativeRow = (name: string) =>
  within(screen.getByRole("list", { name: "Initiative order" }))
    .getAllByRole("listitem")
    .find((li) => li.textContent?.includes(name))!;

describe("the DM sets parley attitudes", () => {
  it("clicking + sends setAttitude, and the NPC's shown attitude goes up", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: DM, audience: "dm", room: parley() });
    await screen.findByRole("status", { name: "Connection" });
    playUntil(t, () => true);
    expect(within(attitudes()).getAllByRole("listitem")).toHaveLength(2);
    expect(row("Mara Vell")).toHaveTextContent("attitude 0");

    await user.click(
      within(row("Mara Vell")).getByRole("button", { name: "Make Mara Vell, bandit chief friendlier" }),
    );
    await flush();

    const sent = t.calls.filter((c) => c.path === "interaction.setAttitude").map((c) => c.input);
    expect(sent).toEqual([{ interactionId: t.room.state.id, entityId: "chief", attitude: 1 }]);
    expect(t.room.state.entities.chief?.attitude).toBe(1);
    expect(row("Mara Vell")).toHaveTextContent("attitude +1");
    expect(initiativeRow("Mara Vell")).toHaveTextContent("Attitude +1 of 3");
    expect(row("Oskar")).toHaveTextContent("attitude 0");

    await user.click(
      within(row("Oskar")).getByRole("button", { name: "Make Oskar the lieutenant less friendly" }),
    );
    await flush();
    expect(t.room.state.entities.lieutenant?.attitude).toBe(-1);
    expect(row("Oskar")).toHaveTextContent("attitude −1");
  });

  it("at +3 the NPC is won over and + says so instead of sending", async () => {
    const t = renderTable({ userId: DM, audience: "dm", room: parley() });
    await screen.findByRole("status", { name: "Connection" });
    playUntil(t, () => true);
    t.others({ type: "setAttitude", entityId: "chief", attitude: 3 }, dmActor);
    expect(row("Mara Vell")).toHaveTextContent("attitude +3");
    expect(
      within(row("Mara Vell")).getByRole("button", { name: /friendlier \(already won over\)/ }),
    ).toBeDisabled();
    expect(within(row("Mara Vell")).getByRole("button", { name: /less friendly/ })).toBeEnabled();
  });

  it("players get no such control but see the attitude the DM sets", async () => {
    const t = renderTable({ userId: P1, audience: "player", room: parley() });
    await screen.findByRole("status", { name: "Connection" });
    playUntil(t, () => true);
    expect(screen.queryByRole("region", { name: "Attitudes" })).toBeNull();
    expect(screen.queryByRole("button", { name: /friendlier|less friendly/ })).toBeNull();

    t.others({ type: "setAttitude", entityId: "lieutenant", attitude: 2 }, dmActor);

    expect(initiativeRow("Oskar")).toHaveTextContent("Attitude +2 of 3");
  });

  it("a fight has no attitudes to set: the DM's table shows no such panel", async () => {
    const t = renderTable({ userId: DM, audience: "dm" });
    await screen.findByRole("status", { name: "Connection" });
    playUntil(t, () => true);
    expect(screen.getByRole("button", { name: "Pause" })).toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Attitudes" })).toBeNull();
  });
});
