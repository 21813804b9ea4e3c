import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { showTab, tokenOf } from "./support/play";
import { goLiveTogether } from "./support/table";
import { createCharacter, createInteraction, liveModal } from "./support/ui";
import { demo, openBrowserAs, unique } from "./support/users";

// Journey 9: the DM's say over a parley, each person in their own browser. A social scene with
// Aria's Brenna and two of the DM's NPCs on the neutral side, one hidden from the players: the
// DM makes the visible one friendlier from the Attitudes panel and Aria's table shows it; then
// the DM reveals the hidden one from the "Hidden or hiding" panel and Aria's table shows it too;
// last, the DM hides the innkeeper again from that panel and it leaves Aria's table.

test("the DM changes an NPC's attitude, reveals a hidden NPC and hides one again; the player's table follows", async ({
  browser,
  endAfterwards,
}) => {
  const name = unique("Tavern parley");
  const innkeeper = unique("Innkeeper");
  const eavesdropper = unique("Eavesdropper");
  const dm = await openBrowserAs(browser, demo.dm);
  const aria = await openBrowserAs(browser, demo.aria);

  /** A creature's line in this person's Initiative panel (before the start: "Not yet in the order"). */
  const inOrder = (page: Page, who: string) =>
    liveModal(page, name)
      .getByRole("region", { name: "Initiative", exact: true })
      .getByRole("listitem")
      .filter({ hasText: who });
  /** A line of this person's turn log. */
  const logLine = async (page: Page, text: string) => {
    await showTab(page, name, "Turn log");
    return liveModal(page, name)
      .getByRole("log", { name: "Turn log" })
      .getByRole("listitem")
      .filter({ hasText: text });
  };

  await test.step("the DM creates two NPCs and a social scene with Brenna, one NPC hidden", async () => {
    await createCharacter(dm.page, innkeeper, "NPC");
    await createCharacter(dm.page, eavesdropper, "NPC");
    const id = await createInteraction(
      dm.page,
      name,
      ["Brenna (Player character)", `${innkeeper} (NPC)`, `${eavesdropper} (NPC)`],
      undefined,
      {
        edit: async (form) => {
          await form.getByLabel("Kind", { exact: true }).selectOption({ label: "Social" });
          for (const npc of [innkeeper, eavesdropper])
            await expect(form.getByRole("group", { name: npc, exact: true }).getByLabel("Side")).toHaveValue(
              "neutral",
            );
          await form
            .getByRole("group", { name: eavesdropper, exact: true })
            .getByRole("checkbox", { name: "Hidden" })
            .check();
        },
      },
    );
    endAfterwards(id);
  });

  await test.step("it goes live: Aria's table shows the innkeeper, not the hidden eavesdropper", async () => {
    await goLiveTogether(name, dm, [aria]);
    await expect(tokenOf(aria.page, name, innkeeper)).toHaveAccessibleName(/attitude \S+ of 3/);
    await expect(inOrder(aria.page, innkeeper)).toBeVisible();
    await expect(tokenOf(aria.page, name, eavesdropper)).toHaveCount(0);
    await expect(inOrder(aria.page, eavesdropper)).toHaveCount(0);
    // The DM sees both, the eavesdropper marked as hidden from the players.
    await expect(tokenOf(dm.page, name, eavesdropper)).toHaveAccessibleName(/hidden from players/);
  });

  await test.step("the DM makes the innkeeper friendlier: Aria's table shows +1 and the log says so", async () => {
    const attitudes = liveModal(dm.page, name).getByRole("region", { name: "Attitudes" });
    await attitudes.getByRole("button", { name: `Make ${innkeeper} friendlier`, exact: true }).click();
    await expect(tokenOf(aria.page, name, innkeeper)).toHaveAccessibleName(/attitude \+1 of 3/);
    await expect(inOrder(aria.page, innkeeper)).toContainText("Attitude +1 of 3");
    await expect(await logLine(aria.page, `The DM makes ${innkeeper} friendlier (+1).`)).toBeVisible();
  });

  await test.step("the DM reveals the eavesdropper after confirming: Aria's table shows it and the log says so", async () => {
    const hidden = liveModal(dm.page, name).getByRole("region", { name: "Hidden or hiding" });
    await hidden.getByRole("button", { name: `Reveal ${eavesdropper}`, exact: true }).click();
    const ask = dm.page.getByRole("alertdialog", { name: `Reveal ${eavesdropper} to the players?` });
    await ask.getByRole("button", { name: "Reveal", exact: true }).click();
    await expect(ask).toHaveCount(0);
    await expect(tokenOf(aria.page, name, eavesdropper)).toBeVisible();
    await expect(inOrder(aria.page, eavesdropper)).toBeVisible();
    await expect(await logLine(aria.page, `The DM reveals ${eavesdropper}.`)).toBeVisible();
    // Nothing is left to reveal (the panel stays, to hide): the token is no longer marked.
    await expect(hidden.getByRole("button", { name: /^Reveal/ })).toHaveCount(0);
    await expect(tokenOf(dm.page, name, eavesdropper)).not.toHaveAccessibleName(/hidden from players/);
  });

  await test.step("the DM hides the innkeeper again: gone from Aria's table, listed for Reveal on the DM's", async () => {
    const hidden = liveModal(dm.page, name).getByRole("region", { name: "Hidden or hiding" });
    await hidden.getByLabel("Hide from the players").selectOption({ label: `${innkeeper} (creature)` });
    await hidden.getByRole("button", { name: `Hide ${innkeeper}`, exact: true }).click();
    await expect(tokenOf(aria.page, name, innkeeper)).toHaveCount(0);
    await expect(inOrder(aria.page, innkeeper)).toHaveCount(0);
    await expect(hidden.getByRole("button", { name: `Reveal ${innkeeper}`, exact: true })).toBeVisible();
  });

  for (const { context } of [dm, aria]) await context.close();
});
