import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import {
  act,
  endTurn,
  moveTo,
  resource,
  say,
  setInitiative,
  showTab,
  startFromTable,
  tokenOf,
  turnLogLines,
  turnPanel,
} from "./support/play";
import { goLiveTogether, shownChat, shownRound, shownTurn } from "./support/table";
import { createInteraction, liveModal } from "./support/ui";
import { demo, openBrowserAs, unique } from "./support/users";

// Journey 2: a roadside goblin ambush played through the live table's own controls, each
// person in their own browser: Aria runs Brenna (fighter) and Tobin (cleric), Borin runs Sable
// (rogue), the DM runs two goblins. A smaller encounter than the seeded seven-goblin ambush so
// a run stays within a few minutes (the dice decide how many rounds; it is bounded below).
// Moves, attacks, a multi-target spell, a chest, equip and item use, chat on all three channels, then
// the DM ends it and the results (XP, loot) come back from Convex.

const goblins = ["Goblin Cutter", "Goblin Sneak"] as const;
const order = ["Tobin", "Brenna", "Sable", ...goblins] as const;
const MAX_ROUNDS = 8;

test("a goblin ambush is played to the end through the table's controls, with chat on every channel", async ({
  browser,
  endAfterwards,
}) => {
  test.setTimeout(420_000);
  const name = unique("Roadside ambush");
  const dm = await openBrowserAs(browser, demo.dm);
  const aria = await openBrowserAs(browser, demo.aria);
  const borin = await openBrowserAs(browser, demo.borin);
  const everyone = [dm, aria, borin];
  let id = "";
  const seatOf = (who: string): Page =>
    who === "Brenna" || who === "Tobin" ? aria.page : who === "Sable" ? borin.page : dm.page;

  await test.step("the DM sets the ambush up (cells as the form takes them, from 0) and takes it live", async () => {
    id = await createInteraction(
      dm.page,
      name,
      [
        "Brenna (Player character)",
        "Tobin (Player character)",
        "Sable (Player character)",
        "Goblin Cutter (Monster)",
        "Goblin Sneak (Monster)",
      ],
      undefined,
      {
        positions: {
          Brenna: { x: 1, y: 3 },
          Tobin: { x: 1, y: 4 },
          Sable: { x: 1, y: 5 },
          "Goblin Cutter": { x: 6, y: 3 },
          "Goblin Sneak": { x: 6, y: 4 },
        },
        // A chest by the road with a pouch of coins in it.
        edit: async (form) => {
          await form.getByLabel("Map tool").selectOption({ label: "Add chest" });
          await form.getByRole("button", { name: /^Cell 4, 2$/ }).click();
          await form.getByRole("button", { name: "Add loot to Chest" }).click();
          await form
            .getByRole("group", { name: /^Loot 1/ })
            .getByLabel("Item name")
            .fill("Pouch of 30 gp");
        },
      },
    );
    endAfterwards(id);
    await goLiveTogether(name, dm, [aria, borin]);
    // Players see the goblins' condition, not their hit points; the DM sees the numbers.
    await expect(tokenOf(aria.page, name, "Goblin Cutter")).toHaveAccessibleName(
      /Goblin Cutter \(enemy\), Unhurt$/,
    );
    await expect(tokenOf(dm.page, name, "Goblin Cutter")).toHaveAccessibleName(
      /Goblin Cutter \(enemy\), 7\/7 HP$/,
    );
  });

  await test.step("the DM sets everyone's initiative and starts: every table shows round 1, Tobin's turn", async () => {
    for (const [who, value] of [
      ["Tobin", 25],
      ["Brenna", 22],
      ["Sable", 20],
      ["Goblin Cutter", 15],
      ["Goblin Sneak", 10],
    ] as const)
      await setInitiative(dm.page, name, who, value);
    await startFromTable(dm.page, name);
    for (const { page } of everyone) {
      await expect(shownRound(page, name)).toHaveText("Round 1");
      await expect(shownTurn(page, name)).toHaveText("Turn: Tobin");
      await expect(
        liveModal(page, name).getByRole("list", { name: "Initiative order" }).getByRole("listitem"),
      ).toContainText([...order]);
    }
    await expect(turnPanel(aria.page, name, "Tobin")).toBeVisible();
    await expect(turnPanel(borin.page, name, "Tobin")).toHaveCount(0);
  });

  /** One creature's turn, played by whoever runs it; returns when the turn has passed on. */
  const play = async (who: (typeof order)[number], round: number) => {
    const page = seatOf(who);
    const panel = turnPanel(page, name, who);
    await expect(panel).toBeVisible({ timeout: 30_000 });
    const attackBy = (target: string) =>
      new RegExp(`^R${round}${who} (hits|critically hits|misses) ${target}`);
    if (who === "Tobin" && round === 1) {
      // A multi-target spell: Bless on all three of the party.
      await act(page, name, who, "Bless", ["Brenna", "Sable", "Tobin"]);
      await expect
        .poll(() => turnLogLines(page, name))
        .toContainEqual(
          expect.stringMatching(/^R1Tobin casts Bless on Brenna, Sable, Tobin\. Brenna is blessed\./),
        );
    } else if (who === "Tobin") {
      const [target] = await act(page, name, who, "Sacred Flame");
      await expect
        .poll(() => turnLogLines(page, name))
        .toContainEqual(
          expect.stringMatching(new RegExp(`^R${round}Tobin casts Sacred Flame on ${target}\\.`)),
        );
    } else if (who === "Brenna") {
      if (round === 1) {
        await moveTo(page, name, who, 6, 4);
        await expect(resource(panel, "Movement: 10 ft")).toBeVisible();
        // The chest is next to her now: opening it is her free object interaction.
        const objects = panel.getByRole("region", { name: "Objects in reach" });
        await expect(objects).toContainText("Chest (closed)");
        await objects.getByRole("button", { name: "Interact with Chest" }).click();
        await expect(objects).toContainText("Chest (open)");
        await expect(panel.getByRole("region", { name: "Brenna's inventory" })).toContainText(
          "Pouch of 30 gp",
        );
        await expect
          .poll(() => turnLogLines(page, name))
          .toContainEqual("R1Brenna opens the Chest and takes Pouch of 30 gp.");
      }
      const [target] = await act(page, name, who, "Longsword");
      await expect
        .poll(() => turnLogLines(page, name))
        .toContainEqual(expect.stringMatching(attackBy(target!)));
    } else if (who === "Sable") {
      if (round === 1) {
        await moveTo(page, name, who, 6, 5);
        // Item use: Sable throws alchemist's fire at the Sneak.
        await panel.getByLabel("Use Alchemist's Fire on").selectOption({ label: "Goblin Sneak" });
        await panel.getByRole("button", { name: "Use Alchemist's Fire" }).click();
        await expect(panel.getByText("Alchemist's Fire (1 charge)")).toBeVisible();
        // Equip: Sable stows the shortbow (the free object interaction).
        await panel.getByRole("button", { name: "Stow Shortbow" }).click();
        await expect(panel.getByText("Shortbow (stowed)")).toBeVisible();
        await expect(
          panel.getByRole("button", { name: /^Shortbow \(action: (no action left|weapon not equipped)\)$/ }),
        ).toBeDisabled();
        await expect(resource(panel, "Action: used")).toBeVisible();
        await expect
          .poll(() => turnLogLines(page, name))
          .toContainEqual(expect.stringMatching(/^R1Sable uses the Alchemist's Fire on Goblin Sneak\./));
      } else {
        const [target] = await act(page, name, who, "Shortsword");
        await expect
          .poll(() => turnLogLines(page, name))
          .toContainEqual(expect.stringMatching(attackBy(target!)));
      }
    } else {
      // A goblin, run by the DM: it slashes at Brenna (or whoever is next to it).
      const [target] = await act(
        page,
        name,
        who,
        "Scimitar",
        (await isDown("Brenna")) ? undefined : ["Brenna"],
      );
      await expect
        .poll(() => turnLogLines(page, name))
        .toContainEqual(expect.stringMatching(attackBy(target!)));
    }
    if (await allDown()) return;
    await endTurn(page, name, who);
  };

  /** Whether the DM's map shows `who` down (unconscious or defeated). */
  const isDown = async (who: string) =>
    /HP, (defeated|unconscious)(;|$)/.test(
      (await tokenOf(dm.page, name, who).getAttribute("aria-label")) ?? "",
    );
  const allDown = async () => (await isDown(goblins[0])) && (await isDown(goblins[1]));

  let rounds = 0;
  await test.step("round after round, everyone plays their turns until both goblins are down", async () => {
    for (let round = 1; round <= MAX_ROUNDS && !(await allDown()); round++) {
      rounds = round;
      for (const who of order) {
        // The server passes over whoever is down.
        if (await isDown(who)) continue;
        await expect(shownTurn(dm.page, name)).toHaveText(`Turn: ${who}`);
        if (round === 1 && who === "Goblin Cutter") await chatOnEveryChannel();
        await play(who, round);
        if (await allDown()) break;
      }
      if (!(await allDown())) {
        // The last creature in the order has acted: a new round for everyone.
        for (const { page } of everyone)
          await expect(shownRound(page, name)).toHaveText(`Round ${round + 1}`);
      }
    }
    expect(await allDown(), `both goblins down within ${MAX_ROUNDS} rounds`).toBe(true);
  });

  async function chatOnEveryChannel() {
    await say(aria.page, name, "Goblins on the road!", "Party");
    await say(borin.page, name, "I keep my bow on the archer.", "To the DM");
    await say(dm.page, name, "Tobin spots a glint of gold in the brush.", "Private", [
      "Brenna & Tobin's player",
    ]);
    const lines = (page: Page) => shownChat(page, name);
    for (const { page } of everyone) await showTab(page, name, "Chat");
    await expect(lines(dm.page)).toHaveText([
      "[Party] Brenna & Tobin's player: Goblins on the road!",
      "[To the DM] Sable's player: I keep my bow on the archer.",
      "[Private] You → Brenna & Tobin's player: Tobin spots a glint of gold in the brush.",
    ]);
    await expect(lines(aria.page)).toHaveText([
      "[Party] You: Goblins on the road!",
      "[Private] The DM → You: Tobin spots a glint of gold in the brush.",
    ]);
    // The third browser: Borin sees the party line and his own note to the DM, never the private one.
    await expect(lines(borin.page)).toHaveText([
      "[Party] Brenna & Tobin's player: Goblins on the road!",
      "[To the DM] You: I keep my bow on the archer.",
    ]);
    await expect(liveModal(borin.page, name)).not.toContainText("glint of gold");
  }

  await test.step("every table shows both goblins defeated", async () => {
    for (const { page } of [aria, borin])
      for (const g of goblins)
        await expect(tokenOf(page, name, g)).toHaveAccessibleName(
          new RegExp(`${g} \\(enemy\\), Defeated(;|$)`),
        );
    for (const g of goblins)
      await expect(tokenOf(dm.page, name, g)).toHaveAccessibleName(
        new RegExp(`${g} \\(enemy\\), 0/7 HP, defeated(;|$)`),
      );
  });

  await test.step("the DM ends it: every table shows the party won, with XP for each character", async () => {
    const modal = liveModal(dm.page, name);
    await modal
      .getByRole("group", { name: "Flow" })
      .getByRole("button", { name: "End", exact: true })
      .click();
    await dm.page.getByRole("alertdialog").getByRole("button", { name: "End interaction" }).click();
    for (const { page } of everyone) {
      const results = liveModal(page, name).getByRole("region", { name: "Results" });
      await expect(results.getByRole("heading")).toHaveText(
        `The party won after ${rounds} ${rounds === 1 ? "round" : "rounds"}`,
      );
      await expect(results.getByRole("listitem")).toHaveText([
        "Brenna: 33 XP",
        "Tobin: 33 XP",
        "Sable: 33 XP",
        "Brenna took Pouch of 30 gp",
      ]);
      await expect(liveModal(page, name).getByText("Completed", { exact: true })).toBeVisible();
    }
  });

  await test.step("Convex has the results: the DM's summary page shows the winner, XP and loot", async () => {
    await dm.page.keyboard.press("Escape");
    await dm.page.goto(`/interactions/${id}`);
    await expect(dm.page.getByRole("heading", { name: "Results", level: 2 })).toBeVisible();
    await expect(
      dm.page.getByText(`The party won after ${rounds} ${rounds === 1 ? "round" : "rounds"}, ended`),
    ).toBeVisible();
    await expect(dm.page.getByRole("region", { name: "Experience" }).getByRole("listitem")).toHaveText([
      "Brenna: 33 XP",
      "Tobin: 33 XP",
      "Sable: 33 XP",
    ]);
    await expect(dm.page.getByRole("region", { name: "Loot" }).getByRole("listitem")).toHaveText([
      "Brenna: Pouch of 30 gp",
    ]);
  });

  for (const { context } of everyone) await context.close();
});
