import { expect, test } from "./support/fixtures";
import { gameOf } from "./support/game";
import { liveApiAs } from "./support/live-api";
import { startLiveServer, stopLiveServer } from "./support/live-server";
import { say, setInitiative, startFromTable } from "./support/play";
import { openLiveTable, shownChat, shownGame, shownRound, shownTurn } from "./support/table";
import { liveModal } from "./support/ui";
import { demo, signIn } from "./support/users";

// Journey 6: the DM starts from the table and the players chat from theirs; the restart is a
// real SIGTERM to the live server process, and the tables reconnect on their own. What each
// person sees is compared before and after, and the exact state via the live server's API.
test("the live server restarts mid-round: tables reconnect by themselves and nothing accepted is lost", async ({
  browser,
  endAfterwards,
}) => {
  test.setTimeout(150_000);
  const table = await openLiveTable(browser, "Restart road", endAfterwards);
  const { dm, aria, borin, name, id } = table;
  const seats = [
    { who: demo.dm, page: dm.page, api: await liveApiAs(demo.dm) },
    { who: demo.aria, page: aria.page, api: await liveApiAs(demo.aria) },
    { who: demo.borin, page: borin.page, api: await liveApiAs(demo.borin) },
  ];
  const [dmSeat, ariaSeat, borinSeat] = seats as [(typeof seats)[0], (typeof seats)[0], (typeof seats)[0]];
  // What each person's view held before the stop (a DM-channel message is not Aria's to see).
  const before = new Map<string, { version: number; game: ReturnType<typeof gameOf> }>();
  const shown = new Map<string, Awaited<ReturnType<typeof shownGame>>>();

  await test.step("mid-round, with chat accepted from two players, every table is up to date", async () => {
    // The goblin first: a DM-run turn has no timer, so nothing changes by itself meanwhile.
    await setInitiative(dm.page, name, "Goblin Cutter", 40);
    await startFromTable(dm.page, name);
    await say(aria.page, name, "Hold the line!", "Party");
    await say(borin.page, name, "I slip into the brush.", "To the DM");
    for (const seat of seats) {
      const state = await seat.api.client.interaction.state.query({ interactionId: id });
      before.set(seat.who.id, { version: state.version, game: gameOf(state) });
      await expect(shownRound(seat.page, name)).toHaveText("Round 1");
      await expect(shownTurn(seat.page, name)).toHaveText("Turn: Goblin Cutter");
    }
    // Borin's DM-channel message is for the DM (and Borin) only: Aria's table does not show it.
    for (const seat of [dmSeat, borinSeat]) {
      await expect(shownChat(seat.page, name)).toHaveCount(2);
      await expect(shownChat(seat.page, name)).toContainText([
        /^\[Party\] .*: Hold the line!$/,
        /^\[To the DM\] .*: I slip into the brush\.$/,
      ]);
    }
    await expect(shownChat(ariaSeat.page, name)).toHaveCount(1);
    await expect(shownChat(ariaSeat.page, name)).toContainText([/^\[Party\] .*: Hold the line!$/]);
    for (const seat of seats) {
      const game = await shownGame(seat.page, name);
      expect(game.tokens.length, "tokens on the map").toBeGreaterThan(0);
      shown.set(seat.who.id, game);
    }
    expect(before.get(demo.dm.id)?.game.chat.map((m) => m.text)).toEqual([
      "Hold the line!",
      "I slip into the brush.",
    ]);
    expect(before.get(demo.aria.id)?.game.chat.map((m) => m.text)).toEqual(["Hold the line!"]);
  });
  await Promise.all(seats.map((seat) => seat.api.close()));
  const versionBefore = before.get(demo.dm.id)?.version ?? Infinity;

  await test.step("SIGTERM: the server exits cleanly and every table shows it is reconnecting", async () => {
    const exit = await stopLiveServer("SIGTERM");
    expect(exit).toEqual({ code: 0, signal: null });
    for (const { page } of seats) {
      await expect(liveModal(page, name).getByRole("status", { name: "Connection" })).toHaveText(
        /^(Reconnecting…|Offline: retrying…)$/,
      );
    }
  });

  await test.step("the shutdown snapshot reached Convex: the DM sees it on the summary page", async () => {
    const tab = await dm.context.newPage();
    await signIn(tab, demo.dm);
    // Signing in while it is live opens its table (reconnecting); the DM closes it to look.
    await expect(liveModal(tab, name)).toBeVisible();
    await tab.keyboard.press("Escape");
    await tab.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Interactions" }).click();
    await tab.getByRole("tab", { name: /^Live/ }).click();
    await tab.getByRole("link", { name: `Summary of ${name}` }).click();
    const saved = tab.getByText(/\(server shutdown\)\./);
    await expect(saved).toBeVisible();
    expect(Number(await saved.getAttribute("data-snapshot-version"))).toBeGreaterThanOrEqual(versionBefore);
    await tab.close();
  });

  await test.step("the server starts again: every table reconnects by itself and resyncs", async () => {
    await startLiveServer();
    for (const seat of seats) {
      const modal = liveModal(seat.page, name);
      await expect(modal.getByRole("status", { name: "Connection" })).toHaveText("Connected", {
        timeout: 45_000,
      });
      // Round, turn, every token's cell and HP, and the chat: as this person saw them before.
      await expect.poll(() => shownGame(seat.page, name)).toEqual(shown.get(seat.who.id));
    }
  });

  await test.step("the rebuilt room holds every accepted change for everyone: round, turn, messages", async () => {
    for (const seat of seats) {
      const api = await liveApiAs(seat.who);
      const after = gameOf(await api.client.interaction.state.query({ interactionId: id }));
      await api.close();
      expect(after, `${seat.who.name}'s view`).toEqual(before.get(seat.who.id)?.game);
    }
  });

  await table.close();
});
