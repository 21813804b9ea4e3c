import type { Browser, BrowserContext, Page } from "@playwright/test";
import { expect } from "./fixtures";
import { createInteraction, expectJoined, liveModal } from "./ui";
import { demo, openBrowserAs, unique } from "./users";

export type Seat = { context: BrowserContext; page: Page };
export type LiveTable = {
  id: string;
  name: string;
  dm: Seat;
  aria: Seat;
  borin: Seat;
  close: () => Promise<void>;
};

/**
 * The DM (own browser) builds an interaction from seeded characters — Aria's Brenna, Borin's
 * Sable and the DM's Goblin Cutter — and takes it live; Aria's and Borin's tables (own
 * browsers, waiting on their table page) open by themselves.
 */
export async function openLiveTable(
  browser: Browser,
  prefix: string,
  endAfterwards: (id: string) => void,
): Promise<LiveTable> {
  const name = unique(prefix);
  const dm = await openBrowserAs(browser, demo.dm);
  const aria = await openBrowserAs(browser, demo.aria);
  const borin = await openBrowserAs(browser, demo.borin);
  const id = await createInteraction(dm.page, name, [
    "Brenna (Player character)",
    "Sable (Player character)",
    "Goblin Cutter (Monster)",
  ]);
  endAfterwards(id);
  for (const { page } of [aria, borin])
    await expect(page.getByRole("heading", { name: "Your table", level: 1 })).toBeVisible();
  await dm.page.getByRole("button", { name: `Go live: ${name}` }).click();
  await expectJoined(liveModal(dm.page, name), "the DM");
  await expectJoined(liveModal(aria.page, name), "a player");
  await expectJoined(liveModal(borin.page, name), "a player");
  return {
    id,
    name,
    dm,
    aria,
    borin,
    close: async () => {
      for (const { context } of [dm, aria, borin]) await context.close();
    },
  };
}

/** The live table's "Status" and "Round" as shown. */
export function shownField(page: Page, tableName: string, term: "Status" | "Round" | "You are") {
  return liveModal(page, tableName)
    .getByRole("term")
    .filter({ hasText: new RegExp(`^${term}$`) })
    .locator("xpath=following-sibling::dd[1]");
}

/** The version the live table says it is synced at (throws if it is not synced). */
export async function shownVersion(page: Page, tableName: string): Promise<number> {
  const text = await liveModal(page, tableName).getByRole("status", { name: "Sync" }).textContent();
  const match = /^Synced at version (\d+)$/.exec(text ?? "");
  if (!match?.[1]) throw new Error(`the live table is not synced: "${text}"`);
  return Number(match[1]);
}
