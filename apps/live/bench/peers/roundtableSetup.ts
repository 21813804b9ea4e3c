// The engine's goblin ambush, one copy per bench room with its own DM and players. Two
// changes, both so a long run measures steady play: every participant has 10,000 HP (the
// fight never ends mid-run) and none starts hidden (every command shows every seat a delta,
// so "the whole room has it" is observable).
import { scenarios, type InteractionSetup } from "../../src/engine";

export const BENCH_ROOMS_MAX = 3_000;
export const dmOf = (room: number): string => `bench-dm-${room}`;
export const playerOf = (room: number, seat: number): string => `bench-p${seat}-${room}`;

export function benchSetup(room: number): InteractionSetup {
  const base = scenarios.goblinAmbush();
  let seat = 0;
  return {
    ...base,
    id: `bench-${room}`,
    dmUserId: dmOf(room),
    isTest: false,
    participants: base.participants.map((p) => ({
      ...p,
      hidden: false,
      sheet: {
        ...p.sheet,
        maxHp: 10_000,
        ...(p.sheet.kind === "pc" ? { ownerUserId: playerOf(room, ++seat) } : {}),
      },
    })),
  };
}
