import { randomUUID } from "node:crypto";
import { z } from "zod";
import {
  type Actor,
  type Bot,
  type Command,
  Rng,
  controllerOf,
  fullTurnLog,
  makeDmBot,
  randomBot,
  scenarios,
  sensibleBot,
  simulate,
} from "../engine";
import type { Logger } from "../logger";
import type { MemoryStore } from "../persistence/memoryStore";
import type { PersistenceQueue } from "../persistence/writer";
import { appError } from "../trpc/errors";
import type { RoomRegistry } from "./registry";
import type { Room } from "./room";
import { simulationUsers } from "./simulationSeats";

const ScenarioName = z.enum(
  Object.keys(scenarios) as [keyof typeof scenarios, ...(keyof typeof scenarios)[]],
);
const Seed = z
  .int()
  .min(0)
  .max(2 ** 31 - 1);
const PlayerSeats = z.enum(["sensible", "random", "human"]);

export const StartSimulationInput = z.strictObject({
  scenario: ScenarioName,
  seed: Seed.optional(),
  /** 1 = one bot command per second; 10 = ten per second. Turn timers scale with it. */
  speed: z.number().min(0.1).max(1_000).default(1),
  /** Who plays the DM seat: a bot, or the admin (acting as admin) by hand. */
  dm: z.enum(["bot", "human"]).default("bot"),
  /** Who plays every player seat. */
  players: PlayerSeats.default("sensible"),
  maxRounds: z.int().min(1).max(100).default(20),
});
export const SimulationIdInput = z.strictObject({ interactionId: z.string().min(1).max(64) });
export const HeadlessInput = z.strictObject({
  scenario: ScenarioName,
  /** Unset: drawn from the server's random source (the report says which). */
  seed: Seed.optional(),
  players: PlayerSeats.exclude(["human"]).default("sensible"),
  maxRounds: z.int().min(1).max(100).default(20),
  maxCommands: z.int().min(1).max(5_000).default(2_000),
});

export type SimulationInfo = {
  interactionId: string;
  scenario: string;
  seed: number;
  speed: number;
  seats: { dm: "bot" | "human"; players: "sensible" | "random" | "human" };
  status: "running" | "finished" | "stopped";
  commands: number;
  rejected: number;
  round: number;
  /** Turns begun so far. */
  turns: number;
  /** Player turns that ran out of time (the room's own timer). */
  timeouts: number;
  /** Snapshots the (test) store accepted. */
  snapshotsWritten: number;
  winner: string | null;
  startedAt: number;
  endedAt: number | null;
};

export type SimulationDeps = {
  registry: RoomRegistry;
  log: Logger;
  now: () => number;
  random: () => number;
  /** Test interactions never touch the real store. */
  persistence: PersistenceQueue;
  store: MemoryStore;
  turnTimeoutMs: number;
};

/** Real time per bot command at speed 1. */
const STEP_MS = 1_000;
const KEEP_FINISHED = 20;

/**
 * Admin test mode: bots play seats of a simulated interaction. Every bot command goes through
 * `room.dispatch`, exactly like a human's, so watchers see the same events a table would.
 */
export class SimulationManager {
  private readonly sims = new Map<
    string,
    { info: SimulationInfo; timer: NodeJS.Timeout | null; room: Room }
  >();

  /** Starts past their cap check but not yet in `sims` (a launch is in flight). */
  private starting = 0;

  constructor(private readonly deps: SimulationDeps) {}

  /** Simulations running now, counting those still starting. */
  get running(): number {
    let n = this.starting;
    for (const s of this.sims.values()) if (s.info.status === "running") n++;
    return n;
  }

  private drawSeed(): number {
    return Math.floor(this.deps.random() * 2 ** 31);
  }

  list(): SimulationInfo[] {
    return [...this.sims.values()].map((s) => this.report(s));
  }

  /** The info with what the room and the store know now (timeouts come from the room's timer, not the driver). */
  private report(sim: { info: SimulationInfo; room: Room }): SimulationInfo {
    // the room's state stays readable after it closes, and the final snapshot lands after that
    this.count(sim.info, sim.room);
    return { ...sim.info };
  }

  private count(info: SimulationInfo, room: Room): void {
    const s = room.current();
    info.round = s.round;
    info.turns = s.seq.turn;
    info.timeouts = fullTurnLog(s).filter((e) => e.turn?.outcome === "timed_out").length;
    info.snapshotsWritten = this.deps.store.snapshotsWritten(info.interactionId);
    // From the room, not the bots: an admin playing a seat may be the one who ended it.
    info.winner = s.results?.winner ?? null;
  }

  async start(
    input: z.output<typeof StartSimulationInput>,
    admin: { userId: string },
    /** At most this many running at once (setting `maxSimulations`). */
    maxRunning: number,
  ): Promise<SimulationInfo> {
    // Checked and reserved before anything is created, so concurrent starts cannot pass the cap.
    if (this.running >= maxRunning)
      throw appError(
        "TOO_MANY_REQUESTS",
        "TOO_MANY_SIMULATIONS",
        `${maxRunning} simulations are already running (the most allowed, MAX_SIMULATIONS); stop one first`,
        { max: maxRunning },
      );
    const seed = input.seed ?? this.drawSeed();
    const id = `test-${randomUUID().slice(0, 12)}`;
    const setup = { ...scenarios[input.scenario](simulationUsers(id), id), isTest: true };
    this.starting++;
    let room: Room;
    try {
      this.deps.store.seed(id, setup, "draft");
      this.deps.registry.registerTest(id, {
        store: this.deps.store,
        persistence: this.deps.persistence,
        turnTimeoutMs: Math.max(1_000, Math.round(this.deps.turnTimeoutMs / input.speed)),
        seed,
      });
      room = await this.deps.registry.launch(id, { userId: admin.userId, isAdmin: true });
    } catch (err) {
      this.deps.registry.forget(id);
      this.deps.store.delete(id);
      throw err;
    } finally {
      this.starting--;
    }
    const bots = new Map<string, Bot>();
    if (input.dm === "bot") bots.set(setup.dmUserId, makeDmBot({ maxRounds: input.maxRounds }));
    if (input.players !== "human")
      for (const p of setup.participants)
        if (p.sheet.ownerUserId)
          bots.set(p.sheet.ownerUserId, input.players === "random" ? randomBot : sensibleBot);
    // Every seat is taken from the start, by a bot or by the admin playing it (as the headless
    // simulate() seats them): shown as connected, and a turn that runs out is not a missed turn
    // waiting for a player who cannot come (the seats' ids are no one's account).
    const seats = new Set([setup.dmUserId, ...setup.participants.flatMap((p) => p.sheet.ownerUserId ?? [])]);
    for (const userId of seats)
      room.dispatch(
        { type: "presence", userId, online: true },
        { userId, role: userId === setup.dmUserId ? "dm" : "player" },
      );
    const info: SimulationInfo = {
      interactionId: id,
      scenario: input.scenario,
      seed,
      speed: input.speed,
      seats: { dm: input.dm, players: input.players },
      status: "running",
      commands: 0,
      rejected: 0,
      round: 0,
      turns: 0,
      timeouts: 0,
      snapshotsWritten: 0,
      winner: null,
      startedAt: this.deps.now(),
      endedAt: null,
    };
    const entry = { info, timer: null as NodeJS.Timeout | null, room };
    this.sims.set(id, entry);
    const driver = new Driver(room, bots, new Rng(seed ^ 0x5eed), info);
    entry.timer = setInterval(
      () => {
        if (!driver.step())
          this.finish(id, room.isDisposed && room.status === "completed" ? "finished" : "stopped");
      },
      Math.max(1, Math.round(STEP_MS / input.speed)),
    );
    entry.timer.unref();
    this.deps.log.info(
      { roomId: id, scenario: input.scenario, seed, speed: input.speed },
      "simulation started",
    );
    this.trim();
    return { ...info };
  }

  stop(interactionId: string): SimulationInfo {
    const sim = this.sims.get(interactionId);
    if (!sim) throw appError("NOT_FOUND", "NOT_FOUND", `No simulation ${interactionId}`);
    // Final before the room closes: its subscribers are told "stopped" (which offers a rejoin),
    // and a rejoin must find it over, not rebuild it from its last snapshot.
    this.finish(interactionId, "stopped");
    this.deps.registry.get(interactionId)?.dispose("stopped", "An admin stopped the simulation");
    return this.report(sim);
  }

  stopAll(): void {
    for (const id of this.sims.keys()) this.finish(id, "stopped");
  }

  /** Runs the engine's headless simulation to a report (no room, nothing persisted). */
  runHeadless(input: z.output<typeof HeadlessInput>) {
    const seed = input.seed ?? this.drawSeed();
    const id = `headless-${input.scenario}`;
    const setup = { ...scenarios[input.scenario](simulationUsers(id), id), isTest: true };
    const bots: Record<string, Bot> = { [setup.dmUserId]: makeDmBot({ maxRounds: input.maxRounds }) };
    for (const p of setup.participants)
      if (p.sheet.ownerUserId)
        bots[p.sheet.ownerUserId] = input.players === "random" ? randomBot : sensibleBot;
    const report = simulate(setup, bots, seed, { maxCommands: input.maxCommands });
    return {
      scenario: input.scenario,
      seed,
      /** Bots in every seat: a headless run has no one to play by hand. */
      seats: { dm: "bot" as const, players: input.players },
      winner: report.winner,
      stopped: report.stopped,
      rounds: report.rounds,
      turns: report.turns,
      timeouts: report.timeouts,
      defeats: report.defeats,
      commands: report.commands,
      rejected: report.rejected,
      snapshotsRequested: report.snapshotsRequested,
      log: report.log.slice(-100).map((l) => l.text),
    };
  }

  private finish(id: string, status: "finished" | "stopped"): void {
    const sim = this.sims.get(id);
    if (!sim || sim.info.status !== "running") return;
    if (sim.timer) clearInterval(sim.timer);
    sim.timer = null;
    this.count(sim.info, sim.room);
    sim.info.status = status;
    sim.info.endedAt = this.deps.now();
    // Over for good: a join or launch of its id now finds it completed (NOT_LIVE) instead of
    // rebuilding the room from its last snapshot without its bots. Written through the queue,
    // whose unwritten status a load reads first, so it holds before the store has it.
    this.deps.persistence.setStatus(id, "completed");
    // The room's own release ran already if it left memory; this outbox is new, let it go once written.
    if (this.deps.registry.get(id) !== sim.room || sim.room.isDisposed) this.deps.persistence.release(id);
    this.deps.log.info(
      { roomId: id, status, commands: sim.info.commands, winner: sim.info.winner },
      "simulation ended",
    );
  }

  /** Keeps the last few finished simulations (and their test data) and forgets older ones. */
  private trim(): void {
    const done = [...this.sims.values()].filter((s) => s.info.status !== "running");
    for (const s of done.slice(0, Math.max(0, done.length - KEEP_FINISHED))) {
      this.sims.delete(s.info.interactionId);
      this.deps.registry.forget(s.info.interactionId);
      this.deps.store.delete(s.info.interactionId);
    }
  }
}

/** Picks and dispatches one bot command per step, like the engine's headless `simulate`. */
class Driver {
  private strikes = 0;

  constructor(
    private readonly room: Room,
    private readonly bots: Map<string, Bot>,
    private readonly rng: Rng,
    private readonly info: SimulationInfo,
  ) {}

  /** False once the room is gone. */
  step(): boolean {
    if (this.room.isDisposed) return false;
    const s = this.room.current();
    const dm: Actor = { userId: s.dmUserId, role: "dm" };
    const e = s.turn ? s.entities[s.turn.entityId] : undefined;
    const seat = s.status === "lobby" || !e ? dm : controllerOf(s, e);
    const dmBot = this.bots.get(dm.userId);
    const dmMove = dmBot?.next(s, dm, this.rng) ?? null;
    let cmd: Command | null = dmMove && (seat.userId === dm.userId || dmMove.type === "end") ? dmMove : null;
    let actor = dm;
    if (!cmd && seat.userId !== dm.userId) {
      cmd = this.bots.get(seat.userId)?.next(s, seat, this.rng) ?? null;
      actor = seat;
    }
    if (cmd && this.send(cmd, actor)) return !this.room.isDisposed;
    // A bot seat with nothing valid to do: a timed turn runs out on the room's own timer;
    // an untimed one is skipped by the DM bot (a human DM decides for themselves).
    const stuck = !cmd || ++this.strikes > 3;
    if (stuck && dmBot && this.bots.has(seat.userId) && s.turn && s.turn.deadline === undefined) {
      this.strikes = 0;
      this.send({ type: "skipTurn", turnId: s.turn.id }, dm);
    }
    return !this.room.isDisposed;
  }

  private send(cmd: Command, actor: Actor): boolean {
    try {
      this.room.dispatch(cmd, actor);
      this.info.commands++;
      this.strikes = 0;
      this.info.round = this.room.current().round;
      return true;
    } catch {
      this.info.rejected++;
      return false;
    }
  }
}
