import type { WebSocket } from "ws";
import { jsonToConvex, type JSONValue, type Value } from "convex/values";
import type { FunctionKind, UdfOutcome } from "./engine";
import type { VerifiedIdentity } from "./identity";
import { encodeTs } from "./timestamp";

/** What a sync session needs from the server it belongs to. */
export type SyncHost = {
  currentTs(): bigint;
  /** Records a commit (after a mutation/action) and returns its timestamp. */
  commit(): bigint;
  runQuery(udfPath: string, args: Value, who: VerifiedIdentity | null, ts: bigint): Promise<UdfOutcome>;
  call(
    kind: Exclude<FunctionKind, "query">,
    udfPath: string,
    args: Value,
    who: VerifiedIdentity | null,
  ): Promise<UdfOutcome>;
  verifyToken(token: string): Promise<VerifiedIdentity>;
  log(message: string): void;
};

type ClientMessage =
  | { type: "Connect"; sessionId: string; connectionCount: number }
  | { type: "Authenticate"; tokenType: "User" | "Admin" | "None"; value?: string; baseVersion: number }
  | {
      type: "ModifyQuerySet";
      baseVersion: number;
      newVersion: number;
      modifications: (
        | { type: "Add"; queryId: number; udfPath: string; args: JSONValue[]; componentPath?: string }
        | { type: "Remove"; queryId: number }
      )[];
    }
  | { type: "Mutation"; requestId: number; udfPath: string; args: JSONValue[]; componentPath?: string }
  | { type: "Action"; requestId: number; udfPath: string; args: JSONValue[]; componentPath?: string }
  | { type: "Event"; eventType: string };

type Modification =
  | { type: "QueryUpdated"; queryId: number; value: JSONValue; logLines: string[]; journal: null }
  | {
      type: "QueryFailed";
      queryId: number;
      errorMessage: string;
      errorData?: JSONValue;
      logLines: string[];
      journal: null;
    }
  | { type: "QueryRemoved"; queryId: number };

type Subscription = { udfPath: string; args: Value; lastResult: string | null };
type Version = { querySet: number; identity: number; ts: bigint };

/** Convex's sync protocol idles the client out after 60 s; it pings every 15 s. */
export const PING_INTERVAL_MS = 15_000;

/**
 * One WebSocket client of the sync protocol (convex/src/browser/sync/protocol.ts). Work is
 * serialized per connection so transitions leave in order and each starts where the last
 * one the client saw ended.
 */
export class SyncSession {
  private readonly queries = new Map<number, Subscription>();
  private querySetVersion = 0;
  private identityVersion = 0;
  private who: VerifiedIdentity | null = null;
  private sent: Version = { querySet: 0, identity: 0, ts: 0n };
  /** Highest commit ts acknowledged to a mutation; the client waits for a transition past it. */
  private ackedTs = 0n;
  private chain: Promise<void> = Promise.resolve();
  private refreshQueued = false;
  private authErrorSent = false;
  private closed = false;
  private readonly ping: NodeJS.Timeout;

  constructor(
    private readonly ws: WebSocket,
    private readonly host: SyncHost,
  ) {
    this.ping = setInterval(() => this.send({ type: "Ping" }), PING_INTERVAL_MS);
    ws.on("message", (data: Buffer) => this.receive(data.toString("utf8")));
    ws.on("close", () => this.dispose());
    ws.on("error", () => this.dispose());
  }

  /** Something committed: re-run this client's queries and send what changed. */
  scheduleRefresh(): void {
    if (this.refreshQueued || this.closed) return;
    this.refreshQueued = true;
    this.enqueue(async () => {
      this.refreshQueued = false;
      await this.refresh();
    });
  }

  close(code = 1001, reason = "server shutting down"): void {
    this.ws.close(code, reason);
    this.dispose();
  }

  private dispose(): void {
    this.closed = true;
    clearInterval(this.ping);
  }

  private receive(text: string): void {
    let msg: ClientMessage;
    try {
      msg = JSON.parse(text) as ClientMessage;
    } catch {
      return this.fatal("Message is not valid JSON");
    }
    if (typeof msg !== "object" || msg === null) return this.fatal("Message is not a JSON object");
    switch (msg.type) {
      case "Connect":
      case "Event":
        return;
      case "Authenticate":
        return this.enqueue(() => this.authenticate(msg));
      case "ModifyQuerySet":
        return this.enqueue(() => this.modifyQuerySet(msg));
      case "Mutation":
        return this.enqueue(() => this.mutation(msg));
      case "Action":
        // Not serialized: a long action must not hold back the connection's transitions.
        void this.action(msg).catch((err: Error) => this.fatal(err.message));
        return;
      default:
        return this.fatal(`Unknown message type ${JSON.stringify((msg as { type?: unknown }).type)}`);
    }
  }

  private enqueue(work: () => Promise<void>): void {
    this.chain = this.chain
      .then(() => (this.closed ? undefined : work()))
      .catch((err: Error) => this.fatal(`Internal error: ${err.message}`));
  }

  private async authenticate(msg: Extract<ClientMessage, { type: "Authenticate" }>): Promise<void> {
    if (msg.tokenType === "Admin") {
      return this.authError("Admin keys are not supported by the local Convex", msg.baseVersion, true);
    }
    if (msg.tokenType === "User") {
      try {
        this.who = await this.host.verifyToken(msg.value ?? "");
      } catch (err) {
        return this.authError((err as Error).message, msg.baseVersion, true);
      }
    } else {
      this.who = null;
    }
    this.authErrorSent = false;
    this.identityVersion = msg.baseVersion + 1;
    // Every result may depend on who is asking: re-run all, send the differences.
    const ts = this.host.currentTs();
    this.sendTransition(await this.rerun(ts), ts);
  }

  private async modifyQuerySet(msg: Extract<ClientMessage, { type: "ModifyQuerySet" }>): Promise<void> {
    if (msg.baseVersion !== this.querySetVersion) {
      return this.fatal(`Query set base version ${msg.baseVersion} does not match ${this.querySetVersion}`);
    }
    const ts = this.host.currentTs();
    const mods: Modification[] = [];
    for (const m of msg.modifications) {
      if (m.type === "Remove") {
        this.queries.delete(m.queryId);
        mods.push({ type: "QueryRemoved", queryId: m.queryId });
        continue;
      }
      const sub: Subscription = { udfPath: m.udfPath, args: jsonToConvex(m.args[0] ?? {}), lastResult: null };
      this.queries.set(m.queryId, sub);
      const outcome = m.componentPath
        ? failure("Components are not supported by the local Convex")
        : await this.runQuery(sub, ts);
      sub.lastResult = JSON.stringify(outcome);
      mods.push(modification(m.queryId, outcome));
    }
    this.querySetVersion = msg.newVersion;
    this.sendTransition(mods, ts);
  }

  private async mutation(msg: Extract<ClientMessage, { type: "Mutation" }>): Promise<void> {
    if (this.authExpired()) return;
    const outcome = msg.componentPath
      ? failure("Components are not supported by the local Convex")
      : await this.host.call("mutation", msg.udfPath, jsonToConvex(msg.args[0] ?? {}), this.who);
    if (outcome.success) {
      const ts = this.host.commit();
      this.ackedTs = ts;
      this.send({
        type: "MutationResponse",
        requestId: msg.requestId,
        success: true,
        result: outcome.value,
        ts: encodeTs(ts),
        logLines: [],
      });
    } else {
      this.send({
        type: "MutationResponse",
        requestId: msg.requestId,
        success: false,
        result: outcome.errorMessage,
        logLines: [],
        ...errorData(outcome),
      });
    }
  }

  private async action(msg: Extract<ClientMessage, { type: "Action" }>): Promise<void> {
    if (this.authExpired()) return;
    const outcome = msg.componentPath
      ? failure("Components are not supported by the local Convex")
      : await this.host.call("action", msg.udfPath, jsonToConvex(msg.args[0] ?? {}), this.who);
    // An action may have run mutations; refresh everyone (only differences are sent).
    this.host.commit();
    if (outcome.success) {
      this.send({
        type: "ActionResponse",
        requestId: msg.requestId,
        success: true,
        result: outcome.value,
        logLines: [],
      });
    } else {
      this.send({
        type: "ActionResponse",
        requestId: msg.requestId,
        success: false,
        result: outcome.errorMessage,
        logLines: [],
        ...errorData(outcome),
      });
    }
  }

  private async refresh(): Promise<void> {
    if (this.authExpired()) return;
    const ts = this.host.currentTs();
    const mods = await this.rerun(ts);
    if (mods.length > 0 || this.sent.ts < this.ackedTs) this.sendTransition(mods, ts);
  }

  private async rerun(ts: bigint): Promise<Modification[]> {
    const mods: Modification[] = [];
    for (const [queryId, sub] of this.queries) {
      const outcome = await this.runQuery(sub, ts);
      const key = JSON.stringify(outcome);
      if (key === sub.lastResult || !this.queries.has(queryId)) continue;
      sub.lastResult = key;
      mods.push(modification(queryId, outcome));
    }
    return mods;
  }

  private runQuery(sub: Subscription, ts: bigint): Promise<UdfOutcome> {
    return this.host.runQuery(sub.udfPath, sub.args, this.who, ts);
  }

  private sendTransition(modifications: Modification[], ts: bigint): void {
    const end: Version = {
      querySet: this.querySetVersion,
      identity: this.identityVersion,
      ts: ts > this.sent.ts ? ts : this.sent.ts,
    };
    this.send({
      type: "Transition",
      startVersion: { ...this.sent, ts: encodeTs(this.sent.ts) },
      endVersion: { ...end, ts: encodeTs(end.ts) },
      modifications,
    });
    this.sent = end;
  }

  /** Convex refuses work under an expired token and asks the client for a fresh one. */
  private authExpired(): boolean {
    if (this.who === null || this.who.expiresAtMs > Date.now()) return false;
    if (!this.authErrorSent) {
      this.authErrorSent = true;
      this.authError("Token expired", this.identityVersion - 1, false);
    }
    return true;
  }

  private authError(error: string, baseVersion: number, authUpdateAttempted: boolean): void {
    this.host.log(`sync: auth refused: ${error}`);
    this.send({ type: "AuthError", error, baseVersion, authUpdateAttempted });
  }

  private fatal(error: string): void {
    this.host.log(`sync: fatal: ${error}`);
    this.send({ type: "FatalError", error });
    this.close(1011, "fatal error");
  }

  private send(message: Record<string, unknown>): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(JSON.stringify(message));
  }
}

function failure(errorMessage: string): UdfOutcome {
  return { success: false, errorMessage };
}

function errorData(outcome: UdfOutcome): { errorData?: JSONValue } {
  return !outcome.success && outcome.errorData !== undefined ? { errorData: outcome.errorData } : {};
}

function modification(queryId: number, outcome: UdfOutcome): Modification {
  return outcome.success
    ? { type: "QueryUpdated", queryId, value: outcome.value, logLines: [], journal: null }
    : {
        type: "QueryFailed",
        queryId,
        errorMessage: outcome.errorMessage,
        ...errorData(outcome),
        logLines: [],
        journal: null,
      };
}
