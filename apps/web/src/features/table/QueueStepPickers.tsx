import { isStunned, type Entity, type TurnStep, type ViewState } from "@roundtable/live/engine";
import { useState } from "react";
import { Button } from "../../components/ui/button";
import { Label } from "../../components/ui/label";
import { NativeSelect } from "../../components/ui/native-select";
import { distanceFeet, eligibleTargets, isActive, objectState, targetSpec, whyText } from "./model";
import {
  moveOptions,
  planActionAvailable,
  planInteractionAvailable,
  planItemUsable,
  planned,
  planObjects,
  type PlanSoFar,
} from "./queue-plan";
import { TargetChecklist } from "./TargetChecklist";

/**
 * One picker per kind of queued step. Each offers what the plan's turn still has, measured
 * from where the plan has got to; who stands where when the turn comes is checked by the
 * server then, so targets are not limited by range here, only shown with their distance.
 */
type PickerProps = {
  view: ViewState;
  entity: Entity;
  plan: PlanSoFar;
  onAdd: (step: TurnStep) => void;
  idBase: string;
};

const Note = ({ children }: { children: string }) => <p className="text-muted-foreground">{children}</p>;

function AddButton({ disabled, onClick }: { disabled?: boolean; onClick: () => void }) {
  return (
    <Button
      size="sm"
      variant="secondary"
      className="justify-self-start"
      disabled={disabled}
      onClick={onClick}
    >
      Add to plan
    </Button>
  );
}

/** A select whose choice falls back to the first option when the pick is gone (the plan moved on). */
function usePick<T extends { id: string }>(options: T[]): [T | undefined, (id: string) => void] {
  const [id, setId] = useState("");
  return [options.find((o) => o.id === id) ?? options[0], setId];
}

export function MoveStep({ view, entity, plan, onAdd, idBase }: PickerProps) {
  const options = moveOptions(view, entity, plan).map((o) => ({ ...o, id: o.key }));
  const [to, pick] = usePick(options);
  if (isStunned(entity)) return <Note>{`${entity.name} is stunned and cannot move.`}</Note>;
  if (!to)
    return (
      <Note>{plan.r.movementFt < 5 ? "No movement left in that turn." : "Nowhere to move from there."}</Note>
    );
  return (
    <>
      <div className="grid gap-1">
        <Label htmlFor={`${idBase}-move`}>Move to ({plan.r.movementFt} ft left)</Label>
        <NativeSelect id={`${idBase}-move`} value={to.id} onChange={(e) => pick(e.target.value)}>
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </NativeSelect>
      </div>
      <AddButton onClick={() => onAdd({ kind: "move", path: to.path })} />
    </>
  );
}

export function ActionStep({ view, entity, plan, onAdd, idBase }: PickerProps) {
  const all = entity.actions.map((a) => ({ id: a.id, a, avail: planActionAvailable(entity, a, plan) }));
  const [chosen, pick] = usePick(all.filter((o) => o.avail.ok));
  const [picked, setPicked] = useState<{ actionId: string; targets: string[] }>({
    actionId: "",
    targets: [],
  });
  const [centreId, setCentreId] = useState("");
  if (all.length === 0) return <Note>{`${entity.name} has no actions.`}</Note>;
  if (!chosen) return <Note>No action or bonus action left in that turn.</Note>;
  const action = chosen.a;
  const spec = targetSpec(action);
  const from = planned(entity, plan);
  const dist = (t: Entity) => distanceFeet(from.position, t.position);
  const pool = (
    spec.kind === "entities"
      ? eligibleTargets(view, entity, action)
      : spec.kind === "point"
        ? Object.values(view.entities).filter((t) => t.side !== entity.side && isActive(t))
        : []
  ).sort((x, y) => dist(x) - dist(y));
  const targets =
    picked.actionId === action.id ? picked.targets.filter((t) => pool.some((p) => p.id === t)) : [];
  const centre = pool.find((t) => t.id === centreId) ?? pool[0];
  const ready =
    spec.kind === "none" ||
    (spec.kind === "entities" && targets.length >= spec.min) ||
    (spec.kind === "point" && centre !== undefined);
  const step = (): TurnStep =>
    spec.kind === "point"
      ? { kind: "action", actionId: action.id, targets: [], point: centre!.position }
      : { kind: "action", actionId: action.id, targets: spec.kind === "entities" ? targets : [] };
  return (
    <>
      <div className="grid gap-1">
        <Label htmlFor={`${idBase}-action`}>Action</Label>
        <NativeSelect id={`${idBase}-action`} value={action.id} onChange={(e) => pick(e.target.value)}>
          {all.map(({ a, avail }) => (
            <option key={a.id} value={a.id} disabled={!avail.ok}>
              {a.name} ({a.cost === "bonus" ? "bonus action" : "action"}){whyText(avail)}
            </option>
          ))}
        </NativeSelect>
      </div>
      {spec.kind === "entities" && (
        <TargetChecklist
          legend={`Targets (${spec.min === 0 ? "optional, " : ""}up to ${spec.max}; distance from where ${entity.name} will be)`}
          spec={spec}
          options={pool}
          from={from.position}
          targets={targets}
          setTargets={(t) => setPicked({ actionId: action.id, targets: t })}
          empty="No one to target."
        />
      )}
      {spec.kind === "point" && centre && (
        <div className="grid gap-1">
          <Label htmlFor={`${idBase}-centre`}>Centred on</Label>
          <NativeSelect
            id={`${idBase}-centre`}
            value={centre.id}
            onChange={(e) => setCentreId(e.target.value)}
          >
            {pool.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} ({dist(t)} ft)
              </option>
            ))}
          </NativeSelect>
        </div>
      )}
      <AddButton disabled={!ready} onClick={() => onAdd(step())} />
    </>
  );
}

export function ItemStep({ view, entity, plan, onAdd, idBase }: PickerProps) {
  const from = planned(entity, plan);
  // what the plan leaves it carrying: loot taken earlier in the plan, charges spent
  const items = from.inventory.flatMap((i) =>
    i.type === "consumable" ? [{ id: i.id, item: i, avail: planItemUsable(entity, i, plan) }] : [],
  );
  const [chosen, pick] = usePick(items.filter((o) => o.avail.ok));
  const [targetId, setTargetId] = useState("");
  if (items.length === 0) return <Note>{`${entity.name} carries nothing to use up.`}</Note>;
  if (!chosen) return <Note>Nothing left in that turn to use an item with.</Note>;
  const { item } = chosen;
  const heals = item.effect.kind === "heal";
  const pool = Object.values(view.entities).filter((t) =>
    heals ? t.side === entity.side && !t.defeated : t.side !== entity.side && isActive(t),
  );
  // a potion is most often for oneself: that is the default
  const target = pool.find((t) => t.id === targetId) ?? pool.find((t) => t.id === entity.id) ?? pool[0];
  return (
    <>
      <div className="grid gap-1">
        <Label htmlFor={`${idBase}-item`}>Item</Label>
        <NativeSelect id={`${idBase}-item`} value={item.id} onChange={(e) => pick(e.target.value)}>
          {items.map(({ item: i, avail }) => (
            <option key={i.id} value={i.id} disabled={!avail.ok}>
              {i.name} ({i.charges} {i.charges === 1 ? "charge" : "charges"}){whyText(avail)}
            </option>
          ))}
        </NativeSelect>
      </div>
      {target && (
        <div className="grid gap-1">
          <Label htmlFor={`${idBase}-item-on`}>Use it on</Label>
          <NativeSelect
            id={`${idBase}-item-on`}
            value={target.id}
            onChange={(e) => setTargetId(e.target.value)}
          >
            {pool.map((t) => (
              <option key={t.id} value={t.id}>
                {t.id === entity.id
                  ? `${t.name} (self)`
                  : `${t.name} (${distanceFeet(from.position, t.position)} ft)`}
              </option>
            ))}
          </NativeSelect>
        </div>
      )}
      <AddButton
        disabled={!target}
        onClick={() => onAdd({ kind: "useItem", itemId: item.id, targetId: target!.id })}
      />
    </>
  );
}

/**
 * Objects next to where the plan has got to, as the plan leaves them: what interacting will do
 * then (open, close, pull…), or, greyed out, why the engine would refuse it (a chest the plan
 * already emptied, a lock without its key, a door whose state is left to a roll).
 */
export function InteractStep({ view, entity, plan, onAdd, idBase }: PickerProps) {
  const objects = planObjects(view, entity, plan);
  const [obj, pick] = usePick(objects.filter((o) => o.avail.ok));
  const avail = planInteractionAvailable(entity, plan);
  if (!avail.ok) return <Note>{`No object interaction left in that turn${whyText(avail)}.`}</Note>;
  if (objects.length === 0)
    return <Note>{`Nothing to interact with next to where ${entity.name} will be.`}</Note>;
  if (!obj) {
    const why = objects.map((o) => `${o.object.name}${whyText(o.avail)}`).join(", ");
    return <Note>{`Nothing next to where ${entity.name} will be can be used then: ${why}.`}</Note>;
  }
  return (
    <>
      <div className="grid gap-1">
        <Label htmlFor={`${idBase}-object`}>Object</Label>
        <NativeSelect id={`${idBase}-object`} value={obj.id} onChange={(e) => pick(e.target.value)}>
          {objects.map(({ id, object: o, avail: can, verb }) => (
            <option key={id} value={id} disabled={!can.ok}>
              {o.name} ({objectState(o)}){can.ok ? `: ${verb}` : whyText(can)}
            </option>
          ))}
        </NativeSelect>
      </div>
      {!plan.r.objectFree && (
        <Note>The free object interaction is planned already: this one takes the action.</Note>
      )}
      <AddButton onClick={() => onAdd({ kind: "interact", objectId: obj.id })} />
    </>
  );
}
