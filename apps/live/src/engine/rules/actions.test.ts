import { describe, expect, it } from "vitest";
import { applyCommand } from "../apply";
import type { ActionDef } from "../setup";
import { recentLog } from "../state";
import {
  act,
  DM,
  hp,
  logText,
  monster,
  ok,
  P1,
  P2,
  pc,
  playerSees,
  refused,
  room,
  sheet,
  started,
} from "../testkit";

const spells: ActionDef[] = [
  {
    id: "missiles",
    name: "Missiles",
    kind: "spell",
    level: 1,
    range: 60,
    uses: 2,
    targets: { type: "enemy", max: 3 },
    damage: "3",
  },
  {
    id: "ball",
    name: "Fire Ball",
    kind: "spell",
    level: 3,
    range: 60,
    targets: { type: "any", max: 10 },
    area: { radius: 10 },
    save: { ability: "dex", dc: 40, half: true },
    damage: "8",
  },
  {
    id: "mend",
    name: "Mend",
    kind: "spell",
    level: 1,
    range: 5,
    targets: { type: "ally", max: 1 },
    heal: "4",
  },
  {
    id: "hold",
    name: "Hold",
    kind: "spell",
    level: 2,
    range: 60,
    targets: { type: "enemy", max: 1 },
    save: { ability: "wis", dc: 40, half: false },
    condition: { name: "stunned", rounds: 1 },
  },
];
const caster = () =>
  room({
    participants: [
      pc("hero", "p1", 1, 1, { actions: [...sheet("x").actions, ...spells] }),
      pc("ally", "p2", 1, 2),
      monster("g1", 6, 6),
      monster("g2", 7, 6),
      monster("g3", 6, 7),
      monster("far", 9, 0),
    ],
  });

describe("attacks", () => {
  it("a hit rolls damage against HP and is logged; a target out of reach is OUT_OF_RANGE", () => {
    const s = started(
      room({ participants: [pc("hero", "p1", 1, 1), pc("ally", "p2", 1, 3), monster("gob", 2, 2)] }),
    );
    const t = s.turn!.id;
    const r = ok(
      applyCommand(
        s,
        { type: "takeTurn", turnId: t, entityId: "hero", actionId: "sword", targets: ["gob"] },
        { actor: P1, now: 1 },
      ),
    );
    expect(hp(r.state, "gob")).toBeLessThan(10);
    expect(hp(r.state, "gob")).toBeGreaterThanOrEqual(0);
    expect(logText(r.state)).toMatch(/hero (critically )?hits gob with Sword/);
    expect(r.events.some((e) => e.type === "log")).toBe(true);
    const far = started(
      room({ participants: [pc("hero", "p1", 1, 1), pc("ally", "p2", 1, 3), monster("gob", 5, 1)] }),
    );
    expect(
      refused(
        far,
        { type: "takeTurn", turnId: far.turn!.id, entityId: "hero", actionId: "sword", targets: ["gob"] },
        P1,
        "OUT_OF_RANGE",
      ),
    ).toContain("20 ft away");
  });

  it("allies, missing targets and wrong target counts are refused", () => {
    const s = started();
    const t = s.turn!.id;
    refused(
      s,
      { type: "takeTurn", turnId: t, entityId: "hero", actionId: "bow", targets: ["ally"] },
      P1,
      "INVALID_TARGET",
    );
    refused(
      s,
      { type: "takeTurn", turnId: t, entityId: "hero", actionId: "bow", targets: ["nobody"] },
      P1,
      "INVALID_TARGET",
    );
    refused(
      s,
      { type: "takeTurn", turnId: t, entityId: "hero", actionId: "bow", targets: [] },
      P1,
      "INVALID_COMMAND",
    );
    refused(
      s,
      { type: "takeTurn", turnId: t, entityId: "hero", actionId: "fly", targets: [] },
      P1,
      "INVALID_COMMAND",
    );
  });

  it("a weapon attack needs its weapon equipped", () => {
    let s = started();
    s = act(
      s,
      { type: "equipItem", turnId: s.turn!.id, entityId: "hero", itemId: "sword", equip: false },
      P1,
    );
    s = act(
      s,
      {
        type: "moveEntity",
        turnId: s.turn!.id,
        entityId: "hero",
        path: [
          { x: 2, y: 1 },
          { x: 3, y: 1 },
          { x: 4, y: 1 },
          { x: 5, y: 1 },
        ],
      },
      P1,
    );
    expect(
      refused(
        s,
        { type: "takeTurn", turnId: s.turn!.id, entityId: "hero", actionId: "sword", targets: ["gob"] },
        P1,
        "INVALID_COMMAND",
      ),
    ).toContain("Equip the Sword");
  });

  it("one action per turn: a second one is NO_ACTION_LEFT", () => {
    let s = started();
    s = act(
      s,
      { type: "takeTurn", turnId: s.turn!.id, entityId: "hero", actionId: "bow", targets: ["gob"] },
      P1,
    );
    refused(
      s,
      { type: "takeTurn", turnId: s.turn!.id, entityId: "hero", actionId: "dodge", targets: [] },
      P1,
      "NO_ACTION_LEFT",
    );
  });

  it("HP never drops below 0; a monster at 0 is defeated (snapshot), a PC falls unconscious and its turns are skipped", () => {
    const setup = room({
      participants: [
        pc("hero", "p1", 1, 1, { maxHp: 3 }),
        pc("ally", "p2", 5, 5),
        monster("gob", 2, 1, { maxHp: 2 }),
      ],
    });
    let s = started(setup, ["gob", "hero", "ally"]);
    const r = ok(
      applyCommand(
        s,
        { type: "takeTurn", turnId: s.turn!.id, entityId: "gob", actionId: "sword", targets: ["hero"] },
        { actor: DM, now: 1 },
      ),
    );
    expect(r.state.entities.hero).toMatchObject({ hp: 0, unconscious: true, defeated: false });
    expect(r.effects).toContainEqual({ type: "snapshot", reason: "defeat" });
    s = act(r.state, { type: "endTurn", turnId: r.state.turn!.id, entityId: "gob" }, DM);
    expect(s.turn?.entityId).toBe("ally");
  });
});

describe("spells", () => {
  it("hits several chosen targets, spends a use, and refuses targets beyond max or range", () => {
    const s = started(caster());
    const t = s.turn!.id;
    const s2 = act(
      s,
      { type: "takeTurn", turnId: t, entityId: "hero", actionId: "missiles", targets: ["g1", "g2", "g3"] },
      P1,
    );
    expect([hp(s2, "g1"), hp(s2, "g2"), hp(s2, "g3")]).toEqual([7, 7, 7]);
    expect(s2.entities.hero?.usesLeft.missiles).toBe(1);
    refused(
      s,
      {
        type: "takeTurn",
        turnId: t,
        entityId: "hero",
        actionId: "missiles",
        targets: ["g1", "g2", "g3", "far"],
      },
      P1,
      "INVALID_COMMAND",
    );
    refused(
      s,
      { type: "takeTurn", turnId: t, entityId: "hero", actionId: "missiles", targets: ["ally"] },
      P1,
      "INVALID_TARGET",
    );
  });

  it("an area hits everyone inside the radius, with half damage on a save", () => {
    const s = started(caster());
    const s2 = act(
      s,
      {
        type: "takeTurn",
        turnId: s.turn!.id,
        entityId: "hero",
        actionId: "ball",
        targets: [],
        point: { x: 6, y: 6 },
      },
      P1,
    );
    expect([hp(s2, "g1"), hp(s2, "g2"), hp(s2, "g3"), hp(s2, "far"), hp(s2, "hero")]).toEqual([
      2, 2, 2, 10, 20,
    ]);
    refused(
      s,
      { type: "takeTurn", turnId: s.turn!.id, entityId: "hero", actionId: "ball", targets: ["g1"] },
      P1,
      "INVALID_COMMAND",
    );
  });

  it("an area that reaches a creature hidden from the party: the players' line names only whom they see", () => {
    const setup = caster();
    setup.participants[3] = monster("g2", 7, 6, {}, true);
    const s = started(setup);
    const ball = {
      type: "takeTurn" as const,
      turnId: s.turn!.id,
      entityId: "hero",
      actionId: "ball",
      targets: [],
      point: { x: 6, y: 6 },
    };
    const { r, lines } = playerSees(s, ball, P1);
    expect(lines.join(" ")).toMatch(/^hero casts Fire Ball on g1, g3\. /);
    expect(lines.join(" ")).not.toContain("g2");
    expect(hp(r.state, "g2")).toBe(2);
    expect(logText(r.state)).toContain("hero's Fire Ball also reaches g2.");
  });

  it("a foe that falls hidden from the party counts for no XP until the DM reveals it", () => {
    const setup = caster();
    setup.participants[3] = monster("g2", 7, 6, { maxHp: 1, xp: 1_000 }, true);
    let s = started(setup);
    s = act(
      s,
      {
        type: "takeTurn",
        turnId: s.turn!.id,
        entityId: "hero",
        actionId: "ball",
        targets: [],
        point: { x: 6, y: 6 },
      },
      P1,
    );
    expect(s.entities.g2?.defeated).toBe(true);
    const line = recentLog(s.log).find((l) => l.text.includes("fell unseen"));
    expect(line?.dmOnly).toBe(true);
    expect(line?.text).toContain("g2 fell unseen by the party: reveal it to count its 1000 XP.");
    const ended = ok(applyCommand(s, { type: "end" }, { actor: DM, now: 9_000 })).state;
    expect(ended.results?.xp).toEqual({ hero: 0, ally: 0 });
    const revealed = act(s, { type: "reveal", id: "g2" }, DM);
    const counted = ok(applyCommand(revealed, { type: "end" }, { actor: DM, now: 9_000 })).state;
    expect(counted.results?.xp).toEqual({ hero: 500, ally: 500 });
  });

  it("heals allies up to their max HP, and only allies", () => {
    const setup = caster();
    let s = started(setup);
    s = act(
      s,
      { type: "takeTurn", turnId: s.turn!.id, entityId: "hero", actionId: "mend", targets: ["ally"] },
      P1,
    );
    expect(hp(s, "ally")).toBe(20);
    refused(
      started(setup),
      { type: "takeTurn", turnId: 1, entityId: "hero", actionId: "mend", targets: ["g1"] },
      P1,
      "INVALID_TARGET",
    );
  });

  it("a failed save applies a condition that lasts through the target's next turn", () => {
    let s = started(caster(), ["hero", "g1", "ally", "g2", "g3", "far"]);
    s = act(
      s,
      { type: "takeTurn", turnId: s.turn!.id, entityId: "hero", actionId: "hold", targets: ["g1"] },
      P1,
    );
    expect(s.entities.g1?.conditions.map((c) => c.name)).toEqual(["stunned"]);
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "hero" }, P1);
    expect(
      refused(
        s,
        { type: "takeTurn", turnId: s.turn!.id, entityId: "g1", actionId: "dodge", targets: [] },
        DM,
        "BAD_STATE",
      ),
    ).toContain("stunned");
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "g1" }, DM);
    expect(s.entities.g1?.conditions).toEqual([]);
  });
});

describe("dodge, help and checks", () => {
  it("dodge lasts until the end of your next turn; help lasts until the helped ally's turn ends", () => {
    let s = started(
      room({ participants: [pc("hero", "p1", 1, 1), pc("ally", "p2", 1, 2), monster("gob", 6, 1)] }),
    );
    s = act(
      s,
      { type: "takeTurn", turnId: s.turn!.id, entityId: "hero", actionId: "help", targets: ["ally"] },
      P1,
    );
    expect(s.entities.ally?.conditions[0]).toMatchObject({ name: "helped", endsWithTurnOf: "ally" });
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "hero" }, P1);
    expect(s.entities.ally?.conditions.map((c) => c.name)).toEqual(["helped"]);
    s = act(
      s,
      { type: "takeTurn", turnId: s.turn!.id, entityId: "ally", actionId: "dodge", targets: [] },
      P2,
    );
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "ally" }, P2);
    expect(s.entities.ally?.conditions.map((c) => c.name)).toEqual(["dodging"]);
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "gob" }, DM);
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "hero" }, P1);
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "ally" }, P2);
    expect(s.entities.ally?.conditions).toEqual([]);
  });

  it("a check against a parley NPC moves its attitude", () => {
    const setup = room({
      kind: "social",
      participants: [
        pc("hero", "p1", 1, 1, {
          actions: [{ id: "talk", name: "Persuasion", kind: "check", ability: "cha", bonus: 20, dc: 10 }],
        }),
        {
          entityId: "npc",
          sheet: sheet("Chief", { kind: "npc" }),
          side: "neutral",
          position: { x: 3, y: 1 },
        },
      ],
    });
    let s = started(setup);
    expect(s.entities.npc?.attitude).toBe(0);
    s = act(
      s,
      { type: "takeTurn", turnId: s.turn!.id, entityId: "hero", actionId: "talk", targets: ["npc"] },
      P1,
    );
    expect(s.entities.npc?.attitude).toBe(1);
    expect(logText(s)).toContain("success");
  });
});
