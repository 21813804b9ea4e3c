import { goblinAmbush } from "@roundtable/live/engine";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { DM, P1, type FakeRoom } from "../../live-state/fake-room";
import { flush, playUntil, renderTable, roomOf } from "./test-harness";

/** The ambush with Brenna's shield on her back (AC 16 instead of 18). */
function shieldStowed(): FakeRoom {
  const setup = goblinAmbush();
  const brenna = setup.participants.find((p) => p.entityId === "pc1")!;
  brenna.sheet = {
    ...brenna.sheet,
    ac: 16,
    inventory: brenna.sheet.inventory.map((i) => (i.type === "armor" ? { ...i, equipped: false } : i)),
  };
  return roomOf(setup);
}

describe("gear before the fight", () => {
  it("lets a player equip their own character's armor in the lobby, free and with no turn, and shows it on", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: P1, audience: "player", room: shieldStowed() });
    await screen.findByRole("status", { name: "Connection" });
    const gear = screen.getByRole("region", { name: "Your gear" });
    // their two characters only, not the goblins
    expect(within(gear).getByRole("region", { name: "Tobin's gear" })).toBeInTheDocument();
    expect(gear).not.toHaveTextContent("Scimitar");
    const brenna = within(gear).getByRole("region", { name: "Brenna's gear" });
    expect(brenna).toHaveTextContent("Brenna (AC 16)");
    expect(brenna).toHaveTextContent("Shield (stowed)");

    await user.click(within(brenna).getByRole("button", { name: "Equip Shield" }));
    await flush();

    expect(t.calls).toContainEqual({
      path: "interaction.equipItem",
      input: { interactionId: t.room.state.id, entityId: "pc1", itemId: "shield", equip: true },
    });
    expect(t.room.state.status).toBe("lobby");
    expect(brenna).toHaveTextContent("Brenna (AC 18)");
    expect(brenna).toHaveTextContent("Shield (equipped)");
    expect(within(brenna).getByRole("button", { name: "Stow Shield" })).toBeEnabled();

    // once the fight runs, equipping is part of a turn (the act panel), not this
    playUntil(t, () => true);
    expect(screen.queryByRole("region", { name: "Your gear" })).toBeNull();
  });

  it("gives the DM the same for NPCs and monsters", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: DM, audience: "dm", room: shieldStowed() });
    await screen.findByRole("status", { name: "Connection" });
    const gear = screen.getByRole("region", { name: "NPC and monster gear" });
    expect(within(gear).queryByRole("region", { name: "Brenna's gear" })).toBeNull();
    const boss = within(gear).getByRole("region", { name: "Grekk the Goblin Boss's gear" });
    await user.click(within(boss).getByRole("button", { name: "Stow Scimitar" }));
    await flush();
    expect(t.room.state.entities.boss!.inventory.find((i) => i.id === "scimitar")).toMatchObject({
      equipped: false,
    });
    expect(boss).toHaveTextContent("Scimitar (stowed)");
  });
});
