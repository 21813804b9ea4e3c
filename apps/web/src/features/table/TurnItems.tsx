import type { Entity, Item, ViewState } from "@roundtable/live/engine";
import { Hand, Package } from "lucide-react";
import { useId, useState } from "react";
import { NativeSelect } from "../../components/ui/native-select";
import { CommandButton } from "./CommandButton";
import { EquipButton } from "./EquipButton";
import {
  distanceFeet,
  interactionAvailable,
  isActive,
  itemUsable,
  objectState,
  type Availability,
  type Resources,
} from "./model";
import { objectsNow } from "./queue-plan";

/** The acting creature's inventory on its turn: use consumables, equip or stow gear. */
export function Inventory({ view, entity, r }: { view: ViewState; entity: Entity; r: Resources }) {
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
  const turnId = view.turn?.id;
  return (
    <li className="flex flex-wrap items-center gap-2 text-sm">
      <span>
        {item.name}
        {item.type === "consumable" && ` (${item.charges} ${item.charges === 1 ? "charge" : "charges"})`}
        {(item.type === "weapon" || item.type === "armor") && (item.equipped ? " (equipped)" : " (stowed)")}
      </span>
      {item.type === "consumable" && <UseItem view={view} entity={entity} item={item} r={r} />}
      {(item.type === "weapon" || item.type === "armor") && (
        <EquipButton
          entity={entity}
          item={item}
          {...(turnId !== undefined ? { turnId } : {})}
          available={interactionAvailable(entity, r)}
        />
      )}
    </li>
  );
}

function UseItem({
  view,
  entity,
  item,
  r,
}: {
  view: ViewState;
  entity: Entity;
  item: Extract<Item, { type: "consumable" }>;
  r: Resources;
}) {
  const selectId = useId();
  const turnId = view.turn?.id;
  const candidates = Object.values(view.entities).filter((t) =>
    item.effect.kind === "heal"
      ? t.side === entity.side && !t.defeated && distanceFeet(entity.position, t.position) <= 5
      : t.side !== entity.side &&
        isActive(t) &&
        distanceFeet(entity.position, t.position) <= item.effect.range,
  );
  const [target, setTarget] = useState<string>(candidates[0]?.id ?? entity.id);
  const chosen = candidates.some((c) => c.id === target) ? target : (candidates[0]?.id ?? "");
  const usable = itemUsable(entity, item, r);
  return (
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
      <CommandButton
        available={usable}
        disabled={!chosen || turnId === undefined}
        send={(api, interactionId) =>
          api.useItem.mutate({
            interactionId,
            turnId: turnId!,
            entityId: entity.id,
            itemId: item.id,
            targetId: chosen,
          })
        }
      >
        Use {item.name}
      </CommandButton>
    </>
  );
}

/**
 * Objects next to the acting creature: what interacting with each does now (open, close, pull…),
 * or, disabled, why the engine would refuse it (a chest already emptied, a lock without its key),
 * decided as the queue panel decides a plan's first step.
 */
export function ObjectsInReach({ view, entity, r }: { view: ViewState; entity: Entity; r: Resources }) {
  const objects = objectsNow(view, entity);
  // what the turn has left comes first, as the engine checks it before the object itself
  const turn = interactionAvailable(entity, r);
  return (
    <section aria-label="Objects in reach" className="grid gap-1">
      <h4 className="flex items-center gap-1 text-sm font-semibold">
        <Hand className="size-4" aria-hidden /> Objects in reach
      </h4>
      {objects.length === 0 ? (
        <p className="text-sm text-muted-foreground">Nothing to interact with next to {entity.name}.</p>
      ) : (
        <ul className="grid gap-1">
          {objects.map(({ id, object: o, avail, verb }) => (
            <ObjectRow
              key={id}
              view={view}
              entity={entity}
              objectId={id}
              label={`${o.name} (${objectState(o)})${avail.ok ? `: ${verb}` : ""}`}
              name={o.name}
              available={turn.ok ? avail : turn}
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
  return (
    <li className="flex flex-wrap items-center gap-2 text-sm">
      <span>{label}</span>
      <CommandButton
        available={available}
        send={(api, interactionId) =>
          api.interactObject.mutate({
            interactionId,
            turnId: view.turn!.id,
            entityId: entity.id,
            objectId,
          })
        }
      >
        Interact with {name}
      </CommandButton>
    </li>
  );
}
