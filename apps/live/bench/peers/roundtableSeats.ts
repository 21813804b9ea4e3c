// What both Roundtable load clients (tRPC's and the wire one) need to seat a bench user: who
// sits where, and a session token signed with the bench server's key.
import { importPKCS8 } from "jose";
import { signToken, type TestKeys } from "../../src/testkit";
import { dmOf, playerOf } from "./roundtableSetup";
import type { RoundtableInfo } from "./roundtableServer";

/** Signs the session token of the user at `seat` (0 = DM) in bench room `room`. */
export function seatTokens(rawInfo: unknown): (room: number, seat: number) => Promise<string> {
  const info = rawInfo as RoundtableInfo;
  const keys: Promise<TestKeys> = importPKCS8(info.pkcs8, "RS256").then((privateKey) => ({
    privateKey,
    pem: "",
    kid: info.kid,
  }));
  return async (room, seat) => signToken(await keys, seat === 0 ? dmOf(room) : playerOf(room, seat));
}

/** The seat of the user who owns a character (0, the DM, for monsters). */
export function seatOfOwner(owner: string | undefined, room: number): number {
  if (!owner) return 0;
  for (let seat = 1; seat <= 4; seat++) if (owner === playerOf(room, seat)) return seat;
  return 0;
}
