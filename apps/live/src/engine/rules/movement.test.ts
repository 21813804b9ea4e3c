import { describe, expect, it } from "vitest";
import type { MapObject } from "../setup";
import { recentLog } from "../state";
import { act, DM, hp, monster, P1, pc, refused, room, started } from "../testkit";

const move = (s: ReturnType<typeof started>, entityId: string, path: [number, number][]) =>
  ({ type: "moveEntity", turnId: s.turn!.id, entityId, path: path.map(([x, y]) => ({ x, y })) }) as const;

describe("movement", () => {
  it("walks a path of neighbouring cells, diagonals included, and spends 5 ft a cell", () => {
    const s = act(
      started(),
      move(started(), "hero", [
        [2, 2],
        [3, 2],
      ]),
      P1,
    );
    expect(s.entities.hero?.position).toEqual({ x: 3, y: 2 });
    expect(s.turn?.moved).toBe(10);
  });

  it("difficult terrain costs double and the speed limit is enforced", () => {
    const s0 = started(
      room({
        map: {
          width: 10,
          height: 10,
          blocked: [],
          difficult: [
            { x: 2, y: 1 },
            { x: 3, y: 1 },
          ],
          objects: [],
        },
      }),
    );
    const s = act(
      s0,
      move(s0, "hero", [
        [2, 1],
        [3, 1],
      ]),
      P1,
    );
    expect(s.turn?.moved).toBe(20);
    const msg = refused(
      s,
      move(s, "hero", [
        [4, 1],
        [5, 2],
        [5, 3],
      ]),
      P1,
      "OUT_OF_RANGE",
    );
    expect(msg).toContain("10 ft of movement left");
  });

  it("dash doubles the movement for the turn", () => {
    let s = started();
    s = act(s, { type: "takeTurn", turnId: s.turn!.id, entityId: "hero", actionId: "dash", targets: [] }, P1);
    const path: [number, number][] = [
      [1, 2],
      [1, 4],
      [1, 5],
      [1, 6],
      [1, 7],
      [1, 8],
      [2, 8],
      [3, 8],
      [4, 8],
      [5, 8],
      [6, 8],
      [7, 8],
    ].map(([x, y]) => [x!, y!]);
    refused(s, move(s, "hero", path), P1, "PATH_BLOCKED"); // (1,2)->(1,4) is not a neighbour step
    const ok = [
      [1, 2],
      [2, 3],
      [2, 4],
      [2, 5],
      [2, 6],
      [2, 7],
      [3, 8],
      [4, 8],
      [5, 8],
      [6, 8],
      [7, 8],
      [8, 8],
    ] as [number, number][];
    expect(act(s, move(s, "hero", ok), P1).turn?.moved).toBe(60);
  });

  it("walls, closed doors, enemies and the edge of the map block; allies can be passed but not stood on", () => {
    const setup = room({
      map: { width: 10, height: 10, blocked: [{ x: 2, y: 1 }], difficult: [], objects: [] },
    });
    setup.map.objects.push({
      id: "d",
      name: "door",
      kind: "door",
      position: { x: 1, y: 0 },
      open: false,
      locked: false,
    });
    setup.participants = [pc("hero", "p1", 1, 1), pc("ally", "p2", 1, 2), monster("gob", 2, 2)];
    const s = started(setup);
    refused(s, move(s, "hero", [[2, 1]]), P1, "PATH_BLOCKED");
    refused(s, move(s, "hero", [[1, 0]]), P1, "PATH_BLOCKED");
    refused(s, move(s, "hero", [[2, 2]]), P1, "PATH_BLOCKED");
    refused(s, move(s, "hero", [[1, 2]]), P1, "PATH_BLOCKED");
    expect(
      act(
        s,
        move(s, "hero", [
          [1, 2],
          [0, 3],
        ]),
        P1,
      ).entities.hero?.position,
    ).toEqual({ x: 0, y: 3 });
    refused(
      s,
      move(s, "hero", [
        [0, 0],
        [-1, 0],
      ]),
      P1,
      "INVALID_COMMAND",
    ); // the schema bounds coordinates
  });

  it("a chest blocks its cell though an open door shares it, whichever is listed first", () => {
    const at = { x: 2, y: 1 };
    const door: MapObject = { id: "d", name: "door", kind: "door", position: at, open: true, locked: false };
    const chest: MapObject = {
      id: "c",
      name: "chest",
      kind: "chest",
      position: at,
      open: false,
      locked: false,
      loot: [],
    };
    for (const objects of [
      [door, chest],
      [chest, door],
    ]) {
      const s = started(room({}, objects));
      refused(s, move(s, "hero", [[2, 1]]), P1, "PATH_BLOCKED");
    }
  });

  it("leaving an enemy's reach provokes one opportunity attack unless you disengage", () => {
    const setup = room({
      participants: [pc("hero", "p1", 1, 1), pc("ally", "p2", 5, 5), monster("gob", 2, 1)],
    });
    const s = started(setup, ["hero", "ally", "gob"]);
    const fled = act(s, move(s, "hero", [[0, 1]]), P1);
    expect(hp(fled, "hero")).toBeLessThan(20); // toHit +20 only misses on a natural 1
    expect(fled.entities.gob?.reactionUsed).toBe(true);
    let careful = act(
      s,
      { type: "takeTurn", turnId: s.turn!.id, entityId: "hero", actionId: "disengage", targets: [] },
      P1,
    );
    careful = act(careful, move(careful, "hero", [[0, 1]]), P1);
    expect(hp(careful, "hero")).toBe(20);
    expect(careful.entities.hero?.conditions.map((c) => c.name)).toEqual(["disengaged"]);
    const next = act(careful, { type: "endTurn", turnId: careful.turn!.id, entityId: "hero" }, P1);
    expect(next.entities.hero?.conditions).toEqual([]); // disengage ends with the turn
  });

  it("stepping on a hidden trap sets it off and reveals it", () => {
    const setup = room({}, [
      {
        id: "t",
        name: "spike trap",
        kind: "trap",
        position: { x: 2, y: 1 },
        armed: true,
        hidden: true,
        dc: 40,
        save: "dex",
        damage: "5",
      },
    ]);
    const s = started(setup);
    const s2 = act(
      s,
      move(s, "hero", [
        [2, 1],
        [3, 1],
      ]),
      P1,
    );
    expect(hp(s2, "hero")).toBe(15);
    expect(s2.map.objects.t).toMatchObject({ armed: false, hidden: false });
    expect(s2.entities.hero?.position).toEqual({ x: 3, y: 1 });
  });

  it("a path that crosses a trap twice sets it off once", () => {
    const trap = {
      id: "t",
      name: "spike trap",
      kind: "trap",
      position: { x: 2, y: 1 },
      armed: true,
      dc: 40,
      save: "dex",
      damage: "5",
    } as const;
    const s = started(room({}, [trap]));
    const s2 = act(
      s,
      move(s, "hero", [
        [2, 1],
        [3, 1],
        [2, 1],
      ]),
      P1,
    );
    expect(hp(s2, "hero")).toBe(15);
    expect(recentLog(s2.log).filter((l) => l.text.includes("sets off"))).toHaveLength(1);
  });

  it("two armed traps on one cell both go off", () => {
    const trap = (id: string, name: string): MapObject => ({
      id,
      name,
      kind: "trap",
      position: { x: 2, y: 1 },
      armed: true,
      dc: 40,
      save: "dex",
      damage: "3",
    });
    const s = started(room({}, [trap("t1", "spike trap"), trap("t2", "dart trap")]));
    const s2 = act(s, move(s, "hero", [[2, 1]]), P1);
    expect(hp(s2, "hero")).toBe(14);
    expect(Object.values(s2.map.objects).map((o) => o.kind === "trap" && o.armed)).toEqual([false, false]);
  });

  it("the DM moves monsters, on their turn only", () => {
    const s = started(room(), ["gob", "hero", "ally"]);
    refused(s, move(s, "hero", [[2, 1]]), P1, "NOT_YOUR_TURN");
    expect(act(s, move(s, "gob", [[7, 1]]), DM).entities.gob?.position).toEqual({ x: 7, y: 1 });
  });
});
