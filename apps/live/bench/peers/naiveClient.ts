import WebSocket from "ws";
import { DM_USER, playerUser, type PeerState } from "../lib/ambush";
import { peerBrain } from "../lib/peerBrain";
import type { PeerClient, SeatHandle } from "../lib/peer";

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
            bytesRead: () => (ws as unknown as { _socket?: { bytesRead: number } })._socket?.bytesRead ?? 0,
            close: () =>
              new Promise<void>((res) => {
                if (ws.readyState === WebSocket.CLOSED) return res();
                ws.once("close", () => res());
                ws.close();
              }),
          }),
        );
      }),
  };
}
