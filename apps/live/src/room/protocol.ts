/**
 * What clients import at runtime to read the live protocol (`@roundtable/live/protocol`): the
 * patch codec and how deltas chain. Browser-safe: no Node or server imports.
 */
export { type WirePatches, decodePatches, encodePatches } from "./patchCodec";
export { CLOSE_RATE_LIMITED, deltaBase, deltaEvent, PROTOCOL_VERSION } from "./events";
export { sendImmediately } from "./sendImmediately";
export { settleOnResult } from "./settleOnResult";
export { isSimulationTable } from "./simulationSeats";
