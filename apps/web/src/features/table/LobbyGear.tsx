import type { Armor, Entity, Weapon } from "@roundtable/live/engine";
import { Shield } from "lucide-react";
import { EquipButton } from "./EquipButton";
import { SidePanel } from "./SidePanel";

const wearable = (e: Entity): (Weapon | Armor)[] =>
  e.inventory.filter((i): i is Weapon | Armor => i.type === "weapon" || i.type === "armor");

/**
 * Before the fight, equipping or stowing is free (the engine's `equipItem` needs no turn in the
 * lobby); once it runs, it takes the turn's object interaction, so this is the time to get ready.
 */
export function LobbyGear({ entities, title }: { entities: Entity[]; title: string }) {
  const geared = entities.filter((e) => wearable(e).length > 0);
  if (geared.length === 0) return null;
  return (
    <SidePanel
      icon={Shield}
      heading={title}
      description="Equip or stow weapons and armor now, for free; in the fight it takes a turn's object interaction."
    >
      {geared.map((e) => (
        <section key={e.id} aria-label={`${e.name}'s gear`} className="grid gap-1">
          <h4 className="font-medium">
            {e.name} (AC {e.ac})
          </h4>
          <ul className="grid gap-1">
            {wearable(e).map((item) => (
              <li key={item.id} className="flex flex-wrap items-center gap-2">
                <span>
                  {item.name} ({item.equipped ? "equipped" : "stowed"})
                </span>
                <EquipButton entity={e} item={item} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </SidePanel>
  );
}
