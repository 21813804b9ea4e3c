import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ViewState } from "../engine/view";
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
    // The bots are at the table: every seat shows as connected, none as away.
    const seated = Object.values(log.view!.entities).flatMap((e) => (e.ownerUserId ? [e.ownerUserId] : []));
    expect(seated.length).toBeGreaterThan(0);
    for (const userId of seated) expect(log.view!.presence[userId]?.online).toBe(true);
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
    // The seats the admin plays are taken: a turn run out there waits for no one's make-up.
    const idleView = (await admin.trpc.interaction.state.query({ interactionId: idle.interactionId }))
      .view as ViewState;
    expect(idleView.missed).toEqual([]);
    await admin.trpc.admin.stopSimulation.mutate({ interactionId: idle.interactionId });
    await admin.close();
  });

  it("a stopped simulation stays over: rejoining or relaunching its id is refused and builds no room", async () => {
    const admin = connectClient(server, await signToken(server.keys, ADMIN, { role: "admin" }));
    const sim = await admin.trpc.admin.startSimulation.mutate({
      scenario: "goblinAmbush",
      seed: 7,
      speed: 200,
    });
    const log = watch(admin, sim.interactionId);
    await waitUntil(() => log.changes((v) => v.turn?.id).length >= 4, "bots playing", 10_000);
    await admin.trpc.admin.stopSimulation.mutate({ interactionId: sim.interactionId });
    expect(await log.waitFor((e) => e.type === "closed")).toMatchObject({ reason: "stopped" });
    // "Rejoin the table" (offered for reason "stopped") subscribes to the id again.
    const again = watch(admin, sim.interactionId);
    await waitUntil(() => again.errors.length > 0 || again.events.length > 0, "the rejoin's answer");
    expect(again.events).toEqual([]);
    const ended = {
      code: "PRECONDITION_FAILED",
      appCode: "NOT_LIVE",
      message: "This simulation has ended; start a new one from Test mode",
    };
    expect(await failure(Promise.reject(again.errors[0] as Error))).toMatchObject(ended);
    expect(
      await failure(admin.trpc.interaction.launch.mutate({ interactionId: sim.interactionId })),
    ).toMatchObject(ended);
    expect(server.registry.get(sim.interactionId)).toBeUndefined();
    const info = (await admin.trpc.admin.simulations.query()).find(
      (s) => s.interactionId === sim.interactionId,
    );
    expect(info).toMatchObject({ status: "stopped" });
    await admin.close();
  });

  it("a simulation whose room closed on its own (inactivity) is over too: a rejoin is refused", async () => {
    const quick = await startTestServer({ inactivityTimeoutMs: 1_000 });
    const admin = connectClient(quick, await signToken(quick.keys, ADMIN, { role: "admin" }));
    const sim = await admin.trpc.admin.startSimulation.mutate({
      scenario: "goblinAmbush",
      speed: 2,
      dm: "human",
      players: "human",
    });
    const log = watch(admin, sim.interactionId);
    expect(await log.waitFor((e) => e.type === "closed", "closed", 5_000)).toMatchObject({
      reason: "inactivity",
    });
    await waitUntil(
      async () =>
        (await admin.trpc.admin.simulations.query()).find((s) => s.interactionId === sim.interactionId)
          ?.status === "stopped",
      "simulation ended",
      5_000,
    );
    const again = watch(admin, sim.interactionId);
    await waitUntil(() => again.errors.length > 0 || again.events.length > 0, "the rejoin's answer");
    expect(again.events).toEqual([]);
    expect(await failure(Promise.reject(again.errors[0] as Error))).toMatchObject({ appCode: "NOT_LIVE" });
    expect(quick.registry.get(sim.interactionId)).toBeUndefined();
    await admin.close();
    await quick.stop();
  });

  it("refuses an admin's pause of a simulation, which keeps running", async () => {
    const admin = connectClient(server, await signToken(server.keys, ADMIN, { role: "admin" }));
    const sim = await admin.trpc.admin.startSimulation.mutate({
      scenario: "goblinAmbush",
      seed: 7,
      speed: 200,
    });
    const log = watch(admin, sim.interactionId);
    await waitUntil(() => log.changes((v) => v.turn?.id).length >= 2, "bots playing", 10_000);
    const refused = await failure(admin.trpc.interaction.pause.mutate({ interactionId: sim.interactionId }));
    expect(refused).toMatchObject({ code: "PRECONDITION_FAILED", appCode: "SIMULATION_NOT_PAUSABLE" });
    expect(refused.message).toBe("A simulation cannot be paused; stop it from Test mode");
    const turns = log.changes((v) => v.turn?.id).length;
    await waitUntil(() => log.changes((v) => v.turn?.id).length > turns + 2, "bots still playing", 10_000);
    expect(log.events.some((e) => e.event.type === "closed")).toBe(false);
    const info = (await admin.trpc.admin.simulations.query()).find(
      (s) => s.interactionId === sim.interactionId,
    );
    expect(info).toMatchObject({ status: "running" });
    await admin.trpc.admin.stopSimulation.mutate({ interactionId: sim.interactionId });
    await admin.close();
  });

  it("lists a simulation the admin ended as DM as finished, with its winner", async () => {
    const admin = connectClient(server, await signToken(server.keys, ADMIN, { role: "admin" }));
    const sim = await admin.trpc.admin.startSimulation.mutate({
      scenario: "goblinAmbush",
      seed: 7,
      speed: 200,
      dm: "human",
    });
    const log = watch(admin, sim.interactionId);
    await log.waitFor((e) => e.type === "sync", "admin sync");
    await admin.trpc.interaction.end.mutate({ interactionId: sim.interactionId });
    const infoOf = async () =>
      (await admin.trpc.admin.simulations.query()).find((s) => s.interactionId === sim.interactionId);
    await waitUntil(async () => (await infoOf())?.status !== "running", "simulation ended", 5_000);
    const info = await infoOf();
    expect(info?.status).toBe("finished");
    const final = await log.waitView((v) => v.results != null, "the results");
    expect(info?.winner).not.toBeNull();
    expect(info?.winner).toBe(final.results!.winner);
    await admin.close();
  });

  it("a simulation's room closed before its bots notice is not rebuilt by a rejoin", async () => {
    const quick = await startTestServer({ inactivityTimeoutMs: 1_000 });
    const admin = connectClient(quick, await signToken(quick.keys, ADMIN, { role: "admin" }));
    // Speed 0.1: the bot loop looks at the room only every 10 s, long after the room closed.
    const sim = await admin.trpc.admin.startSimulation.mutate({
      scenario: "goblinAmbush",
      speed: 0.1,
      dm: "human",
      players: "human",
    });
    const log = watch(admin, sim.interactionId);
    await log.waitFor((e) => e.type === "closed", "closed", 5_000);
    const again = watch(admin, sim.interactionId);
    await waitUntil(() => again.errors.length > 0 || again.events.length > 0, "the rejoin's answer");
    expect(again.events).toEqual([]);
    expect(await failure(Promise.reject(again.errors[0] as Error))).toMatchObject({
      code: "PRECONDITION_FAILED",
      appCode: "NOT_LIVE",
      message: "This simulation has ended; start a new one from Test mode",
    });
    expect(quick.registry.get(sim.interactionId)).toBeUndefined();
    await admin.close();
    await quick.stop();
  });

  it("seats ids no account has, so a demo account cannot join or act in a simulation", async () => {
    const admin = connectClient(server, await signToken(server.keys, ADMIN, { role: "admin" }));
    const sim = await admin.trpc.admin.startSimulation.mutate({
      scenario: "goblinAmbush",
      seed: 7,
      speed: 5,
    });
    // The admin still watches it.
    const watching = watch(admin, sim.interactionId);
    await watching.waitFor((e) => e.type === "sync", "admin sync");
    for (const userId of ["user_demo_dm", "user_demo_p1"]) {
      const demo = connectClient(server, await signToken(server.keys, userId));
      const log = watch(demo, sim.interactionId);
      await waitUntil(() => log.errors.length > 0 || log.events.length > 0, `${userId}'s answer`);
      expect(log.events).toEqual([]);
      expect(await failure(Promise.reject(log.errors[0] as Error))).toMatchObject({
        code: "FORBIDDEN",
        appCode: "NOT_A_PARTICIPANT",
      });
      expect(
        await failure(demo.trpc.interaction.end.mutate({ interactionId: sim.interactionId })),
      ).toMatchObject({ code: "FORBIDDEN" });
      await demo.close();
    }
    const info = (await admin.trpc.admin.simulations.query()).find(
      (s) => s.interactionId === sim.interactionId,
    );
    expect(info).toMatchObject({ status: "running" });
    const seats = server.registry.get(sim.interactionId)!.current();
    expect(seats.dmUserId).toBe(`sim:${sim.interactionId}:dm`);
    const owners = Object.values(seats.entities).map((e) => (e.kind === "pc" ? e.ownerUserId : null));
    expect(owners).toContain(`sim:${sim.interactionId}:p1`);
    await admin.trpc.admin.stopSimulation.mutate({ interactionId: sim.interactionId });
    await admin.close();
  });

  it("refuses to start more simulations than MAX_SIMULATIONS and starts nothing for it", async () => {
    const capped = await startTestServer({ maxSimulations: 2 });
    const admin = connectClient(capped, await signToken(capped.keys, ADMIN, { role: "admin" }));
    const idle = { scenario: "goblinAmbush", speed: 0.1, dm: "human", players: "human" } as const;
    const first = await admin.trpc.admin.startSimulation.mutate(idle);
    await admin.trpc.admin.startSimulation.mutate(idle);
    const refused = await failure(admin.trpc.admin.startSimulation.mutate(idle));
    expect(refused).toMatchObject({ code: "TOO_MANY_REQUESTS", appCode: "TOO_MANY_SIMULATIONS" });
    expect(refused.message).toContain("2 simulations are already running");
    expect(await admin.trpc.admin.simulations.query()).toHaveLength(2);
    expect(capped.registry.size).toBe(2);
    // A stopped one frees its place.
    await admin.trpc.admin.stopSimulation.mutate({ interactionId: first.interactionId });
    await admin.trpc.admin.startSimulation.mutate(idle);
    for (const s of await admin.trpc.admin.simulations.query())
      if (s.status === "running")
        await admin.trpc.admin.stopSimulation.mutate({ interactionId: s.interactionId });
    await admin.close();
    await capped.stop();
  });

  it("draws a seed when none is given and reports it, so the run can be repeated", async () => {
    let n = 0;
    const draws = [0.25, 0.5, 0.75, 0.125];
    const seeded = await startTestServer({}, undefined, () => draws[n++ % draws.length]!);
    const admin = connectClient(seeded, await signToken(seeded.keys, ADMIN, { role: "admin" }));
    const h1 = await admin.trpc.admin.runHeadless.mutate({ scenario: "goblinAmbush" });
    const h2 = await admin.trpc.admin.runHeadless.mutate({ scenario: "goblinAmbush" });
    expect(h1.seed).not.toBe(h2.seed);
    for (const h of [h1, h2]) expect(draws.map((d) => Math.floor(d * 2 ** 31))).toContain(h.seed);
    expect(await admin.trpc.admin.runHeadless.mutate({ scenario: "goblinAmbush", seed: h1.seed })).toEqual(
      h1,
    );
    expect((await admin.trpc.admin.runHeadless.mutate({ scenario: "goblinAmbush", seed: 5 })).seed).toBe(5);
    const live = await admin.trpc.admin.startSimulation.mutate({ scenario: "goblinAmbush", dm: "human" });
    expect(draws.map((d) => Math.floor(d * 2 ** 31))).toContain(live.seed);
    expect((await admin.trpc.admin.simulations.query())[0]?.seed).toBe(live.seed);
    await admin.trpc.admin.stopSimulation.mutate({ interactionId: live.interactionId });
    await admin.close();
    await seeded.stop();
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
