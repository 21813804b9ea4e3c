import { scenarios, type InteractionSetup, type MapObject } from "@roundtable/live/engine";
import type { ConvexError } from "convex/values";
import { describe, expect, it } from "vitest";
import { checkBudget, checkMap, checkSeats, checkWinnable } from "../../../../../convex/checks";
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

  it("accepts a hidden door, chest or lever, as the server does: the DM reveals it in play", () => {
    const [draft, candidates] = fromSetup(scenarios.leverPuzzle());
    const objects = draft.map.objects.map((o): MapObject => ({ ...o, hidden: true }));
    expect(objects.map((o) => o.kind)).toEqual(expect.arrayContaining(["door", "chest", "lever"]));
    const hidden: InteractionDraft = { ...draft, map: { ...draft.map, objects } };
    expect(validateDraft(hidden, candidates)).toEqual({});
    // The server agrees (its map and seats: the sheets do not matter here).
    const kinds = hidden.participants.map(
      (p) => candidates.find((c) => c.characterId === p.characterId)!.kind,
    );
    expect(() => checkWinnable(hidden.kind, hidden.map, hidden.participants, kinds)).not.toThrow();
  });

  it("refuses a seat on a closed door, a chest or a lever, naming it and the cell, as the server does", () => {
    const [draft, candidates] = fromSetup(scenarios.goblinAmbush());
    const at = draft.participants[0]!.position;
    const seats = draft.participants.map((p) => ({ entityId: p.entityId!, position: p.position }));
    const base = { id: "thing", name: "gate", position: at };
    const solid: [MapObject, string][] = [
      [{ ...base, kind: "door", open: false, locked: false }, "the gate (a closed door)"],
      [{ ...base, name: "box", kind: "chest", open: false, locked: false, loot: [] }, "the box (a chest)"],
      [{ ...base, name: "knob", kind: "lever", on: false, toggles: [] }, "the knob (a lever)"],
    ];
    for (const [object, named] of solid) {
      const map = { ...draft.map, objects: [...draft.map.objects, object] };
      expect(validateDraft({ ...draft, map }, candidates)["participants.0.position"]).toBe(
        `On ${named} at (${at.x}, ${at.y}): no one can stand there. Move them or the object.`,
      );
      expect(() => checkSeats(seats, map)).toThrow(`(${at.x},${at.y}) holds ${named}`);
    }
    // an open doorway and a trap are passable: the engine lets a creature stand there
    for (const object of [
      { ...base, kind: "door", open: true, locked: false },
      { ...base, kind: "trap", armed: true, dc: 10, save: "dex", damage: "1d6" },
    ] satisfies MapObject[]) {
      const map = { ...draft.map, objects: [...draft.map.objects, object] };
      expect(validateDraft({ ...draft, map }, candidates)).toEqual({});
      expect(() => checkSeats(seats, map)).not.toThrow();
    }
  });

  it("refuses a door or trap on a blocked cell beside its position, and a blank object or loot name, as the server does", () => {
    const [draft, candidates] = fromSetup(scenarios.leverPuzzle());
    const i = draft.map.objects.findIndex((o) => o.kind === "door");
    const door = draft.map.objects[i]!;
    const walled = { ...draft.map, blocked: [...draft.map.blocked, door.position] };
    expect(validateDraft({ ...draft, map: walled }, candidates)[`map.objects.${i}.position`]).toBe(
      `On a blocked cell at (${door.position.x}, ${door.position.y}): no one could ever pass it. Clear the cell or move it.`,
    );
    expect(() => checkMap(walled)).toThrow(/is on a blocked cell/);

    const c = draft.map.objects.findIndex((o) => o.kind === "chest");
    const objects = draft.map.objects.map((o, j): MapObject =>
      j === c && o.kind === "chest"
        ? { ...o, name: "  ", loot: [{ id: "gem", name: " ", type: "gear" }] }
        : o,
    );
    const blank = { ...draft.map, objects };
    const errors = validateDraft({ ...draft, map: blank }, candidates);
    expect(errors[`map.objects.${c}.name`]).toBe("Required");
    expect(errors[`map.objects.${c}.loot.0.name`]).toBe("Required");
    expect(() => checkMap(blank)).toThrow(/must have a character other than spaces/);
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
    // A sealed door is a wall, not a lost game, unless a chest lies behind it (see the map's rule below).
    expect(withObjects(edit({ gate: { open: true }, rusty: { toggles: [] } }))).toEqual({});
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
      "map.objects": "A puzzle needs at least one chest: it is won when every chest is open.",
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

describe("validateDraft: the map's part of the server's size budget", () => {
  /** The goblin ambush with `chests` more chests of 30 of the largest items the engine allows. */
  function hoard(chests: number): [InteractionDraft, Candidate[]] {
    const [draft, candidates] = fromSetup(scenarios.goblinAmbush());
    const long = (prefix: string, n: number) => (prefix + "x".repeat(n)).slice(0, n);
    const objects: MapObject[] = Array.from({ length: chests }, (_, c) => ({
      id: `hoard-${c}`,
      name: `Hoard ${c}`,
      kind: "chest",
      position: { x: c % draft.map.width, y: 0 },
      open: false,
      locked: false,
      loot: Array.from({ length: 30 }, (_, i) => ({
        id: long(`item-${i}-`, 64),
        name: long(`Item ${i} `, 80),
        value: 1_000_000,
        type: "gear",
        tags: Array.from({ length: 10 }, (_, t) => long(`tag${t}-`, 40)),
      })),
    }));
    return [{ ...draft, map: { ...draft.map, objects: [...draft.map.objects, ...objects] } }, candidates];
  }

  it("refuses beside the map a map whose chest loot alone a live game could never save, as the server would", () => {
    const [draft, candidates] = hoard(10);
    const errors = validateDraft(draft, candidates);
    expect(errors).toEqual({
      map: expect.stringMatching(
        /^The map takes \d{3} KB of the game's state \(chest loot counts three times: once taken it is in an inventory, the loot list and the results\); at most 500 KB fits with the characters: a live game saves at most 800 KB, and the rest is kept for its log, chat and undo history\. Remove blocked or difficult cells, objects or chest loot\.$/,
      ) as string,
    });
    // The server refuses it even with no one seated.
    expect(() => checkBudget(draft.name, draft.kind, draft.map, [])).toThrow(/At most 500 KB fits/);
  });

  it("leaves a map that fits to the server, which adds the seated characters' sheets", () => {
    const [draft, candidates] = hoard(2);
    expect(validateDraft(draft, candidates)).toEqual({});
    expect(() => checkBudget(draft.name, draft.kind, draft.map, [])).not.toThrow();
  });
});

describe("validateDraft: what the party can reach, as the server's checkWinnable judges it", () => {
  const [draft, candidates] = fromSetup(scenarios.leverPuzzle());
  const edit = (patches: Record<string, Partial<MapObject>>): InteractionDraft => ({
    ...draft,
    map: { ...draft.map, objects: draft.map.objects.map((o) => ({ ...o, ...patches[o.id] }) as MapObject) },
  });
  /** The server's message for the same draft, without its "map: " path. */
  function serverSays(d: InteractionDraft): string | null {
    try {
      checkWinnable(
        d.kind,
        d.map,
        d.participants,
        d.participants.map((p) => candidates.find((c) => c.characterId === p.characterId)!.kind),
      );
      return null;
    } catch (e) {
      return (e as ConvexError<{ message: string }>).data.message.replace(/^map: /, "");
    }
  }
  const reach =
    "No participant can ever reach the vault chest at (10, 4): blocked cells, chests, levers or doors no one can open (locked with no key tag, and no lever anyone can reach wired to them) cut it off from every participant, and a puzzle is won only when every chest is open. Open a way to it: clear a blocked cell, give a door a key tag or wire a lever a participant can reach to one.";

  it.each<[string, Record<string, Partial<MapObject>>, string | null]>([
    ["the seeded puzzle: two levers open the gate, then the vault", {}, null],
    ["the vault door sealed (its lever unwired)", { silver: { toggles: [] } }, reach],
    ["the gate sealed, so the vault's lever is out of reach", { rusty: { toggles: [] } }, reach],
    [
      "the gate given a key tag instead of its lever",
      { rusty: { toggles: [] }, gate: { keyTag: "gate-key" } },
      null,
    ],
    ["the vault's lever moved beyond the vault door", { silver: { position: { x: 9, y: 0 } } }, reach],
    [
      "the chest locked with no key tag, wired to a lever the party can reach",
      { "vault-chest": { locked: true }, rusty: { toggles: ["gate", "vault-chest"] } },
      null,
    ],
  ])("%s", (_, patches, expected) => {
    const d = edit(patches);
    const errors = validateDraft(d, candidates);
    expect(errors).toEqual(expected === null ? {} : { map: expected });
    // The same verdict and words as the server's (which adds no hint on how to fix it).
    const server = serverSays(d);
    if (expected === null) expect(server).toBeNull();
    else expect(expected.startsWith(`${server!}. `)).toBe(true);
  });

  it("refuses a combat with no one on the enemy side, on the participants", () => {
    const ambush = fromSetup(scenarios.goblinAmbush());
    const [d, c] = ambush;
    const message =
      "A combat needs at least one creature on the Enemy side: the party wins when every enemy is down, so with none it can never be won. Add a monster or set someone's side to Enemy.";
    const neutral = d.participants.map((p) => (p.side === "enemy" ? { ...p, side: "neutral" as const } : p));
    expect(validateDraft({ ...d, participants: neutral }, c)).toEqual({ participants: message });
    expect(validateDraft({ ...d, participants: [] }, c)).toEqual({ participants: message });
    // One goblin left on the Enemy side (a hidden one still counts) is enough.
    const oneHidden = neutral.map((p, i) =>
      i === neutral.length - 1 ? { ...p, side: "enemy" as const, hidden: true } : p,
    );
    expect(validateDraft({ ...d, participants: oneHidden }, c)).toEqual({});
    expect(validateDraft(...ambush)).toEqual({});
  });
});
