import { describe, expect, it } from "vitest";
import { InteractionSetup } from "../engine/setup";
import { pc, room, sheet } from "../engine/testkit";
import { setupIssueText } from "./setupIssue";

/** The first problem the engine's schema finds in `setup`, as the DM is told it. */
function told(setup: unknown): string {
  const r = InteractionSetup.safeParse(setup);
  if (r.success) throw new Error("expected the setup to be refused");
  return setupIssueText(setup, r.error.issues[0]!);
}

describe("setupIssueText", () => {
  it("names the character and the item or action, not the path", () => {
    const blankItem = room();
    blankItem.participants[0] = pc("hero", "p1", 1, 1, {
      inventory: [{ id: "rope", name: "  ", type: "gear" }],
    });
    expect(told(blankItem)).toBe("hero, item 1: Names need a character other than spaces");

    const unnamed = room();
    unnamed.participants[1] = { ...unnamed.participants[1]!, sheet: sheet("   ") };
    expect(told(unnamed)).toBe("Participant 2: Names need a character other than spaces");
  });

  it("names the interaction or the map object, and falls back to the message alone", () => {
    expect(told({ ...room(), name: " " })).toBe(
      "The interaction's name: Names need a character other than spaces",
    );
    expect(setupIssueText({}, { path: ["map", "width"], message: "Too small" })).toBe("Too small");
  });
});
