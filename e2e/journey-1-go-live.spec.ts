import { expect, test } from "./support/fixtures";
import { createCharacter, createInteraction, expectJoined, liveModal } from "./support/ui";
import { demo, openBrowserAs, unique } from "./support/users";

// Journey 1: a DM builds an interaction through the UI and takes it live; the two players'
// live tables open by themselves, each in its own browser.
test("a DM creates characters and an interaction, takes it live, and both players' tables open by themselves", async ({
  browser,
  endAfterwards,
}) => {
  const dm = await openBrowserAs(browser, demo.dm);
  const aria = await openBrowserAs(browser, demo.aria);
  const borin = await openBrowserAs(browser, demo.borin);
  const ariaPc = unique("Aria's ranger");
  const borinPc = unique("Borin's cleric");
  const monster = unique("Cave bear");
  const encounter = unique("Bear cave");

  await test.step("players create their characters", async () => {
    await createCharacter(aria.page, ariaPc, "Player character");
    await createCharacter(borin.page, borinPc, "Player character");
  });

  await test.step("the DM is asked before leaving a half-written character, in the app and in the browser", async () => {
    const { page } = dm;
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Characters" }).click();
    await page.getByRole("link", { name: "New character" }).first().click();
    const name = page.getByRole("form", { name: "Character sheet" }).getByLabel("Name", { exact: true });
    await name.fill("Half-written");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Interactions" }).click();
    const ask = page.getByRole("alertdialog", { name: "Leave without saving?" });
    await ask.getByRole("button", { name: "Stay" }).click();
    await expect(ask).toHaveCount(0);
    await expect(name).toHaveValue("Half-written");

    const prompt = new Promise<string>((resolve) =>
      page.once("dialog", (d) => {
        resolve(d.type());
        void d.accept(); // leave: the reload goes ahead
      }),
    );
    await page.reload();
    expect(await prompt).toBe("beforeunload");
    await expect(name).toHaveValue("");
  });

  await test.step("the DM creates a monster and an interaction seating it and both PCs", async () => {
    await createCharacter(dm.page, monster, "Monster");
    const id = await createInteraction(dm.page, encounter, [
      `${monster} (Monster)`,
      `${ariaPc} (Player character)`,
      `${borinPc} (Player character)`,
    ]);
    endAfterwards(id);
  });

  await test.step("the players wait at their table pages with nothing live", async () => {
    for (const { page } of [aria, borin]) {
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Table" }).click();
      await expect(page.getByRole("heading", { name: "Your table", level: 1 })).toBeVisible();
      await expect(liveModal(page, encounter)).toHaveCount(0);
    }
  });

  await test.step("the DM takes it live and joins as the DM", async () => {
    await dm.page.getByRole("button", { name: `Go live: ${encounter}` }).click();
    await expectJoined(liveModal(dm.page, encounter), "the DM");
  });

  await test.step("both players' live tables open by themselves, joined as players", async () => {
    await expectJoined(liveModal(aria.page, encounter), "a player");
    await expectJoined(liveModal(borin.page, encounter), "a player");
  });

  await test.step("the DM's list shows it live, without a reload", async () => {
    await dm.page.keyboard.press("Escape");
    // Leaving a table in play asks first (play would wait for the DM).
    await dm.page
      .getByRole("alertdialog", { name: "Leave the table?" })
      .getByRole("button", { name: "Leave" })
      .click();
    await expect(liveModal(dm.page, encounter)).toHaveCount(0);
    await dm.page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Interactions" })
      .click();
    await dm.page.getByRole("tab", { name: /^Live/ }).click();
    await expect(dm.page.getByRole("button", { name: `Open live table: ${encounter}` })).toBeVisible();
  });

  for (const { context } of [dm, aria, borin]) await context.close();
});
