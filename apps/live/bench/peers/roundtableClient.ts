// Seats real @trpc/client wsLink clients (the web app's transport) in Roundtable rooms:
// seat 0 is the DM (launches the room, starts the fight once the table is full), seats 1–4
// the players; every seat subscribes to `interaction.events`.
import type { LiveEvent } from "../../src/room/events";
import { sendImmediately } from "../../src/room/sendImmediately";
import { settleOnResult } from "../../src/room/settleOnResult";
import { connectClient } from "../../src/testkit";
import { DeltaSizes, socketBytesRead, type PeerClient } from "../lib/peer";
import { roundtableBrain } from "./roundtableBrain";
import { seatOfOwner, seatTokens } from "./roundtableSeats";

type Mutate = (input: Record<string, unknown>) => Promise<unknown>;

export function roundtableClient(url: string, rawInfo: unknown): PeerClient {
  const tokenFor = seatTokens(rawInfo);
  const dmClients = new Map<number, ReturnType<typeof connectClient>>();
  // Each sampled seat's `delta` bodies as JSON (the envelope left out, as for naive's states).
  const deltaSizes = new DeltaSizes();
  return {
    takeDeltaBytes: () => deltaSizes.take(),
    brain: (room) => roundtableBrain({ seatOf: (e) => seatOfOwner(e.ownerUserId, room) }),
    async join(room, seat, onVersion, onReject) {
      const sampled = DeltaSizes.sampled(room, seat);
      const token = await tokenFor(room, seat);
      const client = connectClient({ url }, token);
      // As the web app does: commands leave at once, not after tRPC's batching timer, and each
      // call settles on its result (no abort per call).
      sendImmediately(client.ws);
      settleOnResult(client.trpc);
      const interactionId = `bench-${room}`;
      if (seat === 0) {
        await client.trpc.interaction.launch.mutate({ interactionId });
        dmClients.set(room, client);
      }
      let ws: unknown;
      const sub = client.trpc.interaction.events.subscribe(
        { interactionId },
        {
          onData: (tracked) => {
            const ev = tracked.data as LiveEvent;
            if (sampled && ev.type === "delta") deltaSizes.add(JSON.stringify(ev).length);
            onVersion(ev.type === "delta" ? ev.v : ev.version, ev);
          },
          onError: (err) => onReject(null, err),
        },
      );
      if (seat === 4) {
        // The table is full: the DM starts the fight (initiative is rolled by `start`).
        await dmClients.get(room)?.trpc.interaction.start.mutate({ interactionId });
      }
      const procedures = client.trpc.interaction as unknown as Record<string, { mutate: Mutate }>;
      return {
        send: (cmd) => {
          const { type, ...fields } = cmd as { type: string };
          procedures[type]!.mutate({ ...fields, interactionId }).catch((err: unknown) => onReject(cmd, err));
        },
        bytesRead: () => socketBytesRead((ws ??= client.ws.connection?.ws)),
        close: async () => {
          sub.unsubscribe();
          await client.close();
        },
      };
    },
  };
}
