import type { Command } from "../commands";
import { winner } from "../rules/outcome";
import { enumerate } from "./enumerate";
import { myTurnEntity, type Bot } from "./seat";
import { sensibleCommand } from "./sensible";

/** Plays a uniformly random legal command on its own PCs' turns. */
export const randomBot: Bot = {
  name: "random",
  next(s, actor, rng) {
    const e = myTurnEntity(s, actor);
    if (!e || (actor.role !== "player" && e.kind !== "pc")) return null;
    return rng.pick(enumerate(s, e.id)) ?? null;
  },
};

/** Moves toward and attacks the nearest enemy, heals when low, opens doors, takes the chest. */
export const sensibleBot: Bot = {
  name: "sensible",
  next(s, actor) {
    const e = myTurnEntity(s, actor);
    if (!e || (actor.role !== "player" && e.kind !== "pc")) return null;
    return sensibleCommand(s, e);
  },
};

export interface DmBotOptions {
  /** End the interaction after this many rounds even if nobody has won. */
  maxRounds?: number;
}

/** Starts the interaction, plays NPC and monster turns sensibly, and ends it when a side is down. */
export function makeDmBot(opts: DmBotOptions = {}): Bot {
  const maxRounds = opts.maxRounds ?? 50;
  return {
    name: "dm",
    next(s, actor): Command | null {
      if (s.status === "lobby") return { type: "start" };
      if (s.status !== "active" && s.status !== "awaiting_dm") return null;
      if (winner(s) !== null || s.turn === null || s.round > maxRounds) return { type: "end" };
      const e = myTurnEntity(s, actor);
      if (!e || e.kind === "pc") return null;
      return sensibleCommand(s, e);
    },
  };
}

export const dmBot: Bot = makeDmBot();
