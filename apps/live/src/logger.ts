import pino, { type Logger } from "pino";
import type { Settings } from "@roundtable/config";

export type { Logger };

/** JSON logs to stdout; child loggers carry roomId/userId so one room's story can be grepped. */
export function createLogger(level: Settings["logLevel"]): Logger {
  return pino({ level, base: { service: "live" } });
}
