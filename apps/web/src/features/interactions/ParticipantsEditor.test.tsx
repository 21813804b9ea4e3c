import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Id } from "../../../../../convex/_generated/dataModel";
import type { Candidate } from "./draft";
import { renderInteractionForm, section, settle } from "../../test/form-helpers";

const goblin = "char_goblin" as Id<"characters">;
const aria = "char_aria" as Id<"characters">;
const candidates: Candidate[] = [
  { characterId: goblin, name: "Goblin", kind: "monster", group: "Your NPCs and monsters" },
  { characterId: aria, name: "Aria", kind: "pc", group: "Aria's player's characters" },
];

describe("ParticipantsEditor", () => {
  it("shows that a combat with no one on the enemy side can never be won, until a foe is seated", async () => {
    const { onSubmit, user } = renderInteractionForm(candidates, {
      name: "Ambush",
      kind: "combat",
      isTest: false,
      participants: [
        { key: "a", characterId: aria, side: "party", position: { x: 0, y: 0 } },
        { key: "b", characterId: goblin, side: "neutral", position: { x: 3, y: 3 } },
      ],
      map: { width: 6, height: 6, blocked: [], difficult: [], objects: [] },
    });
    await user.click(screen.getByRole("button", { name: "Save" }));
    await settle();
    const message =
      "A combat needs at least one creature on the Enemy side: the party wins when every enemy is down, so with none it can never be won. Add a monster or set someone's side to Enemy.";
    expect(within(section("Participants")).getByText(message)).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();

    // A neutral goblin is no one's foe; on the Enemy side it is.
    await user.selectOptions(
      within(screen.getByRole("group", { name: "Goblin" })).getByLabelText("Side"),
      "Enemy",
    );
    expect(within(section("Participants")).queryByText(message)).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]![0].participants.map((p) => p.side)).toEqual(["party", "enemy"]);
  });

  it("keeps keyboard focus among the participants as they are removed, then on the Participants legend", async () => {
    const { user } = renderInteractionForm(candidates, {
      name: "Ambush",
      kind: "combat",
      isTest: false,
      participants: [
        { key: "a", characterId: aria, side: "party", position: { x: 0, y: 0 } },
        { key: "b", characterId: goblin, side: "enemy", position: { x: 3, y: 3 } },
      ],
      map: { width: 6, height: 6, blocked: [], difficult: [], objects: [] },
    });

    await user.click(screen.getByRole("button", { name: "Remove Aria" }));
    expect(screen.getByRole("button", { name: "Remove Goblin" })).toHaveFocus();
    // Add participant is disabled until a character is picked, so the legend takes focus.
    await user.keyboard("{Enter}");
    expect(within(section("Participants")).getByText("Nobody seated yet.")).toBeInTheDocument();
    expect(section("Participants").querySelector("legend")).toHaveFocus();
  });
});
