import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN,
  P1,
  type TestServer,
  connectClient,
  failure,
  signToken,
  startTestServer,
  watch,
  waitUntil,
} from "../testkit";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

describe("admin test mode", () => {
  it("is for admins only", async () => {
    const player = connectClient(server, await signToken(server.keys, P1));
    expect(
      await failure(player.trpc.admin.startSimulation.mutate({ scenario: "goblinAmbush" })),
    ).toMatchObject({ code: "FORBIDDEN", appCode: "ADMIN_ONLY" });
    expect(await failure(player.trpc.admin.runHeadless.mutate({ scenario: "goblinAmbush" }))).toMatchObject({
      code: "FORBIDDEN",
    });
    await player.close();
  });

  it("bots play every seat through the room, watched live; the admin can stop it", async () => {
    const admin = connectClient(server, await signToken(server.keys, ADMIN, { role: "admin" }));
    expect(await admin.trpc.admin.scenarios.query()).toContain("goblinAmbush");
    const sim = await admin.trpc.admin.startSimulation.mutate({
      scenario: "goblinAmbush",
      seed: 7,
      speed: 200,
      dm: "bot",
      players: "sensible",
    });
    expect(sim).toMatchObject({ status: "running", seed: 7 });
    const log = watch(admin, sim.interactionId);
    await log.waitFor((e) => e.type === "sync", "admin sync");
    await waitUntil(
      () => log.changes((v) => v.turn?.id).length >= 6 && log.of("delta").length >= 10,
      "bots playing",
      10_000,
    );
    const list = await admin.trpc.admin.simulations.query();
    expect(list.find((s) => s.interactionId === sim.interactionId)?.commands).toBeGreaterThan(5);
    // Nothing of it reaches the real store.
    expect(server.memory.peek(sim.interactionId)).toBeUndefined();
    const stopped = await admin.trpc.admin.stopSimulation.mutate({ interactionId: sim.interactionId });
    expect(stopped.status).toBe("stopped");
    const closed = await log.waitFor((e) => e.type === "closed");
    expect(closed).toMatchObject({ reason: "stopped" });
    await admin.close();
  });

  it("lets the admin play the player seats by hand while the DM bot runs the monsters", async () => {
    const admin = connectClient(server, await signToken(server.keys, ADMIN, { role: "admin" }));
    const sim = await admin.trpc.admin.startSimulation.mutate({
      scenario: "goblinAmbush",
      seed: 3,
      speed: 100,
      dm: "bot",
      players: "human",
    });
    const log = watch(admin, sim.interactionId);
    // The DM bot starts; play waits on the first PC turn until the admin acts for it.
    const pcTurn = await log.waitView(
      (v) => v.turn?.entityId?.startsWith("pc") === true,
      "a PC turn",
      10_000,
    );
    const turn = pcTurn.turn!;
    await admin.trpc.interaction.endTurn.mutate({
      interactionId: sim.interactionId,
      turnId: turn.id,
      entityId: turn.entityId!,
    });
    await log.waitView((v) => v.turn !== null && v.turn.id > turn.id, "next turn");
    await admin.trpc.admin.stopSimulation.mutate({ interactionId: sim.interactionId });
    await admin.close();
  });

  it("reports turns, timeouts and snapshots written while it runs and after it ends", async () => {
    const admin = connectClient(server, await signToken(server.keys, ADMIN, { role: "admin" }));
    const infoOf = async (id: string) =>
      (await admin.trpc.admin.simulations.query()).find((s) => s.interactionId === id);
    // Bots on every seat, fast: plays to the end; every round end and the completion are snapshots.
    const played = await admin.trpc.admin.startSimulation.mutate({
      scenario: "goblinAmbush",
      seed: 3,
      speed: 1_000,
    });
    let done = await infoOf(played.interactionId);
    await waitUntil(
      async () => {
        done = await infoOf(played.interactionId);
        return done?.status === "finished" && done.snapshotsWritten > done.round;
      },
      "simulation finished with its snapshots",
      20_000,
    );
    expect(done!.turns).toBeGreaterThan(done!.round);
    expect(done!.timeouts).toBe(0);
    // Nobody at the player seats: their turns run out on the room's timer (1 s at this speed).
    const idle = await admin.trpc.admin.startSimulation.mutate({
      scenario: "goblinAmbush",
      seed: 3,
      speed: 1_000,
      players: "human",
    });
    let waiting = await infoOf(idle.interactionId);
    await waitUntil(
      async () => {
        waiting = await infoOf(idle.interactionId);
        return (waiting?.timeouts ?? 0) >= 1;
      },
      "a player turn timed out",
      15_000,
    );
    expect(waiting).toMatchObject({ status: "running" });
    expect(waiting!.turns).toBeGreaterThanOrEqual(waiting!.timeouts);
    await admin.trpc.admin.stopSimulation.mutate({ interactionId: idle.interactionId });
    await admin.close();
  });

  it("runs a scenario headless to a report", async () => {
    const admin = connectClient(server, await signToken(server.keys, ADMIN, { role: "admin" }));
    const report = await admin.trpc.admin.runHeadless.mutate({ scenario: "goblinAmbush", seed: 11 });
    expect(report.stopped).toBe("completed");
    expect(["party", "enemy", "none"]).toContain(report.winner);
    expect(report.rounds).toBeGreaterThan(0);
    expect(report.log.length).toBeGreaterThan(0);
    const again = await admin.trpc.admin.runHeadless.mutate({ scenario: "goblinAmbush", seed: 11 });
    expect(again).toEqual(report);
    await admin.close();
  });
});
