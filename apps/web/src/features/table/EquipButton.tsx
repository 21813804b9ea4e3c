import type { Armor, Entity, Weapon } from "@roundtable/live/engine";
import { CommandButton } from "./CommandButton";
import type { Availability } from "./model";

/**
 * Equips or stows a weapon or armor (the engine's `equipItem`). In play it names the turn and
 * costs the free object interaction; in the lobby it has no turn and is free.
 */
export function EquipButton({
  entity,
  item,
  turnId,
  available = { ok: true },
}: {
  entity: Entity;
  item: Weapon | Armor;
  turnId?: number;
  available?: Availability;
}) {
  return (
    <CommandButton
      available={available}
      send={(api, interactionId) =>
        api.equipItem.mutate({
          interactionId,
          ...(turnId !== undefined ? { turnId } : {}),
          entityId: entity.id,
          itemId: item.id,
          equip: !item.equipped,
        })
      }
    >
      {item.equipped ? "Stow" : "Equip"} {item.name}
    </CommandButton>
  );
}
