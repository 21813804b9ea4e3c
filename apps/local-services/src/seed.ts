import type { Value } from "convex/values";
import { demoUsers } from "./auth/demo-users";
import type { ConvexEngine } from "./convex/engine";

export type SeedReport = { status: "seeded" | "skipped" | "missing" | "failed"; detail: string };

/** The parts of the engine's InteractionSetup that seeding reads. */
export type ScenarioSetup = {
  id: string;
  name: string;
  kind: string;
  dmUserId: string;
  isTest: boolean;
  participants: {
    entityId: string;
    sheet: { ownerUserId?: string | undefined } & Record<string, unknown>;
    side: string;
    position: { x: number; y: number };
    hidden?: boolean | undefined;
  }[];
  map: Record<string, unknown>;
};

/** `seed:demo`'s arguments: the demo users, the scenario's characters and its interaction. */
export function seedArgs(scenario: ScenarioSetup | undefined): Record<string, Value> {
  const users = demoUsers.map((u) => ({
    subject: u.id,
    name: u.name,
    role: u.role === "admin" ? "admin" : u.seat,
  }));
  if (!scenario) return { users, characters: [] };
  return {
    users,
    characters: scenario.participants.map((p) => ({
      key: p.entityId,
      owner: p.sheet.ownerUserId ?? scenario.dmUserId,
      sheet: p.sheet as Value,
    })),
    interaction: {
      key: scenario.id,
      name: scenario.name,
      kind: scenario.kind,
      dm: scenario.dmUserId,
      isTest: scenario.isTest,
      participants: scenario.participants.map((p) => ({
        entityId: p.entityId,
        characterKey: p.entityId,
        side: p.side,
        position: p.position,
        ...(p.hidden === undefined ? {} : { hidden: p.hidden }),
      })),
      map: scenario.map as Value,
    },
  };
}

/**
 * Demo data through convex/'s own internal `seed:demo` mutation, which is idempotent: users
 * are upserted, characters and the interaction are inserted only when missing.
 */
export async function seedDemo(
  engine: ConvexEngine,
  scenario: ScenarioSetup | undefined,
): Promise<SeedReport> {
  if (!(await engine.hasFunction("seed:demo"))) {
    return { status: "missing", detail: "convex/seed.ts has no `demo` mutation; nothing seeded" };
  }
  try {
    await engine.runInternalMutation("seed:demo", seedArgs(scenario));
  } catch (err) {
    // A broken seed must not keep the services down; start-up reports it instead.
    return { status: "failed", detail: `seed:demo threw: ${(err as Error).message}` };
  }
  return {
    status: "seeded",
    detail: scenario
      ? `${demoUsers.length} demo users, ${scenario.participants.length} characters, interaction "${scenario.name}"`
      : `${demoUsers.length} demo users (no scenario fixture available)`,
  };
}

/**
 * Fills seats saved before they mirrored their interaction's status (convex/README.md) through
 * convex/'s own `seating:backfill`, page by page, at every start: apart from seeding, so it
 * happens with seeding off or failing too. Returns how many were filled, or the failure.
 */
export async function fillSeats(engine: ConvexEngine): Promise<{ filled: number } | { failed: string }> {
  if (!(await engine.hasFunction("seating:backfill"))) return { filled: 0 };
  let filled = 0;
  try {
    let cursor: string | null = null;
    for (let done = false; !done;) {
      const page = (await engine.runInternalMutation("seating:backfill", { cursor })) as {
        filled: number;
        cursor: string;
        isDone: boolean;
      };
      filled += page.filled;
      ({ cursor, isDone: done } = page);
    }
  } catch (err) {
    return { failed: `seating:backfill threw: ${(err as Error).message}` };
  }
  return { filled };
}
