// Naive baseline: plain `ws`, one room per `?room=`, and after every accepted command the
// whole state is serialized to JSON once and sent to everyone in the room.
import { WebSocketServer, type WebSocket } from "ws";
import { applyPeerCommand, initialAmbush, plainView, type PeerCommand, type PeerState } from "../lib/ambush";
import { LOOPBACK, type PeerServer } from "../lib/peer";

interface NaiveRoom {
  state: PeerState;
  sockets: Set<WebSocket>;
}

export async function startNaive(): Promise<PeerServer> {
  const rooms = new Map<string, NaiveRoom>();
  const wss = new WebSocketServer({ host: LOOPBACK, port: 0, maxPayload: 64 * 1024 });
  await new Promise<void>((resolve) => wss.once("listening", resolve));
  wss.on("connection", (ws, req) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const id = url.searchParams.get("room") ?? "";
    const user = url.searchParams.get("user") ?? "";
    let room = rooms.get(id);
    if (!room) {
      room = { state: initialAmbush(), sockets: new Set() };
      rooms.set(id, room);
    }
    const joined = room;
    joined.sockets.add(ws);
    ws.send(JSON.stringify(joined.state));
    ws.on("message", (data: Buffer) => {
      let cmd: PeerCommand;
      try {
        cmd = JSON.parse(data.toString()) as PeerCommand;
      } catch {
        return;
      }
      if (!applyPeerCommand(plainView(joined.state), cmd, user)) return;
      const full = JSON.stringify(joined.state);
      for (const s of joined.sockets) s.send(full);
    });
    ws.on("close", () => {
      joined.sockets.delete(ws);
      if (joined.sockets.size === 0) rooms.delete(id);
    });
  });
  const addr = wss.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    url: `ws://${LOOPBACK}:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
}
