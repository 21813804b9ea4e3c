export const EngineErrorCode = {
  NOT_YOUR_TURN: "NOT_YOUR_TURN",
  NOT_OWNER: "NOT_OWNER",
  OUT_OF_RANGE: "OUT_OF_RANGE",
  PATH_BLOCKED: "PATH_BLOCKED",
  NO_ACTION_LEFT: "NO_ACTION_LEFT",
  STALE_TURN: "STALE_TURN",
  INVALID_TARGET: "INVALID_TARGET",
  INVALID_COMMAND: "INVALID_COMMAND",
  BAD_STATE: "BAD_STATE",
  CONFLICT: "CONFLICT",
  FORBIDDEN: "FORBIDDEN",
} as const;
export type EngineErrorCode = (typeof EngineErrorCode)[keyof typeof EngineErrorCode];

export interface EngineError {
  code: EngineErrorCode;
  /** Readable by a player. */
  message: string;
}

/** Thrown inside a command's recipe; `applyCommand` turns it into `{ ok: false }`. */
export class Rejection extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "Rejection";
  }
}

export const reject = (code: EngineErrorCode, message: string): never => {
  throw new Rejection(code, message);
};
