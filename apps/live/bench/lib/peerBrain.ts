// Brain for the peers: a local copy of the bench ambush, advanced by the same rules once
// each command has reached the whole room.
import { applyPeerCommand, initialAmbush, nextCommand, plainView, seatFor, type PeerCommand } from "./ambush";
import type { Brain } from "./peer";

export function peerBrain(): Brain {
  const state = initialAmbush();
  let last: { seat: number; cmd: PeerCommand } | undefined;
  return {
    observe: () => {},
    next: () => {
      last = { seat: seatFor(state), cmd: nextCommand(state) };
      return last;
    },
    done: () => {
      if (!last) return;
      const owner = state.entities[last.cmd.entityId]?.owner ?? "";
      applyPeerCommand(plainView(state), last.cmd, owner);
      last = undefined;
    },
  };
}
