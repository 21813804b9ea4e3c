import type { InteractionSetup } from "@roundtable/live/engine";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { flush, vaultTable } from "./test-harness";

/**
 * The Sealed Vault on Brenna's (P1's) turn, with the iron gate at (4,4) and Brenna moved next
 * to it at (3,4) unless `tweak` says otherwise.
 */
async function brennasTurnInTheVault(tweak: (s: InteractionSetup) => void) {
  const user = userEvent.setup();
  const t = await vaultTable(
    (s) => {
      s.participants.find((p) => p.entityId === "pc1")!.position = { x: 3, y: 4 };
      tweak(s);
    },
    (e) => e.id === "pc1",
  );
  const objects = () => screen.getByRole("region", { name: "Objects in reach" });
  const row = (name: string) =>
    within(objects())
      .getAllByRole("listitem")
      .find((li) => li.textContent?.startsWith(`${name} (`));
  return { user, t, objects, row };
}

const gate = (s: InteractionSetup) => {
  const g = s.map.objects.find((o) => o.id === "gate");
  if (g?.kind !== "door") throw new Error("no gate");
  return g;
};

describe("objects in reach on the live turn", () => {
  it("shows a chest already open disabled, with why", async () => {
    const { objects, row } = await brennasTurnInTheVault((s) => {
      s.map.objects.push({
        id: "crate",
        name: "supply crate",
        kind: "chest",
        position: { x: 2, y: 4 },
        open: true,
        locked: false,
        loot: [],
      });
    });
    expect(row("supply crate")).toHaveTextContent(/^supply crate \(open\)Interact/);
    const interact = within(objects()).getByRole("button", { name: /^Interact with supply crate/ });
    expect(interact).toBeDisabled();
    expect(interact).toHaveAccessibleName("Interact with supply crate (already open and empty)");
  });

  it("disables a locked door Brenna has no key for: locked, no key", async () => {
    const { objects, row } = await brennasTurnInTheVault((s) => {
      gate(s).keyTag = "gate-key";
    });
    expect(row("iron gate")).toHaveTextContent(/^iron gate \(closed, locked\)Interact/);
    const interact = within(objects()).getByRole("button", { name: /^Interact with iron gate/ });
    expect(interact).toBeDisabled();
    expect(interact).toHaveAccessibleName("Interact with iron gate (locked, no key)");
  });

  it("says a shut door will open, opens it on a click, and then offers to close it", async () => {
    const { user, t, objects, row } = await brennasTurnInTheVault((s) => {
      gate(s).locked = false;
    });
    expect(row("iron gate")).toHaveTextContent(/^iron gate \(closed\): openInteract/);
    await user.click(within(objects()).getByRole("button", { name: "Interact with iron gate" }));
    await flush();
    expect(t.calls).toContainEqual({
      path: "interaction.interactObject",
      input: expect.objectContaining({ entityId: "pc1", objectId: "gate" }) as unknown,
    });
    expect(t.room.state.map.objects.gate).toMatchObject({ open: true });
    // the free interaction is spent: closing it again would take the action, which is still there
    expect(row("iron gate")).toHaveTextContent(/^iron gate \(open\): closeInteract/);
    expect(within(objects()).getByRole("button", { name: "Interact with iron gate" })).toBeEnabled();
  });
});
