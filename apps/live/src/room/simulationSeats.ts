/**
 * Who sits at a simulation's table. Browser-safe (no Node imports): the web reads it through
 * `@roundtable/live/protocol` to tell a simulation's table from an ordinary test interaction.
 */

import type { ScenarioUsers } from "../engine/scenarios/users";

const PREFIX = "sim:";

/**
 * The seats of a simulation: ids no account can have (session user ids come from Clerk or the
 * local issuer's demo accounts, `user_…`), so nobody but an admin can join or act in one.
 */
export function simulationUsers(simulationId: string): ScenarioUsers {
  const seat = (s: string) => `${PREFIX}${simulationId}:${s}`;
  return { dm: seat("dm"), players: [seat("p1"), seat("p2"), seat("p3")] };
}

/** A table run by admin test mode's bots (or an admin by hand): it cannot be paused or rejoined once over. */
export const isSimulationTable = (v: { isTest: boolean; dmUserId: string }): boolean =>
  v.isTest && v.dmUserId.startsWith(PREFIX);
