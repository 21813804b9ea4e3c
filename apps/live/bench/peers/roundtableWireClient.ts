// `--peers=roundtable-wire`: the same Roundtable server, with minimal clients. Each seat is a
// plain `ws` socket speaking tRPC's WebSocket messages by hand, as naive's clients speak theirs,
// so a run side by side with `roundtable` shows what the tRPC client library costs the load
// process and the latency, apart from the server. The DM seat still rebuilds its view (the bot
// decides from it), as the tRPC peer does.
import WebSocket from "ws";
import type { LiveEvent } from "../../src/room/events";
import { closeSocket, DeltaSizes, socketBytesRead, type PeerClient, type SeatHandle } from "../lib/peer";
import { roundtableBrain } from "./roundtableBrain";
import { seatOfOwner, seatTokens } from "./roundtableSeats";

/** A server message: a call's result or error, or a subscription's `started` / `data` / `stopped`. */
type ServerMessage = {
  id?: unknown;
  result?: { type?: string; data?: unknown };
  error?: { message?: string };
};
type Call = (path: string, input: unknown) => Promise<unknown>;

/** The `events` subscription's request id; calls count up from the next one. */
const EVENTS = 1;

export function roundtableWireClient(url: string, rawInfo: unknown): PeerClient {
  const tokenFor = seatTokens(rawInfo);
  const dmCalls = new Map<number, Call>();
  // Each sampled seat's `delta` bodies as JSON (the envelope left out, as for naive's states).
  const deltaSizes = new DeltaSizes();
  return {
    takeDeltaBytes: () => deltaSizes.take(),
    brain: (room) => roundtableBrain({ seatOf: (e) => seatOfOwner(e.ownerUserId, room) }),
    async join(room, seat, onVersion, onReject) {
      const sampled = DeltaSizes.sampled(room, seat);
      const token = await tokenFor(room, seat);
      const interactionId = `bench-${room}`;
      // As tRPC's client does when it has connection params: say so in the URL, send them first.
      const ws = new WebSocket(`${url}?connectionParams=1`);
      const calls = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
      let nextId = EVENTS + 1;
      ws.on("message", (data: Buffer) => {
        const msg = JSON.parse(data.toString()) as ServerMessage;
        if (msg.id === EVENTS) {
          if (msg.error) onReject(null, new Error(msg.error.message ?? "subscription failed"));
          if (msg.result?.type !== "data") return;
          const ev = (msg.result.data as { data: LiveEvent }).data;
          if (sampled && ev.type === "delta") deltaSizes.add(JSON.stringify(ev).length);
          onVersion(ev.type === "delta" ? ev.v : ev.version, ev);
          return;
        }
        const call = typeof msg.id === "number" ? calls.get(msg.id) : undefined;
        if (!call) return; // e.g. the server's `reconnect` notice (no id): bench runs end before it
        calls.delete(msg.id as number);
        if (msg.error) call.reject(new Error(msg.error.message ?? "call failed"));
        else call.resolve(msg.result?.data);
      });
      await new Promise<void>((resolve, reject) => {
        ws.once("open", () => resolve());
        ws.once("error", reject);
      });
      // Later socket errors are reported as the tRPC peer reports its subscription errors.
      ws.on("error", (err) => onReject(null, err));
      ws.send(JSON.stringify({ method: "connectionParams", data: { token } }));
      const call: Call = (path, input) =>
        new Promise((resolve, reject) => {
          const id = nextId++;
          calls.set(id, { resolve, reject });
          ws.send(JSON.stringify({ id, method: "mutation", params: { path, input } }));
        });
      if (seat === 0) {
        await call("interaction.launch", { interactionId });
        dmCalls.set(room, call);
      }
      const subscribe = {
        id: EVENTS,
        method: "subscription",
        params: { path: "interaction.events", input: { interactionId } },
      };
      ws.send(JSON.stringify(subscribe));
      // The table is full: the DM starts the fight (initiative is rolled by `start`).
      if (seat === 4) await dmCalls.get(room)?.("interaction.start", { interactionId });
      const handle: SeatHandle = {
        send: (cmd) => {
          const { type, ...fields } = cmd as { type: string };
          call(`interaction.${type}`, { ...fields, interactionId }).catch((err: unknown) =>
            onReject(cmd, err),
          );
        },
        bytesRead: () => socketBytesRead(ws),
        close: () => closeSocket(ws),
      };
      return handle;
    },
  };
}
