import type { Locator, Page } from "@playwright/test";
import { expect } from "./fixtures";
import { liveModal } from "./ui";

// Playing at the live table through its own controls, as the person at that browser would.

/** A map cell by its 1-based column and row, as its accessible name starts ("6, 4; …"). */
export function cell(page: Page, table: string, x: number, y: number): Locator {
  return liveModal(page, table)
    .getByRole("grid", { name: "Battle map" })
    .getByRole("gridcell", { name: new RegExp(`^${x}, ${y}(;|$)`) });
}

/** The map cell a creature stands on (its accessible name holds "Name (ally|enemy…)"). */
export function tokenOf(page: Page, table: string, who: string): Locator {
  return liveModal(page, table)
    .getByRole("grid", { name: "Battle map" })
    .getByRole("gridcell", { name: new RegExp(`; ${escape(who)} \\((ally|enemy|neutral)`) });
}

/** The acting panel ("Brenna: your turn") shown to whoever runs the creature whose turn it is. */
export function turnPanel(page: Page, table: string, who: string): Locator {
  return liveModal(page, table).getByRole("region", { name: new RegExp(`^${escape(who)}: your turn`) });
}

/** A badge of "What is left this turn" ("Action: used", "Movement: 10 ft"). */
export function resource(panel: Locator, text: string | RegExp): Locator {
  return panel.getByRole("list", { name: "What is left this turn" }).getByText(text);
}

/** The DM's initiative box for `who`: types `value` and sets it; the order shows it. */
export async function setInitiative(page: Page, table: string, who: string, value: number): Promise<void> {
  const modal = liveModal(page, table);
  await modal.getByLabel(`Initiative for ${who}`, { exact: true }).fill(String(value));
  await modal.getByRole("button", { name: `Set initiative for ${who}`, exact: true }).click();
  await expect(
    modal
      .getByRole("list", { name: "Initiative order" })
      .getByRole("listitem")
      .filter({ hasText: who })
      .getByLabel(`Initiative for ${who}`, { exact: true }),
  ).toHaveValue(String(value));
}

/** The DM's Start button: round 1 begins. */
export async function startFromTable(page: Page, table: string): Promise<void> {
  const modal = liveModal(page, table);
  await modal
    .getByRole("group", { name: "Flow" })
    .getByRole("button", { name: "Start", exact: true })
    .click();
  await expect(modal.getByText(/^Round 1$/)).toBeVisible();
}

/** Shows the chat or the turn log tab of the table's side panel. */
export async function showTab(page: Page, table: string, tab: "Chat" | "Turn log"): Promise<void> {
  const trigger = liveModal(page, table).getByRole("tab", { name: tab, exact: true });
  if ((await trigger.getAttribute("aria-selected")) !== "true") await trigger.click();
  await expect(trigger).toHaveAttribute("aria-selected", "true");
}

/** The turn log's lines as shown ("R1Brenna hits Goblin Cutter with Longsword (17 vs AC 15)."). */
export async function turnLogLines(page: Page, table: string): Promise<string[]> {
  await showTab(page, table, "Turn log");
  return liveModal(page, table)
    .getByRole("log", { name: "Turn log" })
    .getByRole("listitem")
    .allTextContents();
}

/**
 * Clicks Move, then the reachable cell (1-based column, row) on the map; the token is there
 * afterwards and the movement left went down.
 */
export async function moveTo(page: Page, table: string, who: string, x: number, y: number): Promise<void> {
  const panel = turnPanel(page, table, who);
  await panel.getByRole("button", { name: /^Move \(\d+ ft left\)$/ }).click();
  const target = cell(page, table, x, y);
  await expect(target).toHaveAccessibleName(/reachable, \d+ ft/);
  await target.click();
  await expect(tokenOf(page, table, who)).toHaveAccessibleName(new RegExp(`^${x}, ${y};`));
}

/**
 * Picks `action` from the acting panel, ticks `targets` (names; the first in range when
 * omitted) and confirms; the action shows as used. Returns the targets ticked.
 */
export async function act(
  page: Page,
  table: string,
  who: string,
  action: string,
  targets?: string[],
): Promise<string[]> {
  const panel = turnPanel(page, table, who);
  await panel.getByRole("button", { name: new RegExp(`^${escape(action)} \\((bonus )?action`) }).click();
  const picker = panel.getByRole("group", { name: new RegExp(`^Targets for ${escape(action)}`) });
  const picked: string[] = [];
  if (targets) {
    for (const t of targets) {
      await picker.getByRole("checkbox", { name: new RegExp(`^${escape(t)} \\(`) }).check();
      picked.push(t);
    }
  } else {
    const first = picker.getByRole("checkbox").first();
    await first.check();
    picked.push(((await picker.locator("label").first().textContent()) ?? "").replace(/ \(.*$/, ""));
  }
  await panel.getByRole("button", { name: `Confirm ${action}`, exact: true }).click();
  await expect(resource(panel, "Action: used")).toBeVisible();
  return picked;
}

/** End turn: the acting panel goes away (the turn passed on). */
export async function endTurn(page: Page, table: string, who: string): Promise<void> {
  const panel = turnPanel(page, table, who);
  await panel.getByRole("button", { name: "End turn", exact: true }).click();
  await expect(panel).toHaveCount(0);
}

type Channel = "Party" | "To the DM" | "Private";

/** Sends a chat message from the table's chat form; it shows in the sender's chat. */
export async function say(
  page: Page,
  table: string,
  text: string,
  channel: Channel = "Party",
  to: string[] = [],
): Promise<void> {
  await showTab(page, table, "Chat");
  const chat = liveModal(page, table).getByRole("region", { name: "Chat" });
  await chat.getByRole("combobox", { name: "Channel" }).selectOption({ label: channel });
  for (const r of to) await chat.getByRole("checkbox", { name: r, exact: true }).check();
  await chat.getByRole("textbox", { name: "Message" }).fill(text);
  await chat.getByRole("button", { name: "Send message" }).click();
  await expect(chat.getByRole("textbox", { name: "Message" })).toHaveValue("");
  await expect(chat.getByRole("log", { name: "Chat messages" }).getByRole("listitem")).toContainText([
    `: ${text}`,
  ]);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** What has the keyboard focus: its accessible name (roughly: aria-label, else text) and whether the focus shows. */
export async function focused(page: Page): Promise<{ name: string; role: string; visible: boolean }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { name: "", role: "", visible: false };
    const labelledBy = el.getAttribute("aria-labelledby");
    const label =
      el.getAttribute("aria-label") ??
      (labelledBy ? document.getElementById(labelledBy)?.textContent : null) ??
      (el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`)?.textContent : null) ??
      el.textContent ??
      "";
    const style = getComputedStyle(el);
    const ring =
      (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none";
    return {
      name: label.trim(),
      role: el.getAttribute("role") ?? el.tagName.toLowerCase(),
      visible: el.matches(":focus-visible") && ring,
    };
  });
}

/**
 * Presses Tab (Shift+Tab when `backwards`) until the focused control's name matches `name`,
 * checking on the way that the focus is always visible. Fails after `limit` presses.
 */
export async function tabTo(
  page: Page,
  name: RegExp,
  { backwards = false, limit = 80 }: { backwards?: boolean; limit?: number } = {},
): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
    const f = await focused(page);
    seen.push(f.name);
    if (f.name && !f.visible) throw new Error(`focus on "${f.name}" (${f.role}) is not visible`);
    if (name.test(f.name)) return;
  }
  throw new Error(
    `no ${name} within ${limit} presses of ${backwards ? "Shift+Tab" : "Tab"}; went by: ${seen.join(" | ")}`,
  );
}
