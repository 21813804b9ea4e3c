import { produce } from "immer";
import { describe, expect, it } from "vitest";
import { applyCommand } from "../apply";
import type { TakeTurnCommand } from "../commands";
import { createInteraction } from "../create";
import type { InteractionState } from "../state";
import {
  act,
  ADMIN,
  DM,
  logText,
  monster,
  ok,
  P1,
  parley,
  pc,
  playerSees,
  refused,
  room,
  started,
} from "../testkit";
import { viewFor } from "../view";

const persuadeBrenna = (s: InteractionState): TakeTurnCommand => ({
  type: "takeTurn",
  turnId: s.turn!.id,
  entityId: "hero",
  actionId: "persuade",
  targets: ["brenna"],
});

describe("the DM reveals hidden things", () => {
  it("a hidden NPC comes into the players' view with a line they read, and they can address it", () => {
    const s = started(parley(), ["hero", "ally", "mara", "brenna"]);
    expect(viewFor(s, "player").entities.brenna).toBeUndefined();
    refused(s, persuadeBrenna(s), P1, "INVALID_TARGET");

    const { r, view, lines } = playerSees(s, { type: "reveal", id: "brenna" });
    expect(r.state.entities.brenna?.hidden).toBe(false);
    expect(view.entities.brenna).toMatchObject({ name: "Brenna", position: { x: 3, y: 3 } });
    expect(view.order.map((o) => o.entityId)).toEqual(["hero", "ally", "mara", "brenna"]);
    expect(lines).toEqual(["The DM reveals Brenna."]);
    // it takes nobody's turn: the hero is still up, with the action unspent
    expect(r.state.turn).toEqual(s.turn);

    const after = act(r.state, persuadeBrenna(r.state), P1);
    expect(after.entities.brenna?.attitude).not.toBe(0);
    expect(logText(after)).toContain("hero tries Persuasion on Brenna");
  });

  it("a hidden object comes into view and can then be used", () => {
    const s = started(parley(), ["hero", "ally", "mara", "brenna"]);
    const open = { type: "interactObject", turnId: s.turn!.id, entityId: "hero", objectId: "chest" } as const;
    expect(viewFor(s, "player").map.objects.chest).toBeUndefined();
    refused(s, open, P1, "INVALID_TARGET");

    const { r, view, lines } = playerSees(s, { type: "reveal", id: "chest" });
    expect(view.map.objects.chest).toMatchObject({ kind: "chest", hidden: false, position: { x: 2, y: 1 } });
    expect(lines).toEqual(["The DM reveals the chest."]);

    const opened = act(r.state, open, P1);
    expect(opened.map.objects.chest).toMatchObject({ open: true, loot: [] });
  });

  it("works in the lobby, before anyone has a turn", () => {
    const s = createInteraction(parley(), { seed: 1, now: 0 });
    const { view } = playerSees(s, { type: "reveal", id: "brenna" });
    expect(view.entities.brenna).toBeDefined();
    expect(view.status).toBe("lobby");
  });

  it("revealing the creature whose turn it is unmasks the turn for the players", () => {
    const s = started(parley(), ["brenna", "hero", "ally", "mara"]);
    expect(viewFor(s, "player").turn?.entityId).toBeNull();
    const { view } = playerSees(s, { type: "reveal", id: "brenna" });
    expect(view.turn?.entityId).toBe("brenna");
  });

  it("also clears the Hide action's hidden condition (a creature spotted in the open)", () => {
    const hide = (s: InteractionState, id: string) =>
      produce(s, (d) => {
        d.entities[id]!.conditions.push({ name: "hidden", sinceTurn: 0 });
      });
    const s = hide(
      hide(
        started(
          room({
            participants: [pc("hero", "p1", 1, 1), monster("gob", 6, 1), monster("sneak", 8, 8, {}, true)],
          }),
        ),
        "gob",
      ),
      "sneak",
    );
    const { r: gob, lines } = playerSees(s, { type: "reveal", id: "gob" });
    expect(gob.state.entities.gob?.conditions).toEqual([]);
    expect(lines).toEqual(["The DM reveals gob."]);
    // DM-secret and hiding: both go
    const sneak = playerSees(s, { type: "reveal", id: "sneak" }).r.state.entities.sneak;
    expect(sneak).toMatchObject({ hidden: false, conditions: [] });
  });

  it("refuses unknown ids, things already in view, anyone but the DM, and a finished interaction", () => {
    const s = started(parley(), ["hero", "ally", "mara", "brenna"]);
    expect(refused(s, { type: "reveal", id: "ghost" }, DM, "INVALID_TARGET")).toContain("ghost");
    expect(refused(s, { type: "reveal", id: "mara" }, DM, "BAD_STATE")).toContain("Mara is not hidden");
    const shown = act(s, { type: "reveal", id: "chest" });
    expect(refused(shown, { type: "reveal", id: "chest" }, DM, "BAD_STATE")).toContain("chest is not hidden");
    expect(refused(s, { type: "reveal", id: "brenna" }, P1, "FORBIDDEN")).toContain("Only the DM");
    refused(s, { type: "reveal", id: "brenna" }, { userId: "other-dm", role: "dm" }, "FORBIDDEN");
    refused(s, { type: "reveal", id: "brenna" }, ADMIN, "FORBIDDEN");
    const ended = act(s, { type: "end" });
    refused(ended, { type: "reveal", id: "brenna" }, DM, "BAD_STATE");
  });

  it("a rollback to a turn start before the reveal hides it again, and the reveal drops the redo", () => {
    let s = started(parley(), ["hero", "ally", "mara", "brenna"]);
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "hero" }, P1);
    const revealed = act(s, { type: "reveal", id: "brenna" });
    expect(viewFor(revealed, "player").entities.brenna).toBeDefined();
    const { r, view } = playerSees(revealed, { type: "rollback", turnId: revealed.turn!.id });
    expect(view.entities.brenna).toBeUndefined();
    expect(view.order.map((o) => o.entityId)).not.toContain("brenna");
    expect(r.state.entities.brenna?.hidden).toBe(true);
    // revealing again after the rollback is a new game change: the undone turn cannot come back
    const again = act(r.state, { type: "reveal", id: "brenna" });
    refused(again, { type: "redo", turnId: again.turn!.id }, DM, "BAD_STATE");
  });

  it("reveals the object, not the creature, when both carry the id and the DM names the object", () => {
    const setup = parley();
    setup.map.objects[0] = { ...setup.map.objects[0]!, id: "brenna" };
    const s = started(setup, ["hero", "ally", "mara", "brenna"]);
    const object = act(s, { type: "reveal", id: "brenna", of: "object" });
    expect(object.map.objects.brenna?.hidden).toBe(false);
    expect(object.entities.brenna?.hidden).toBe(true);
    const entity = act(s, { type: "reveal", id: "brenna", of: "entity" });
    expect(entity.entities.brenna?.hidden).toBe(false);
    expect(entity.map.objects.brenna?.hidden).toBe(true);
    expect(refused(s, { type: "reveal", id: "chest", of: "entity" }, DM, "INVALID_TARGET")).toContain(
      "chest",
    );
  });

  it("an admin may reveal in a test interaction", () => {
    const s = createInteraction({ ...parley(), isTest: true }, { seed: 1, now: 0 });
    const r = ok(applyCommand(s, { type: "reveal", id: "brenna" }, { actor: ADMIN, now: 1 }));
    expect(r.state.entities.brenna?.hidden).toBe(false);
  });
});
