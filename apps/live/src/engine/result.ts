import type { Patch } from "immer";
import type { EngineError } from "./errors";
import type { ChatMessage, InteractionState, LogEntry, Results, TurnLogEntry, TurnView } from "./state";

export type { Patch };

export type SnapshotReason = "round_end" | "defeat" | "disconnect" | "pause" | "complete";

export interface Completion {
  results: Results;
  finalState: InteractionState;
  turnLog: TurnLogEntry[];
  chatLog: ChatMessage[];
}

/** What the room must do after an accepted command. */
export type Effect =
  | { type: "snapshot"; reason: SnapshotReason }
  | { type: "setDeadline"; at: number }
  | { type: "clearDeadline" }
  | { type: "close"; reason: "paused" }
  | ({ type: "close"; reason: "completed" } & Completion);

export type EngineEvent =
  | { type: "turn"; round: number; turn: TurnView | null; dmOnly?: true }
  | { type: "log"; entry: LogEntry }
  | { type: "chat"; message: ChatMessage; recipients: string[] }
  | { type: "presence"; userId: string; online: boolean }
  /** Something only some users must hear about (e.g. why their queued turn did not run). */
  | { type: "notice"; userIds: string[]; message: string };

export type ApplyResult =
  | { ok: true; state: InteractionState; patches: Patch[]; events: EngineEvent[]; effects: Effect[] }
  | { ok: false; error: EngineError };
