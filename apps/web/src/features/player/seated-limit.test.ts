import { describe, expect, it } from "vitest";
import { MAX_SEATED_PER_STATUS } from "../../../../../convex/interactions";
import { SEATED_PER_STATUS } from "./seated-limit";

describe("the player's lists' limit", () => {
  it("is the server's: a full group is the one the note speaks of", () => {
    expect(SEATED_PER_STATUS).toBe(MAX_SEATED_PER_STATUS);
  });
});
