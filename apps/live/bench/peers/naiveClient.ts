import WebSocket from "ws";
import { DM_USER, playerUser, type PeerState } from "../lib/ambush";
import { peerBrain } from "../lib/peerBrain";
import { closeSocket, DeltaSizes, socketBytesRead, type PeerClient, type SeatHandle } from "../lib/peer";

export function naiveClient(url: string): PeerClient {
  const deltaSizes = new DeltaSizes();
  return {
    takeDeltaBytes: () => deltaSizes.take(),
    brain: () => peerBrain(),
    join: (roomIndex, seat, onVersion) =>
      new Promise<SeatHandle>((resolve, reject) => {
        const user = seat === 0 ? DM_USER : playerUser(seat);
        const ws = new WebSocket(`${url}/?room=r${roomIndex}&user=${user}`);
        const sampled = DeltaSizes.sampled(roomIndex, seat);
        ws.on("message", (data: Buffer) => {
          if (sampled) deltaSizes.add(data.length);
          const state = JSON.parse(data.toString()) as PeerState;
          onVersion(state.version, state);
        });
        ws.once("error", reject);
        ws.once("open", () =>
          resolve({
            send: (cmd) => ws.send(JSON.stringify(cmd)),
            bytesRead: () => socketBytesRead(ws),
            close: () => closeSocket(ws),
          }),
        );
      }),
  };
}
