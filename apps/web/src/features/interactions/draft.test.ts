import { scenarios, type InteractionSetup, type MapObject } from "@roundtable/live/engine";
import { describe, expect, it } from "vitest";
import type { Id } from "../../../../../convex/_generated/dataModel";
import { validateDraft, type Candidate, type InteractionDraft } from "./draft";

/** A setup as the seed saves it (convex/seed.ts), opened in the editor: its draft and candidates. */
function fromSetup(s: InteractionSetup): [InteractionDraft, Candidate[]] {
  const characterId = (entityId: string) => `char_${entityId}` as Id<"characters">;
  return [
    {
      name: s.name,
      kind: s.kind,
      isTest: s.isTest,
      map: s.map,
      participants: s.participants.map((p) => ({
        key: p.entityId,
        entityId: p.entityId,
        characterId: characterId(p.entityId),
        side: p.side,
        position: p.position,
        ...(p.hidden === undefined ? {} : { hidden: p.hidden }),
      })),
    },
    s.participants.map((p) => ({
      characterId: characterId(p.entityId),
      name: p.sheet.name,
      kind: p.sheet.kind,
      group: "Already seated",
    })),
  ];
}

const withKind = (kind: InteractionDraft["kind"], [draft, candidates]: [InteractionDraft, Candidate[]]) =>
  validateDraft({ ...draft, kind }, candidates);

describe("validateDraft", () => {
  // The seeded drafts: hidden goblins and a hidden trap, a puzzle with a chest, a parley with NPCs.
  it.each(Object.entries(scenarios))("accepts the %s scenario as it is seeded", (_, scenario) => {
    expect(validateDraft(...fromSetup(scenario()))).toEqual({});
  });

  it("refuses a hidden door, chest or lever (never revealed) beside its Hidden box, not a hidden trap", () => {
    const [draft, candidates] = fromSetup(scenarios.leverPuzzle());
    const objects = draft.map.objects.map((o): MapObject => ({ ...o, hidden: true }));
    const errors = validateDraft({ ...draft, map: { ...draft.map, objects } }, candidates);
    expect(errors).toEqual(
      Object.fromEntries(
        objects.flatMap((o, i) =>
          o.kind === "trap"
            ? []
            : [
                [
                  `map.objects.${i}.hidden`,
                  `Only traps can be hidden: the party could never see or use a hidden ${o.kind}. Untick Hidden.`,
                ],
              ],
        ),
      ),
    );
  });

  it("refuses a hidden PC (its owner's view drops it) beside its Hidden box, not a hidden NPC or monster", () => {
    const [draft, candidates] = fromSetup(scenarios.goblinAmbush());
    const participants = draft.participants.map((p) => ({ ...p, hidden: true }));
    const errors = validateDraft({ ...draft, participants }, candidates);
    const pcs = candidates.flatMap((c, i) => (c.kind === "pc" ? [i] : []));
    expect(pcs.length).toBeGreaterThan(0);
    expect(errors).toEqual(
      Object.fromEntries(
        pcs.map((i) => [
          `participants.${i}.hidden`,
          "A player character cannot be hidden: its player would never see it to play it. Untick Hidden.",
        ]),
      ),
    );
  });

  it("refuses, in a puzzle, a locked chest with no key tag that no lever works, beside its key tag", () => {
    const [draft, candidates] = fromSetup(scenarios.leverPuzzle());
    const withObjects = (objects: MapObject[]) =>
      validateDraft({ ...draft, map: { ...draft.map, objects } }, candidates);
    const edit = (patches: Record<string, Partial<MapObject>>) =>
      draft.map.objects.map((o) => ({ ...o, ...patches[o.id] }) as MapObject);
    const at = (id: string) => `map.objects.${draft.map.objects.findIndex((o) => o.id === id)}.keyTag`;
    // The vault chest locked, and the silver lever (which works the vault door) not wired to it.
    const stuck = { "vault-chest": { locked: true } };
    expect(withObjects(edit(stuck))).toEqual({
      [at("vault-chest")]:
        "Locked with no key tag and no lever that unlocks it: the party could never open it. Give it a key tag or wire a lever to it.",
    });
    // A sealed door is a wall, not a lost game: only the chests decide a puzzle.
    expect(withObjects(edit({ vault: { keyTag: undefined }, silver: { toggles: [] } }))).toEqual({});
    // A lever pull unlocks the chest; a key tag opens it by hand.
    expect(withObjects(edit({ ...stuck, silver: { toggles: ["vault", "vault-chest"] } }))).toEqual({});
    expect(
      withObjects(
        edit({ ...stuck, vault: { keyTag: "vault-key" }, "vault-chest": { locked: true, keyTag: "k" } }),
      ),
    ).toEqual({});
    // Nothing to open: already open, or not locked.
    expect(
      withObjects(edit({ ...stuck, vault: { open: true }, "vault-chest": { locked: true, open: true } })),
    ).toEqual({});
    expect(withObjects(edit({ ...stuck, vault: { locked: false }, "vault-chest": {} }))).toEqual({});
  });

  it("refuses a puzzle with no chest, on the map's objects", () => {
    const ambush = fromSetup(scenarios.goblinAmbush());
    expect(withKind("puzzle", ambush)).toEqual({}); // it has a chest behind the ruin's door
    const parley = fromSetup(scenarios.socialParley());
    expect(withKind("puzzle", parley)).toEqual({
      "map.objects":
        "A puzzle needs at least one chest the party can see: it is won when every chest is open.",
    });
  });

  it("refuses a social scene with no NPC on the neutral side, on the participants", () => {
    const message =
      "A social scene needs at least one neutral NPC to win over (an NPC on the Neutral side): the party wins when every one is won over.";
    // Goblins (monsters) and PCs only: nobody is given an attitude.
    expect(withKind("social", fromSetup(scenarios.goblinAmbush()))).toEqual({ participants: message });
    // An NPC on another side is not won over either.
    const [draft, candidates] = fromSetup(scenarios.socialParley());
    const enemies = draft.participants.map((p) =>
      p.side === "neutral" ? { ...p, side: "enemy" as const } : p,
    );
    expect(validateDraft({ ...draft, participants: enemies }, candidates)).toEqual({ participants: message });
    // Neutral monsters do not count.
    const monsters = candidates.map((c) => (c.kind === "npc" ? { ...c, kind: "monster" as const } : c));
    expect(validateDraft(draft, monsters)).toEqual({ participants: message });
  });
});
