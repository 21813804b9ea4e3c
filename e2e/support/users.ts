import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";

/** The local auth service's seeded demo accounts (apps/local-services/src/auth/demo-users.ts). */
export const demo = {
  dm: { id: "user_demo_dm", name: "Morgan the DM" },
  aria: { id: "user_demo_p1", name: "Aria" },
  borin: { id: "user_demo_p2", name: "Borin" },
  cass: { id: "user_demo_p3", name: "Cass" },
  admin: { id: "user_demo_admin", name: "Admin" },
} as const;

export type DemoUser = (typeof demo)[keyof typeof demo];

/** Signs in on the offline demo sign-in screen, as a person would. */
export async function signIn(page: Page, user: DemoUser): Promise<void> {
  await page.goto("/");
  await page.getByRole("button", { name: `Sign in as ${user.name}` }).click();
  // Not the sign-out button: a live table that opens on sign-in hides the page behind it.
  await expect(page.getByTestId("signed-in-user")).toHaveText(user.name);
}

/** A separate browser (own storage, own sockets) signed in as `user`. */
export async function openBrowserAs(
  browser: Browser,
  user: DemoUser,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, user);
  return { context, page };
}

/** A name no other test (nor an earlier run's data) uses. */
export function unique(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}
