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
  await goLiveTogether(name, dm, [aria, borin]);
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

/**
 * The players wait on their table page; the DM presses "Go live"; every table opens by itself
 * and says it joined.
 */
export async function goLiveTogether(name: string, dm: Seat, players: Seat[]): Promise<void> {
  for (const { page } of players)
    await expect(page.getByRole("heading", { name: "Your table", level: 1 })).toBeVisible();
  await dm.page.getByRole("button", { name: `Go live: ${name}` }).click();
  await expectJoined(liveModal(dm.page, name), "the DM");
  for (const { page } of players) await expectJoined(liveModal(page, name), "a player");
}

/** The live table's round as shown ("Round 1", or "Round —" before the start). */
export function shownRound(page: Page, tableName: string) {
  return liveModal(page, tableName).getByText(/^Round (\d+|—)$/);
}

/** Whose turn the live table says it is ("Turn: Goblin Cutter"). */
export function shownTurn(page: Page, tableName: string) {
  return liveModal(page, tableName).getByText(/^Turn: /);
}

/** The chat lines the live table shows, e.g. "[Party] Aria: Set up camp here?". */
export function shownChat(page: Page, tableName: string) {
  return liveModal(page, tableName).getByRole("log", { name: "Chat messages" }).getByRole("listitem");
}

/** The live table's "closed" notice (the room left memory), e.g. after the DM paused. */
export function closedNotice(page: Page, tableName: string) {
  return liveModal(page, tableName).getByRole("status").filter({ hasText: "The DM paused the interaction" });
}

/**
 * The game as this person's live table shows it: round, status, whose turn, every token on the
 * map with its cell and HP (the map cells' accessible names) and the chat lines.
 */
export async function shownGame(page: Page, tableName: string) {
  const modal = liveModal(page, tableName);
  const texts = (locator: ReturnType<Page["locator"]>) => locator.allTextContents();
  const tokens = await modal
    .getByRole("gridcell")
    .evaluateAll((cells) =>
      cells
        .map((c) => c.getAttribute("aria-label") ?? "")
        .filter((name) => /\((ally|enemy|neutral)/.test(name)),
    );
  return {
    round: await texts(shownRound(page, tableName)),
    status: await texts(modal.getByText(/^(Not started|In play|Waiting for the DM|Paused|Completed)$/)),
    turn: await texts(shownTurn(page, tableName)),
    tokens,
    chat: await texts(shownChat(page, tableName)),
  };
}
