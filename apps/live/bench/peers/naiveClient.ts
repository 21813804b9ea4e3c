import WebSocket from "ws";
import { DM_USER, playerUser, type PeerState } from "../lib/ambush";
import { peerBrain } from "../lib/peerBrain";
import { closeSocket, socketBytesRead, type PeerClient, type SeatHandle } from "../lib/peer";

export function naiveClient(url: string): PeerClient {
  let messages = 0;
  let bytes = 0;
  return {
    takeDeltaBytes() {
      const r = { messages, meanBytes: messages ? bytes / messages : NaN };
      messages = bytes = 0;
      return r;
    },
    brain: () => peerBrain(),
    join: (roomIndex, seat, onVersion) =>
      new Promise<SeatHandle>((resolve, reject) => {
        const user = seat === 0 ? DM_USER : playerUser(seat);
        const ws = new WebSocket(`${url}/?room=r${roomIndex}&user=${user}`);
        ws.on("message", (data: Buffer) => {
          if (roomIndex === 0 && seat === 1) {
            messages++;
            bytes += data.length;
          }
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
