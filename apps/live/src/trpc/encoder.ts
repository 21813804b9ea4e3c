import type { Encoder } from "@trpc/server/adapters/ws";

/**
 * An event body serialized once per audience. The room fans the same instance out to every
 * subscriber of that audience; the wire encoder splices the string into each envelope instead
 * of stringifying the body again per connection.
 */
export class PreEncoded {
  constructor(readonly json: string) {}
}

const SENTINEL = `__pre_encoded_${Math.random().toString(36).slice(2)}__`;
const QUOTED_SENTINEL = JSON.stringify(SENTINEL);

export const liveEncoder: Encoder = {
  encode(data) {
    let found: PreEncoded | null = null;
    const text = JSON.stringify(data, (_key, value: unknown) => {
      if (value instanceof PreEncoded) {
        found = value;
        return SENTINEL;
      }
      return value;
    });
    if (found === null) return text;
    const raw = (found as PreEncoded).json;
    return text.replace(QUOTED_SENTINEL, () => raw);
  },
  decode(data) {
    if (typeof data !== "string") throw new Error("Binary frames are not accepted");
    return JSON.parse(data) as unknown;
  },
};
