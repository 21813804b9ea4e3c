import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import {
  endTurn,
  moveTo,
  setInitiative,
  startFromTable,
  tokenOf,
  turnLogLines,
  turnPanel,
} from "./support/play";
import { openLiveTable, shownTurn } from "./support/table";
import { expectJoined, liveModal } from "./support/ui";
import { demo, openBrowserAs } from "./support/users";

// Journey 4: Aria's browser closes on Brenna's turn; the DM and Borin see her away, the DM
// skips the turn, it is recorded as missed, and when Aria comes back Brenna takes a make-up
// turn. Then the DM's browser closes: the players' tables say they are waiting for the DM,
// the players keep taking their turns until the goblin's comes up, and the DM comes back and
// plays on.
test("a player and then the DM drop out and come back: make-up turn, awaiting the DM, resume", async ({
  browser,
  endAfterwards,
}) => {
  test.setTimeout(180_000);
  const table = await openLiveTable(browser, "Dropped line", endAfterwards);
  const { name, borin } = table;
  let { dm, aria } = table;
  const status = (page: Page) =>
    liveModal(page, name).getByText(/^(Not started|In play|Waiting for the DM|Paused|Completed)$/);
  const connected = (page: Page) => liveModal(page, name).getByRole("list", { name: "Who is connected" });
  const awayBadge = (page: Page, who: string) =>
    liveModal(page, name)
      .getByRole("list", { name: "Initiative order" })
      .getByRole("listitem")
      .filter({ hasText: who })
      .getByText("Away", { exact: true });

  await test.step("the DM orders Brenna, the goblin, Sable and starts: Brenna's turn", async () => {
    await setInitiative(dm.page, name, "Brenna", 30);
    await setInitiative(dm.page, name, "Goblin Cutter", 20);
    await setInitiative(dm.page, name, "Sable", 10);
    await startFromTable(dm.page, name);
    await expect(turnPanel(aria.page, name, "Brenna")).toBeVisible();
    await expect(connected(dm.page)).toContainText("Brenna's player: connected");
  });

  await test.step("Aria's browser closes on her turn: the DM and Borin see her away", async () => {
    await aria.context.close();
    await expect(connected(dm.page)).toContainText("Brenna's player: disconnected");
    await expect(awayBadge(borin.page, "Brenna")).toBeVisible();
    await expect(awayBadge(dm.page, "Brenna")).toBeVisible();
  });

  await test.step("the DM skips the away player's turn: it passes to the goblin and is logged", async () => {
    await liveModal(dm.page, name)
      .getByRole("button", { name: "Skip Brenna's turn (player disconnected)" })
      .click();
    for (const { page } of [dm, borin]) await expect(shownTurn(page, name)).toHaveText("Turn: Goblin Cutter");
    await expect.poll(() => turnLogLines(borin.page, name)).toContainEqual("R1The DM skipped Brenna's turn.");
  });

  await test.step("Aria comes back: her table reopens by itself and offers the missed turn", async () => {
    aria = await openBrowserAs(browser, demo.aria);
    const modal = liveModal(aria.page, name);
    await expectJoined(modal, "a player");
    await expect(modal.getByRole("list", { name: "Notices" })).toContainText(
      "You missed 1 turn(s); each comes back as a make-up turn right after the current one.",
    );
    await expect(modal.getByRole("region", { name: "Make-up turns" })).toContainText(
      "Brenna missed a turn in round 1: a make-up turn is scheduled right after the current turn.",
    );
    await expect(connected(dm.page)).toContainText("Brenna's player: connected");
    await expect(awayBadge(borin.page, "Brenna")).toHaveCount(0);
  });

  await test.step("after the goblin's turn, Brenna takes the make-up turn; then play goes on with Sable", async () => {
    await endTurn(dm.page, name, "Goblin Cutter");
    const panel = turnPanel(aria.page, name, "Brenna");
    await expect(panel.getByRole("heading", { level: 3 })).toHaveText("Brenna: your turn (make-up turn)");
    await expect(liveModal(aria.page, name).getByTestId("announce-urgent")).toHaveText(
      "Round 1. Your turn: Brenna (make-up turn).",
    );
    for (const { page } of [dm, borin])
      await expect(shownTurn(page, name)).toHaveText("Turn: Brenna (make-up turn)");
    await moveTo(aria.page, name, "Brenna", 1, 2);
    await endTurn(aria.page, name, "Brenna");
    for (const { page } of [dm, aria, borin]) {
      await expect(shownTurn(page, name)).toHaveText("Turn: Sable");
      await expect(tokenOf(page, name, "Brenna")).toHaveAccessibleName(/^1, 2;/);
    }
    await expect(liveModal(aria.page, name).getByRole("region", { name: "Make-up turns" })).toHaveCount(0);
  });

  await test.step("the DM's browser closes: the players' tables wait for the DM, and they keep playing", async () => {
    await dm.context.close();
    for (const { page } of [aria, borin]) await expect(status(page)).toHaveText("Waiting for the DM");
    await endTurn(borin.page, name, "Sable");
    await expect(turnPanel(aria.page, name, "Brenna")).toBeVisible();
    await endTurn(aria.page, name, "Brenna");
    for (const { page } of [aria, borin]) {
      await expect(shownTurn(page, name)).toHaveText("Turn: Goblin Cutter");
      await expect(liveModal(page, name)).toContainText(
        "Waiting for the DM to reconnect; you can still queue your next turn.",
      );
    }
    await expect
      .poll(() => turnLogLines(borin.page, name))
      .toContainEqual("R1The DM is away; players may keep taking their turns.");
  });

  await test.step("the DM comes back: the table reopens, play resumes, and the goblin's turn is the DM's", async () => {
    dm = await openBrowserAs(browser, demo.dm);
    await expectJoined(liveModal(dm.page, name), "the DM");
    for (const { page } of [dm, aria, borin]) await expect(status(page)).toHaveText("In play");
    await expect.poll(() => turnLogLines(aria.page, name)).toContainEqual("R2The DM is back.");
    await endTurn(dm.page, name, "Goblin Cutter");
    for (const { page } of [dm, aria, borin]) await expect(shownTurn(page, name)).toHaveText("Turn: Sable");
  });

  for (const { context } of [dm, aria, borin]) await context.close();
});
