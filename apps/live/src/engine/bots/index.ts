export { enumerate } from "./enumerate";
export { randomBot, sensibleBot, dmBot, makeDmBot, type DmBotOptions } from "./bots";
export { sensibleCommand } from "./sensible";
export { simulate, type SimulationOptions, type SimulationReport } from "./simulate";
export { controllerOf, myTurnEntity, type Bot } from "./seat";
export { findPath } from "./pathfind";
