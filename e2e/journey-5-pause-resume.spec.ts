import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { gameOf } from "./support/game";
import { liveApiAs } from "./support/live-api";
import { roomsInMemory } from "./support/live-server";
import { say, setInitiative, startFromTable } from "./support/play";
import { closedNotice, openLiveTable, shownChat, shownGame, shownRound, shownTurn } from "./support/table";
import { expectJoined, liveModal } from "./support/ui";
import { demo } from "./support/users";

// Journey 5: the DM starts and pauses with the table's own buttons and Aria chats from hers;
// what everyone sees is asserted in their browsers, and the exact game state before and after
// through the live server's API.
test("the DM pauses: saved and closed for everyone; resuming brings every table back to the same game", async ({
  browser,
  endAfterwards,
}) => {
  const table = await openLiveTable(browser, "Paused camp", endAfterwards);
  const { dm, aria, borin, name, id } = table;
  const players = [aria, borin];
  const everyone = [dm, aria, borin];
  const ariaApi = await liveApiAs(demo.aria);

  let versionBefore = 0;
  let before: ReturnType<typeof gameOf> | undefined;
  const shownBefore = new Map<Page, Awaited<ReturnType<typeof shownGame>>>();
  await test.step("the DM starts; Aria says something to the party; every table shows round 1, the goblin's turn and the message", async () => {
    // The goblin first: a DM-run turn has no timer, so nothing changes by itself meanwhile.
    await setInitiative(dm.page, name, "Goblin Cutter", 40);
    await startFromTable(dm.page, name);
    await say(aria.page, name, "Set up camp here?", "Party");
    const state = await ariaApi.client.interaction.state.query({ interactionId: id });
    before = gameOf(state);
    versionBefore = state.version;
    for (const { page } of everyone) {
      await expect(shownRound(page, name)).toHaveText("Round 1");
      await expect(shownTurn(page, name)).toHaveText("Turn: Goblin Cutter");
      await expect(shownChat(page, name)).toHaveCount(1);
      await expect(shownChat(page, name)).toContainText(["[Party]"]);
      await expect(shownChat(page, name)).toContainText([": Set up camp here?"]);
      const shown = await shownGame(page, name);
      expect(shown.tokens.length, "tokens on the map").toBeGreaterThan(0);
      shownBefore.set(page, shown);
    }
  });

  await test.step("the DM pauses: every table says it closed because it was paused; the room leaves memory", async () => {
    const rooms = await roomsInMemory();
    await liveModal(dm.page, name)
      .getByRole("group", { name: "Flow" })
      .getByRole("button", { name: "Pause", exact: true })
      .click();
    for (const { page } of everyone) await expect(closedNotice(page, name)).toBeVisible();
    await expect.poll(roomsInMemory).toBe(rooms - 1);
  });

  await test.step("the pause snapshot is in Convex: the DM's summary page shows it", async () => {
    await dm.page.keyboard.press("Escape");
    await dm.page.goto(`/interactions/${id}`);
    await expect(dm.page.getByRole("heading", { name, level: 1 })).toBeVisible();
    const saved = dm.page.getByText(/\(paused\)\./);
    await expect(saved).toBeVisible();
    const savedVersion = Number(await saved.getAttribute("data-snapshot-version"));
    expect(savedVersion).toBeGreaterThanOrEqual(versionBefore);
  });

  await test.step("Borin closes his table and his page no longer lists it as live; Aria keeps hers open, told it comes back", async () => {
    await borin.page.keyboard.press("Escape");
    await expect(liveModal(borin.page, name)).toHaveCount(0);
    await expect(borin.page.getByRole("region", { name: "Live now" })).toContainText(
      "Nothing live for your characters",
    );
    await expect(closedNotice(aria.page, name)).toContainText(
      "The table comes back here when the DM resumes.",
    );
  });

  await test.step("the DM resumes from the summary page; Borin's table opens again and Aria's rejoins by itself, joined and active", async () => {
    await dm.page.getByRole("button", { name: `Resume: ${name}` }).click();
    await expectJoined(liveModal(dm.page, name), "the DM");
    for (const { page } of players) await expectJoined(liveModal(page, name), "a player");
    expect(await roomsInMemory()).toBeGreaterThanOrEqual(1);
    for (const { page } of everyone) {
      await expect(shownRound(page, name)).toHaveText("Round 1");
      await expect(liveModal(page, name).getByText("In play", { exact: true })).toBeVisible();
      await expect(closedNotice(page, name)).toHaveCount(0);
      // Round, turn, every token's cell and HP, and the chat: as this person saw them before.
      await expect.poll(() => shownGame(page, name)).toEqual(shownBefore.get(page));
    }
  });

  await test.step("the rebuilt room holds the same game as before the pause, chat included", async () => {
    const after = gameOf(await ariaApi.client.interaction.state.query({ interactionId: id }));
    expect(after).toEqual(before);
    expect(after.chat.map((m) => m.text)).toContain("Set up camp here?");
  });

  await ariaApi.close();
  await table.close();
});
