import {
  isStunned,
  type ActionDef,
  type Entity,
  type Item,
  type Position,
  type ViewState,
} from "@roundtable/live/engine";
import { Footprints, Hand, Package, Swords } from "lucide-react";
import { useId, useRef, useState } from "react";
import { Badge } from "../../components/ui/badge";
import { Button } from "../../components/ui/button";
import { Checkbox } from "../../components/ui/checkbox";
import { Label } from "../../components/ui/label";
import { NativeSelect } from "../../components/ui/native-select";
import { CommandError } from "./CommandError";
import { ROUND_HEADER_ID } from "./Initiative";
import {
  actionAvailable,
  distanceFeet,
  interactionAvailable,
  isActive,
  itemUsable,
  objectState,
  objectsInReach,
  resourcesLeft,
  targetSpec,
  validTargets,
  type Availability,
  type Resources,
} from "./model";
import { useCommand } from "./useCommand";

export type Plan = { kind: "none" } | { kind: "move" } | { kind: "action"; actionId: string };

const costText = (a: ActionDef) => (a.cost === "bonus" ? "bonus action" : "action");
/** Why a control is disabled, in its name: " (no action left)". */
const whyText = (a: Availability) => (a.ok ? "" : ` (${a.why})`);

/** What is left this turn, each in words (used / available), not by colour. */
export function ResourceList({ r }: { r: Resources }) {
  const item = (label: string, ok: boolean, extra?: string) => (
    <li className="flex items-center gap-1">
      <Badge variant={ok ? "success" : "outline"}>
        {label}: {extra ?? (ok ? "available" : "used")}
      </Badge>
    </li>
  );
  return (
    <ul aria-label="What is left this turn" className="flex flex-wrap gap-1.5">
      {item("Action", r.action)}
      {item("Bonus action", r.bonus)}
      {item("Movement", r.movementFt > 0, `${r.movementFt} ft`)}
      {item("Reaction", r.reaction)}
    </ul>
  );
}

/**
 * The acting seat's controls on its turn: move (pick a reachable cell on the map), actions with
 * targets (from the list or the map), inventory, objects in reach, end turn.
 */
export function ActPanel({
  view,
  entity,
  plan,
  setPlan,
  targets,
  setTargets,
  point,
  moveError,
}: {
  view: ViewState;
  entity: Entity;
  plan: Plan;
  setPlan: (p: Plan) => void;
  targets: string[];
  setTargets: (t: string[]) => void;
  point: Position | null;
  moveError: string | null;
}) {
  const turn = view.turn!;
  const r = resourcesLeft(view, entity);
  const endTurn = useCommand();
  const endTurnRef = useRef<HTMLButtonElement>(null);
  const endErr = useId();
  const moveErr = useId();
  const selected = plan.kind === "action" ? entity.actions.find((a) => a.id === plan.actionId) : undefined;
  const stunned = isStunned(entity);

  return (
    <section aria-labelledby="act-heading" className="grid gap-3 rounded-md border p-3">
      <h3 id="act-heading" className="font-semibold">
        {entity.name}: your turn{turn.makeUpFor !== undefined ? " (make-up turn)" : ""}
      </h3>
      <ResourceList r={r} />
      {stunned && <p className="text-sm font-medium">{entity.name} is stunned and can only end the turn.</p>}
      <div className="flex flex-wrap items-center gap-2">
        <Button
          variant={plan.kind === "move" ? "default" : "outline"}
          aria-pressed={plan.kind === "move"}
          aria-describedby={moveError ? moveErr : undefined}
          disabled={r.movementFt < 5 || stunned}
          onClick={() => setPlan(plan.kind === "move" ? { kind: "none" } : { kind: "move" })}
        >
          <Footprints aria-hidden /> Move ({stunned ? "stunned" : `${r.movementFt} ft left`})
        </Button>
        <Button
          ref={endTurnRef}
          variant="secondary"
          disabled={endTurn.disabled}
          aria-describedby={endTurn.error ? endErr : undefined}
          onClick={() =>
            void endTurn
              .run((api, interactionId) =>
                api.endTurn.mutate({ interactionId, turnId: turn.id, entityId: entity.id }),
              )
              .then((ended) => {
                // This panel leaves with the turn: keep the keyboard in the table.
                if (ended) document.getElementById(ROUND_HEADER_ID)?.focus();
              })
          }
        >
          End turn
        </Button>
      </div>
      {plan.kind === "move" && (
        <p className="text-sm text-muted-foreground">
          Pick a cell marked as reachable on the map (Enter or click).
        </p>
      )}
      <CommandError id={moveErr} error={moveError} />
      <CommandError id={endErr} error={endTurn.error} />

      <fieldset className="grid gap-2">
        <legend className="mb-1 text-sm font-semibold">Actions</legend>
        <ul className="flex flex-wrap gap-2">
          {entity.actions.map((a) => {
            const avail = actionAvailable(entity, a, r);
            const uses = a.uses !== undefined ? `, ${entity.usesLeft[a.id] ?? 0} left` : "";
            return (
              <li key={a.id}>
                <Button
                  size="sm"
                  variant={selected?.id === a.id ? "default" : "outline"}
                  aria-pressed={selected?.id === a.id}
                  disabled={!avail.ok}
                  onClick={() => {
                    setTargets([]);
                    setPlan(selected?.id === a.id ? { kind: "none" } : { kind: "action", actionId: a.id });
                  }}
                >
                  <Swords aria-hidden />
                  {a.name} ({costText(a)}
                  {uses}
                  {avail.ok ? "" : `: ${avail.why}`})
                </Button>
              </li>
            );
          })}
        </ul>
      </fieldset>
      {selected && (
        <ActionTargets
          view={view}
          entity={entity}
          action={selected}
          targets={targets}
          setTargets={setTargets}
          point={point}
          onDone={(confirmed) => {
            setPlan({ kind: "none" });
            // The confirm button goes away with the picker: keep the keyboard focus in the turn
            // (on End turn once the action is spent), not lost to the dialog.
            if (confirmed) endTurnRef.current?.focus();
          }}
        />
      )}
      <Inventory view={view} entity={entity} r={r} />
      <ObjectsInReach view={view} entity={entity} r={r} />
    </section>
  );
}

function ActionTargets({
  view,
  entity,
  action,
  targets,
  setTargets,
  point,
  onDone,
}: {
  view: ViewState;
  entity: Entity;
  action: ActionDef;
  targets: string[];
  setTargets: (t: string[]) => void;
  point: Position | null;
  /** Called when the picker closes: `confirmed` after the server took the action, false on Cancel. */
  onDone: (confirmed: boolean) => void;
}) {
  const cmd = useCommand();
  const errId = useId();
  const spec = targetSpec(action);
  const options = validTargets(view, entity, action);
  const ready =
    spec.kind === "none" ||
    (spec.kind === "entities" && targets.length >= spec.min) ||
    (spec.kind === "point" && point !== null);
  const toggle = (id: string, on: boolean) => {
    if (!on) setTargets(targets.filter((t) => t !== id));
    else if (spec.kind === "entities") setTargets(spec.max === 1 ? [id] : [...targets, id].slice(-spec.max));
  };
  return (
    <div className="grid gap-2 rounded-md bg-muted/50 p-2">
      {spec.kind === "entities" && (
        <fieldset className="grid gap-1">
          <legend className="text-sm font-medium">
            Targets for {action.name} ({spec.min === 0 ? "optional, " : ""}up to {spec.max}; pick on the map
            or here)
          </legend>
          {options.length === 0 && <p className="text-sm text-muted-foreground">No one is in range.</p>}
          {options.map((t) => {
            const id = `target-${t.id}`;
            return (
              <div key={t.id} className="flex items-center gap-2">
                <Checkbox
                  id={id}
                  checked={targets.includes(t.id)}
                  onCheckedChange={(on) => toggle(t.id, on === true)}
                />
                <Label htmlFor={id} className="font-normal">
                  {t.name} ({distanceFeet(entity.position, t.position)} ft{isActive(t) ? "" : ", down"})
                </Label>
              </div>
            );
          })}
        </fieldset>
      )}
      {spec.kind === "point" && (
        <p className="text-sm">
          {point
            ? `Area centred on ${point.x + 1}, ${point.y + 1} (radius ${spec.radius} ft).`
            : `Pick the centre of the ${spec.radius} ft area on the map.`}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <Button
          disabled={cmd.disabled || !ready}
          aria-describedby={cmd.error ? errId : undefined}
          onClick={() =>
            void cmd
              .run((api, interactionId) =>
                api.takeTurn.mutate({
                  interactionId,
                  turnId: view.turn!.id,
                  entityId: entity.id,
                  actionId: action.id,
                  targets: spec.kind === "entities" ? targets : [],
                  ...(spec.kind === "point" && point ? { point } : {}),
                }),
              )
              .then((ok) => ok && onDone(true))
          }
        >
          Confirm {action.name}
        </Button>
        <Button variant="ghost" onClick={() => onDone(false)}>
          Cancel
        </Button>
      </div>
      <CommandError id={errId} error={cmd.error} />
    </div>
  );
}

function Inventory({ view, entity, r }: { view: ViewState; entity: Entity; r: Resources }) {
  if (entity.inventory.length === 0) return null;
  return (
    <section aria-label={`${entity.name}'s inventory`} className="grid gap-1">
      <h4 className="flex items-center gap-1 text-sm font-semibold">
        <Package className="size-4" aria-hidden /> Inventory
      </h4>
      <ul className="grid gap-1">
        {entity.inventory.map((i) => (
          <InventoryItem key={i.id} view={view} entity={entity} item={i} r={r} />
        ))}
      </ul>
    </section>
  );
}

function InventoryItem({
  view,
  entity,
  item,
  r,
}: {
  view: ViewState;
  entity: Entity;
  item: Item;
  r: Resources;
}) {
  const cmd = useCommand();
  const errId = useId();
  const selectId = useId();
  const turnId = view.turn?.id;
  const candidates =
    item.type === "consumable"
      ? Object.values(view.entities).filter((t) =>
          item.effect.kind === "heal"
            ? t.side === entity.side && !t.defeated && distanceFeet(entity.position, t.position) <= 5
            : t.side !== entity.side &&
              isActive(t) &&
              distanceFeet(entity.position, t.position) <= item.effect.range,
        )
      : [];
  const [target, setTarget] = useState<string>(candidates[0]?.id ?? entity.id);
  const chosen = candidates.some((c) => c.id === target) ? target : (candidates[0]?.id ?? "");
  const usable = itemUsable(entity, item, r);
  const equippable = interactionAvailable(entity, r);
  return (
    <li className="flex flex-wrap items-center gap-2 text-sm">
      <span>
        {item.name}
        {item.type === "consumable" && ` (${item.charges} ${item.charges === 1 ? "charge" : "charges"})`}
        {(item.type === "weapon" || item.type === "armor") && (item.equipped ? " (equipped)" : " (stowed)")}
      </span>
      {item.type === "consumable" && (
        <>
          <div className="w-44">
            <NativeSelect
              id={selectId}
              aria-label={`Use ${item.name} on`}
              className="h-8"
              disabled={!usable.ok}
              value={chosen}
              onChange={(e) => setTarget(e.target.value)}
            >
              {candidates.length === 0 && <option value="">No one in reach</option>}
              {candidates.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.id === entity.id ? `${c.name} (self)` : c.name}
                </option>
              ))}
            </NativeSelect>
          </div>
          <Button
            size="sm"
            variant="outline"
            disabled={cmd.disabled || !usable.ok || !chosen || turnId === undefined}
            aria-describedby={cmd.error ? errId : undefined}
            onClick={() =>
              void cmd.run((api, interactionId) =>
                api.useItem.mutate({
                  interactionId,
                  turnId: turnId!,
                  entityId: entity.id,
                  itemId: item.id,
                  targetId: chosen,
                }),
              )
            }
          >
            Use {item.name}
            {whyText(usable)}
          </Button>
        </>
      )}
      {(item.type === "weapon" || item.type === "armor") && (
        <Button
          size="sm"
          variant="outline"
          disabled={cmd.disabled || !equippable.ok}
          aria-describedby={cmd.error ? errId : undefined}
          onClick={() =>
            void cmd.run((api, interactionId) =>
              api.equipItem.mutate({
                interactionId,
                ...(turnId !== undefined ? { turnId } : {}),
                entityId: entity.id,
                itemId: item.id,
                equip: !item.equipped,
              }),
            )
          }
        >
          {item.equipped ? "Stow" : "Equip"} {item.name}
          {whyText(equippable)}
        </Button>
      )}
      <CommandError id={errId} error={cmd.error} className="w-full" />
    </li>
  );
}

function ObjectsInReach({ view, entity, r }: { view: ViewState; entity: Entity; r: Resources }) {
  const objects = objectsInReach(view, entity);
  const available = interactionAvailable(entity, r);
  return (
    <section aria-label="Objects in reach" className="grid gap-1">
      <h4 className="flex items-center gap-1 text-sm font-semibold">
        <Hand className="size-4" aria-hidden /> Objects in reach
      </h4>
      {objects.length === 0 ? (
        <p className="text-sm text-muted-foreground">Nothing to interact with next to {entity.name}.</p>
      ) : (
        <ul className="grid gap-1">
          {objects.map((o) => (
            <ObjectRow
              key={o.id}
              view={view}
              entity={entity}
              objectId={o.id}
              label={`${o.name} (${objectState(o)})`}
              name={o.name}
              available={available}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function ObjectRow({
  view,
  entity,
  objectId,
  label,
  name,
  available,
}: {
  view: ViewState;
  entity: Entity;
  objectId: string;
  label: string;
  name: string;
  available: Availability;
}) {
  const cmd = useCommand();
  const errId = useId();
  return (
    <li className="flex flex-wrap items-center gap-2 text-sm">
      <span>{label}</span>
      <Button
        size="sm"
        variant="outline"
        disabled={cmd.disabled || !available.ok}
        aria-describedby={cmd.error ? errId : undefined}
        onClick={() =>
          void cmd.run((api, interactionId) =>
            api.interactObject.mutate({
              interactionId,
              turnId: view.turn!.id,
              entityId: entity.id,
              objectId,
            }),
          )
        }
      >
        Interact with {name}
        {whyText(available)}
      </Button>
      <CommandError id={errId} error={cmd.error} className="w-full" />
    </li>
  );
}
