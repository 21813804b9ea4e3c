import type { Page } from "@playwright/test";
import { TRPCClientError } from "@trpc/client";
import { expect, test } from "./support/fixtures";
import { liveApiAs, liveApiWithToken, sessionToken, type LiveApi } from "./support/live-api";
import { liveModal } from "./support/ui";
import { demo, openBrowserAs } from "./support/users";

// Journey 7: an admin runs a simulated interaction with bots in every seat to completion,
// watching it in the live table, and reads the reports; a non-admin cannot reach test mode,
// neither in the web app nor through the live server's `admin` router.

/** Every admin procedure, called with valid input. */
const adminCalls: Record<string, (api: LiveApi) => Promise<unknown>> = {
  scenarios: (api) => api.client.admin.scenarios.query(),
  simulations: (api) => api.client.admin.simulations.query(),
  startSimulation: (api) =>
    api.client.admin.startSimulation.mutate({ scenario: "goblinAmbush", seed: 7, speed: 50, dm: "bot" }),
  runHeadless: (api) => api.client.admin.runHeadless.mutate({ scenario: "goblinAmbush", seed: 7 }),
  stopSimulation: (api) => api.client.admin.stopSimulation.mutate({ interactionId: "test-000000000000" }),
};

async function refusal(call: Promise<unknown>) {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "the call was accepted").toBeInstanceOf(TRPCClientError);
  const { message, data } = error as { message: string; data?: { code?: string; appCode?: string | null } };
  return { code: data?.code, appCode: data?.appCode, message };
}

/** A real session token of `user` with its claims edited (the signature no longer matches). */
async function forgedAdminToken(user: typeof demo.aria): Promise<string> {
  const [header, payload, signature] = (await sessionToken(user)).split(".");
  const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString()) as Record<string, unknown>;
  const forged = Buffer.from(JSON.stringify({ ...claims, role: "admin" })).toString("base64url");
  return [header, forged, signature].join(".");
}

test("a non-admin cannot reach admin test mode through the live server's API", async () => {
  const admin = await liveApiAs(demo.admin);
  const simulationsBefore = await admin.client.admin.simulations.query();

  await test.step("the admin can (so the refusals below are about who asks)", async () => {
    expect(await admin.client.admin.scenarios.query()).toContain("goblinAmbush");
  });

  for (const user of [demo.dm, demo.aria]) {
    await test.step(`${user.name} is refused every admin call with a typed error`, async () => {
      const api = await liveApiAs(user);
      for (const [name, call] of Object.entries(adminCalls)) {
        expect(await refusal(call(api)), name).toEqual({
          code: "FORBIDDEN",
          appCode: "ADMIN_ONLY",
          message: "Only admins may run test mode",
        });
      }
      await api.close();
    });
  }

  await test.step("without a session, or with a forged admin claim, the caller is not signed in", async () => {
    for (const [who, token] of [
      ["no token", null],
      ["forged token", await forgedAdminToken(demo.aria)],
    ] as const) {
      const api = liveApiWithToken(token);
      expect(await refusal(adminCalls.startSimulation!(api)), who).toMatchObject({
        code: "UNAUTHORIZED",
        appCode: "UNAUTHENTICATED",
      });
      await api.close();
    }
  });

  await test.step("none of the refused calls started a simulation", async () => {
    expect(await admin.client.admin.simulations.query()).toEqual(simulationsBefore);
  });
  await admin.close();
});

test("an admin runs a simulation with bots in every seat to the end, watching it live, and reads the reports", async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const main = (page: Page) => page.getByRole("navigation", { name: "Main" });

  await test.step("the DM has no test mode: no link, and the page says it is for admins only", async () => {
    const { context, page } = await openBrowserAs(browser, demo.dm);
    await expect(main(page).getByRole("link", { name: "Interactions" })).toBeVisible();
    await expect(main(page).getByRole("link", { name: "Test mode" })).toHaveCount(0);
    await page.goto("/admin/test-mode");
    await expect(page.getByText("Admins only", { exact: true })).toBeVisible();
    await expect(page.getByRole("form", { name: "New simulation" })).toHaveCount(0);
    await context.close();
  });

  const { context, page } = await openBrowserAs(browser, demo.admin);
  const watched = liveModal(page, "Simulation: Goblin ambush");
  await test.step("the admin starts a goblin ambush with bots as DM and players", async () => {
    await main(page).getByRole("link", { name: "Test mode" }).click();
    const form = page.getByRole("form", { name: "New simulation" });
    await form.getByLabel("Scenario").selectOption({ label: "Goblin ambush" });
    await form.getByLabel("DM seat").selectOption({ label: "Bot" });
    await form.getByLabel("Player seats").selectOption({ label: "Sensible bots" });
    await form.getByLabel("Seed").fill("7");
    await form.getByLabel("Speed").fill("50");
    await form.getByRole("button", { name: "Start simulation" }).click();
  });

  await test.step("it opens in the live table, watched as admin, and the bots play it to the end", async () => {
    await expect(watched.getByRole("status", { name: "Connection" })).toHaveText("Connected");
    await expect(watched.getByText("Watching as admin", { exact: true })).toBeVisible();
    await expect(watched.getByRole("grid", { name: "Battle map" })).toBeVisible();
    await expect(watched.getByRole("region", { name: "Results" })).toBeVisible({ timeout: 90_000 });
    await expect(watched.getByRole("region", { name: "Results" }).getByRole("heading")).toHaveText(
      // a goblin ambush is combat: its outcome is worded for combat (outcome-text.ts)
      /^\s*(The party won|The enemies won|No side won) after \d+ rounds?$/,
    );
    await expect(watched.getByText("Completed", { exact: true })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(watched).toHaveCount(0);
  });

  await test.step("the simulations list shows it finished, with its rounds, commands and winner", async () => {
    const run = page.getByRole("listitem", { name: /^Goblin ambush, seed 7, started at / }).first();
    await expect(run).toContainText("Goblin ambush");
    await expect(run).toContainText("seed 7, speed 50×, DM bot, players sensible");
    await expect(run.getByText("Finished", { exact: true })).toBeVisible();
    const stat = (label: string) =>
      run.getByRole("term").filter({ hasText: label }).locator("xpath=following-sibling::dd[1]");
    expect(Number(await stat("Round").textContent())).toBeGreaterThan(0);
    expect(Number(await stat("Commands").textContent())).toBeGreaterThan(0);
    await expect(stat("Winner")).not.toHaveText("—");
    await expect(
      run.getByRole("button", { name: /^Watch Goblin ambush, seed 7, started at / }),
    ).toBeDisabled();
  });

  await test.step("a headless run of the same seed reports rounds, turns, timeouts, snapshots and errors", async () => {
    await page.getByRole("button", { name: "Run headless to a report" }).click();
    const report = page.getByRole("region", { name: "Simulation report" });
    await expect(report.getByRole("heading")).toHaveText("Report: Goblin ambush, seed 7");
    for (const term of ["Rounds", "Turns", "Timeouts", "Snapshots requested", "Errors (rejected)"])
      await expect(report.getByRole("term").getByText(term, { exact: true })).toBeVisible();
    const rounds = report
      .getByRole("term")
      .filter({ hasText: /^Rounds$/ })
      .locator("xpath=following-sibling::dd[1]");
    expect(Number(await rounds.textContent())).toBeGreaterThan(0);
  });

  await context.close();
});
