import { expect, type Locator, type Page } from "@playwright/test";

type Kind = "Player character" | "NPC" | "Monster";

/** Characters → New character → name and kind → Create character; back on the list. */
export async function createCharacter(page: Page, name: string, kind: Kind): Promise<void> {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Characters" }).click();
  await page.getByRole("link", { name: "New character" }).first().click();
  const form = page.getByRole("form", { name: "Character sheet" });
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel("Kind", { exact: true }).selectOption({ label: kind });
  await form.getByRole("button", { name: "Create character" }).click();
  await expect(page.getByRole("heading", { name: "Characters", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name, level: 3 })).toBeVisible();
}

/**
 * Interactions → New interaction → name, participants (picker labels such as "Aria's Elf
 * (Player character)"), optionally each one's cell (`positions`, by name, 0-based column and
 * row as the form takes them) and more edits (`edit`, e.g. the map) → Create interaction (then
 * `onSubmitted`, if given); lands on the draft's page. Returns its id.
 */
export async function createInteraction(
  page: Page,
  name: string,
  participants: string[],
  onSubmitted?: () => Promise<void>,
  {
    positions = {},
    edit,
  }: {
    positions?: Record<string, { x: number; y: number }>;
    edit?: (form: Locator) => Promise<void>;
  } = {},
): Promise<string> {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Interactions" }).click();
  await page.getByRole("link", { name: "New interaction" }).first().click();
  const form = page.getByRole("form", { name: "Interaction" });
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel("Kind", { exact: true }).selectOption({ label: "Combat" });
  for (const label of participants) {
    await form.getByLabel("Character to add").selectOption({ label });
    await form.getByRole("button", { name: "Add participant" }).click();
    const seated = label.replace(/ \([^)]*\)$/, "");
    await expect(form.getByRole("group", { name: seated, exact: true })).toBeVisible();
  }
  for (const [seated, at] of Object.entries(positions)) {
    const group = form.getByRole("group", { name: seated, exact: true });
    await group.getByLabel("Column (x)").fill(String(at.x));
    await group.getByLabel("Row (y)").fill(String(at.y));
  }
  await edit?.(form);
  await form.getByRole("button", { name: "Create interaction" }).click();
  await onSubmitted?.();
  await expect(page.getByRole("heading", { name: `Edit ${name}`, level: 1 })).toBeVisible();
  const id = /\/interactions\/([^/?#]+)$/.exec(new URL(page.url()).pathname)?.[1];
  if (!id) throw new Error(`no interaction id in ${page.url()}`);
  return id;
}

/** The live table dialog of `interaction`. */
export function liveModal(page: Page, interaction: string): Locator {
  return page.getByRole("dialog", { name: `${interaction}: live table` });
}

/** What the live table shows once it has joined the room, is connected and has its state. */
export async function expectJoined(modal: Locator, as: "the DM" | "a player"): Promise<void> {
  await expect(modal).toBeVisible();
  await expect(modal.getByRole("status", { name: "Connection" })).toHaveText("Connected");
  await expect(
    modal.getByText(as === "the DM" ? "You are the DM" : "You are playing", { exact: true }),
  ).toBeVisible();
  await expect(modal.getByRole("list", { name: "Initiative order" })).toBeAttached();
  await expect(modal.getByRole("grid", { name: "Battle map" })).toBeVisible();
}

/** The toasts on screen (sonner). */
export function toasts(page: Page): Locator {
  return page.locator("[data-sonner-toast]");
}

/**
 * Closes every toast with its close button, as a user would (a toast under a modal's overlay
 * cannot be clicked: it times out by itself), and waits until none is left.
 */
export async function dismissToasts(page: Page): Promise<void> {
  const close = page.getByRole("button", { name: "Close toast" });
  for (let i = 0; i < 5 && (await close.count()) > 0; i++) {
    await close
      .first()
      .click({ timeout: 2_000 })
      .catch(() => undefined);
  }
  await expect(toasts(page)).toHaveCount(0);
}
