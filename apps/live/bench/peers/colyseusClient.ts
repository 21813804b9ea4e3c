import { Client, type Room } from "@colyseus/sdk";
import { DM_USER, playerUser } from "../lib/ambush";
import { peerBrain } from "../lib/peerBrain";
import { socketBytesRead, type PeerClient } from "../lib/peer";
import { AmbushState } from "./colyseusSchema";

type AmbushRoom = Room<unknown, InstanceType<typeof AmbushState>>;

/** Seats clients through Colyseus' own SDK: seat 0 creates the room, the others join it by id. */
export function colyseusClient(url: string): PeerClient {
  const sdk = new Client(url);
  const roomIds = new Map<number, string>();
  return {
    brain: () => peerBrain(),
    async join(roomIndex, seat, onVersion) {
      const user = seat === 0 ? DM_USER : playerUser(seat);
      let room: AmbushRoom;
      if (seat === 0) {
        room = (await sdk.create("ambush", { user }, AmbushState)) as AmbushRoom;
        roomIds.set(roomIndex, room.roomId);
      } else {
        const id = roomIds.get(roomIndex);
        if (!id) throw new Error(`room ${roomIndex} has no seat 0 yet`);
        room = (await sdk.joinById(id, { user }, AmbushState)) as AmbushRoom;
      }
      let last = -1;
      room.onStateChange((state) => {
        if (state.version !== last) {
          last = state.version;
          onVersion(state.version, undefined);
        }
      });
      return {
        send: (cmd) => room.send("cmd", cmd),
        bytesRead: () => socketBytesRead((room.connection.transport as unknown as { ws?: unknown }).ws),
        close: async () => {
          await room.leave(true);
        },
      };
    },
  };
}
