import type { Socket } from "node:net";
import type { WebSocket } from "ws";

/**
 * A server → client text frame (FIN, opcode 1, unmasked) with its header and payload in one
 * buffer. `ws.send` writes a frame as two buffers (header, then payload) under a cork: a
 * `writev` with its per-chunk bookkeeping for every frame. One buffer is one plain `write`.
 */
function encodeTextFrame(text: string): Buffer {
  const length = Buffer.byteLength(text);
  const headerLength = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x81;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame.write(text, headerLength, "utf8");
  return frame;
}

/** A text message, framed (once) when first written directly. */
export class TextFrame {
  private bytes: Buffer | null = null;
  constructor(readonly text: string) {}

  get buffer(): Buffer {
    return (this.bytes ??= encodeTextFrame(this.text));
  }
}

/** The parts of a `ws` (8.x) socket this relies on; checked at every write. */
type WsInternals = {
  _socket?: Socket;
  _sender?: { _state?: unknown; _queue?: unknown };
};

const OPEN = 1;
/** `ws`'s Sender state when it is not waiting on compression or a Blob (nothing queued). */
const SENDER_IDLE = 0;

/**
 * Writes a finished frame straight to the socket when `ws` would itself write it at once (open,
 * its sender idle with nothing queued, so frames stay in order); otherwise hands the text to
 * `ws.send`. The same frame can go to many sockets. Returns whether it went out directly.
 */
export function writeTextFrame(ws: WebSocket, frame: TextFrame): boolean {
  const w = ws as unknown as WsInternals;
  const socket = w._socket;
  const sender = w._sender;
  if (
    ws.readyState === OPEN &&
    socket &&
    !socket.destroyed &&
    socket.writable &&
    sender?._state === SENDER_IDLE &&
    Array.isArray(sender._queue) &&
    sender._queue.length === 0
  ) {
    socket.write(frame.buffer);
    return true;
  }
  ws.send(frame.text);
  return false;
}
