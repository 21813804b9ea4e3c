// Colyseus 0.18 peer: a room holding the goblin ambush in @colyseus/schema, mutated in
// place as Colyseus intends. `immediate` sends each change at once (patchRate null plus
// broadcastPatch() after every command); otherwise Colyseus' default patch rate applies.
import { Room, Server, type Client } from "@colyseus/core";
import { WebSocketTransport } from "@colyseus/ws-transport";
import {
  applyPeerCommand,
  initialAmbush,
  type MutableView,
  type PeerCommand,
  type PeerEntity,
} from "../lib/ambush";
import { toSchemaState, type AmbushState } from "./colyseusSchema";
import { freePort, type PeerServer } from "../lib/peer";

interface JoinOptions {
  user: string;
}

class AmbushRoom extends Room<{ state: InstanceType<typeof AmbushState> }> {
  override maxClients = 5;
  private view!: MutableView;
  private actors = new Map<string, string>();

  override onCreate(options: { immediate: boolean }): void {
    this.state = toSchemaState(initialAmbush());
    if (options.immediate) this.patchRate = null;
    const state = this.state;
    this.view = {
      get version() {
        return state.version;
      },
      set version(v) {
        state.version = v;
      },
      turn: state.turn,
      order: [...state.order],
      // Schema fields are typed as plain strings; the room only ever stores PeerEntity values.
      entity: (id) => state.entities.get(id) as PeerEntity | undefined,
    };
    this.onMessage("cmd", (client: Client, cmd: PeerCommand) => {
      const ok = applyPeerCommand(this.view, cmd, this.actors.get(client.sessionId) ?? "");
      if (ok && options.immediate) this.broadcastPatch();
    });
  }

  override onJoin(client: Client, options: JoinOptions): void {
    this.actors.set(client.sessionId, options.user);
  }

  override onLeave(client: Client): void {
    this.actors.delete(client.sessionId);
  }
}

export async function startColyseus(immediate: boolean): Promise<PeerServer> {
  const port = await freePort();
  const server = new Server({ transport: new WebSocketTransport(), greet: false, gracefullyShutdown: false });
  server.define("ambush", AmbushRoom, { immediate });
  await server.listen(port, "127.0.0.1");
  return {
    url: `ws://127.0.0.1:${port}`,
    stop: () => server.gracefullyShutdown(false),
  };
}
