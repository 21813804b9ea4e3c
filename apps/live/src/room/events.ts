import type { ChatMessage } from "../engine/state";
import { PreEncoded } from "../trpc/encoder";
import type { Patch } from "immer";
import { encodePatches, type WirePatches } from "./patchCodec";

/** Who a change is filtered for: the DM's (and admins') view, or the players' view. */
export type Audience = "dm" | "player";

export type CloseReason = "paused" | "completed" | "inactivity" | "stopped";

/**
 * What `interaction.events` yields. Every event is `tracked` with an id
 * `<roomEpoch>:<version>:<seq>` so a reconnecting client resumes exactly after it.
 *
 * One command reaches each viewer as at most one `delta` (one frame): its patches, filtered for
 * the viewer's audience and packed by `encodePatches` (decode with `decodePatches` from
 * `@roundtable/live/protocol`), carry every change of the view, turn, log and presence
 * included. `v` is the version after the delta; `prev` the version the delta applies on (the
 * audience's previous delta), omitted when it is `v - 1`. A client at version `version`
 * applies a delta when `prev <= version < v`, ignores it as a duplicate when `v <= version`, and
 * has missed a delta (resync) when `prev > version`. `chat` and `notice` go to their
 * recipients only and do not change the view.
 */
/**
 * The wire format's version, sent in every `sync`. A client built for another one (a web bundle
 * older than the server it reaches) cannot decode the deltas and must reload instead of
 * resyncing forever. 1: separate turn/log/presence events; 2: one packed delta per command.
 */
export const PROTOCOL_VERSION = 2;

/**
 * WebSocket close code for a connection over the per-IP connection limit. A browser never sees
 * a refused handshake's status or body (only close code 1006), so such a socket is opened and
 * closed at once with this code and the reason in words.
 */
export const CLOSE_RATE_LIMITED = 4429;

export type LiveEvent =
  | {
      type: "sync";
      protocol: number;
      version: number;
      status: string;
      role: string;
      userId: string;
      view: unknown;
      chat: ChatMessage[];
      /** Server time when the sync was made: a client joining mid-turn sets its countdown clock by it. */
      now: number;
    }
  | { type: "delta"; v: number; prev?: number; p: WirePatches }
  | { type: "chat"; version: number; message: ChatMessage }
  | { type: "notice"; version: number; message: string }
  | { type: "closed"; version: number; reason: CloseReason; message: string };

/** One event in the room's ring buffer, encoded once per audience that may see it. */
export type BufferedEvent = {
  seq: number;
  id: string;
  dm: PreEncoded | null;
  player: PreEncoded | null;
  /** When set, only these users receive it (chat recipients, notices). */
  to: ReadonlySet<string> | null;
};

/** The delta event at version `v` applying on `prev` (`prev` left out when it is `v - 1`). */
export function deltaEvent(
  v: number,
  prev: number,
  patches: readonly Patch[],
): Extract<LiveEvent, { type: "delta" }> {
  const p = encodePatches(patches);
  return prev === v - 1 ? { type: "delta", v, p } : { type: "delta", v, prev, p };
}

/** The version a delta applies on. */
export const deltaBase = (e: { v: number; prev?: number }): number => e.prev ?? e.v - 1;

export function eventId(epoch: string, version: number, seq: number): string {
  return `${epoch}:${version}:${seq}`;
}

export function parseEventId(id: string): { epoch: string; version: number; seq: number } | null {
  const parts = id.split(":");
  if (parts.length !== 3) return null;
  const [epoch, version, seq] = parts as [string, string, string];
  const v = Number(version);
  const s = Number(seq);
  if (!Number.isSafeInteger(v) || !Number.isSafeInteger(s)) return null;
  return { epoch, version: v, seq: s };
}

/**
 * Fixed-size ring of the room's latest events, for gap-free resumption. It keeps an event's
 * parts in parallel arrays — its version and seq as numbers, its JSON once per audience (one
 * string when both see the same body), its recipients — and builds the event (id, wrappers)
 * again only for a replay. Every buffered event lives about `capacity` commands, so whatever is
 * kept per event is copied by a young-generation collection and promoted: an object, an id
 * string and a wrapper or two per event used to be, where only the JSON has to be.
 */
export class EventRing {
  private readonly seqs: number[];
  private readonly versions: number[];
  private readonly dm: (string | null)[];
  private readonly player: (string | null)[];
  private readonly to: (ReadonlySet<string> | null)[];
  private next = 0;
  private count = 0;

  constructor(
    private readonly capacity: number,
    private readonly epoch: string,
  ) {
    this.seqs = new Array<number>(capacity).fill(0);
    this.versions = new Array<number>(capacity).fill(0);
    this.dm = new Array<string | null>(capacity).fill(null);
    this.player = new Array<string | null>(capacity).fill(null);
    this.to = new Array<ReadonlySet<string> | null>(capacity).fill(null);
  }

  /** Keeps `event`, whose id must be `eventId(epoch, version, event.seq)`. */
  push(event: BufferedEvent, version: number): void {
    const i = this.next;
    this.seqs[i] = event.seq;
    this.versions[i] = version;
    const dm = event.dm?.json ?? null;
    this.dm[i] = dm;
    this.player[i] = event.player === event.dm ? dm : (event.player?.json ?? null);
    this.to[i] = event.to;
    this.next = (i + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  /** Oldest buffered seq, or null when empty. */
  oldestSeq(): number | null {
    if (this.count === 0) return null;
    return this.seqs[this.slot(0)]!;
  }

  /** Events after `seq` in order, or null if some of them are no longer buffered. */
  since(seq: number, lastSeq: number): BufferedEvent[] | null {
    if (seq === lastSeq) return [];
    const oldest = this.oldestSeq();
    if (oldest === null || seq < oldest - 1 || seq > lastSeq) return null;
    const out: BufferedEvent[] = [];
    for (let k = 0; k < this.count; k++) {
      const i = this.slot(k);
      const s = this.seqs[i]!;
      if (s > seq) out.push(this.event(i, s));
    }
    return out;
  }

  private slot(k: number): number {
    return (this.next - this.count + k + this.capacity) % this.capacity;
  }

  private event(i: number, seq: number): BufferedEvent {
    const dmJson = this.dm[i] ?? null;
    const playerJson = this.player[i] ?? null;
    const dm = dmJson === null ? null : new PreEncoded(dmJson);
    const player = playerJson === null ? null : playerJson === dmJson ? dm : new PreEncoded(playerJson);
    return { seq, id: eventId(this.epoch, this.versions[i]!, seq), dm, player, to: this.to[i] ?? null };
  }
}
