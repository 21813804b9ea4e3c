import { expect, test } from "./support/fixtures";
import {
  act,
  endTurn,
  moveTo,
  setInitiative,
  startFromTable,
  tokenOf,
  turnLogLines,
  turnPanel,
} from "./support/play";
import { openLiveTable, shownTurn } from "./support/table";
import { liveModal } from "./support/ui";

// Journey 3: Aria lets Brenna's turn run out (the e2e live server's turn timeout is short, see
// stack.ts). Every table shows the timeout; the DM rolls the turn back (and tries Redo, which
// brings the timed-out state back, then rolls back again) and Aria plays the turn after all.
test("a player's turn times out; the DM rolls it back and the player takes it after all", async ({
  browser,
  endAfterwards,
}) => {
  test.setTimeout(180_000);
  const table = await openLiveTable(browser, "Idle watch", endAfterwards);
  const { dm, aria, borin, name } = table;
  const everyone = [dm, aria, borin];
  const dmTable = liveModal(dm.page, name);
  const confirm = async (button: "Roll back" | "Redo") => {
    await dmTable.getByRole("group", { name: "Turn" }).getByRole("button", { name: button }).click();
    await dm.page.getByRole("alertdialog").getByRole("button", { name: button, exact: true }).click();
    await expect(dm.page.getByRole("alertdialog")).toHaveCount(0);
  };

  await test.step("the DM puts Brenna first, then the goblin, and starts: Aria's turn runs on a countdown", async () => {
    await setInitiative(dm.page, name, "Brenna", 30);
    await setInitiative(dm.page, name, "Goblin Cutter", 20);
    await setInitiative(dm.page, name, "Sable", 10);
    await startFromTable(dm.page, name);
    for (const { page } of everyone) await expect(shownTurn(page, name)).toHaveText("Turn: Brenna");
    await expect(turnPanel(aria.page, name, "Brenna")).toBeVisible();
    const countdown = liveModal(aria.page, name).getByTestId("turn-countdown");
    await expect(countdown).toHaveText(/^Time left on this turn: 0:\d\d/);
  });

  await test.step("Aria does nothing: the turn times out on every table and passes to the goblin", async () => {
    for (const { page } of everyone)
      await expect(shownTurn(page, name)).toHaveText("Turn: Goblin Cutter", { timeout: 40_000 });
    await expect(turnPanel(aria.page, name, "Brenna")).toHaveCount(0);
    await expect(liveModal(aria.page, name).getByTestId("announce-polite")).toHaveText(
      "Round 1: Goblin Cutter's turn.",
    );
    for (const { page } of everyone)
      await expect.poll(() => turnLogLines(page, name)).toContainEqual("R1Brenna's turn timed out.");
    // The goblin's turn is the DM's: no timer runs on it.
    await expect(liveModal(aria.page, name).getByTestId("turn-countdown")).toHaveCount(0);
  });

  await test.step("the DM rolls it back: Brenna's turn again, with a fresh countdown, on every table", async () => {
    await expect(dmTable.getByRole("button", { name: "Redo" })).toBeDisabled();
    await confirm("Roll back");
    for (const { page } of everyone) await expect(shownTurn(page, name)).toHaveText("Turn: Brenna");
    await expect(turnPanel(aria.page, name, "Brenna")).toBeVisible();
    await expect(liveModal(aria.page, name).getByTestId("announce-urgent")).toHaveText(
      "Round 1. Your turn: Brenna.",
    );
    await expect(liveModal(aria.page, name).getByTestId("turn-countdown")).toBeVisible();
    await expect
      .poll(() => turnLogLines(aria.page, name))
      .toContainEqual("R1The DM rolled back to the start of Brenna's turn.");
  });

  await test.step("Redo brings the timed-out state back; rolling back again returns Brenna's turn", async () => {
    await expect(dmTable.getByRole("button", { name: "Redo" })).toBeEnabled();
    await confirm("Redo");
    for (const { page } of everyone) await expect(shownTurn(page, name)).toHaveText("Turn: Goblin Cutter");
    await expect(turnPanel(aria.page, name, "Brenna")).toHaveCount(0);
    await confirm("Roll back");
    for (const { page } of everyone) await expect(shownTurn(page, name)).toHaveText("Turn: Brenna");
  });

  await test.step("Aria takes the turn this time: moves next to the goblin, attacks, ends it", async () => {
    await moveTo(aria.page, name, "Brenna", 2, 2);
    await act(aria.page, name, "Brenna", "Longsword", ["Goblin Cutter"]);
    await expect
      .poll(() => turnLogLines(aria.page, name))
      .toContainEqual(expect.stringMatching(/^R1Brenna (hits|critically hits|misses) Goblin Cutter/));
    await endTurn(aria.page, name, "Brenna");
    // Next is the goblin, unless Brenna's blow felled it (then the server passes over it).
    await expect(shownTurn(dm.page, name)).not.toHaveText("Turn: Brenna");
    const felled = /defeated/.test(
      (await tokenOf(dm.page, name, "Goblin Cutter").getAttribute("aria-label")) ?? "",
    );
    for (const { page } of everyone) {
      await expect(shownTurn(page, name)).toHaveText(felled ? "Turn: Sable" : "Turn: Goblin Cutter");
      await expect(tokenOf(page, name, "Brenna")).toHaveAccessibleName(/^2, 2;/);
    }
    // Something new happened since the rollback: there is nothing left to redo.
    await expect(dmTable.getByRole("button", { name: "Redo" })).toBeDisabled();
  });

  await table.close();
});
