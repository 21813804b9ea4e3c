import type { CharacterSheet, Item } from "@roundtable/live/engine";
import { Plus } from "lucide-react";
import { useId, useRef, useState, type RefObject } from "react";
import { RemoveRowButton } from "../../components/RemoveRowButton";
import { Button } from "../../components/ui/button";
import { errorProps } from "../../components/ui/field";
import { Label } from "../../components/ui/label";
import { NativeSelect } from "../../components/ui/native-select";
import type { FieldErrors } from "../../lib/form-errors";
import { newItem } from "./defaults";
import { ItemFields } from "./ItemFields";
import { itemTypeLabels } from "./labels";

type Update = (recipe: (draft: CharacterSheet) => void) => void;

export function InventoryEditor({
  items,
  errors,
  update,
}: {
  items: Item[];
  errors: FieldErrors;
  update: Update;
}) {
  const [type, setType] = useState<Item["type"]>("weapon");
  const selectId = useId();
  const addButton = useRef<HTMLButtonElement>(null);
  return (
    <fieldset className="grid gap-3">
      <legend className="mb-2 text-lg font-semibold">Inventory</legend>
      {items.length === 0 && <p className="text-sm text-muted-foreground">No items yet.</p>}
      <ol className="grid gap-3">
        {items.map((item, i) => (
          <li key={item.id}>
            <ItemEditor item={item} index={i} errors={errors} update={update} whenEmpty={addButton} />
          </li>
        ))}
      </ol>
      {errors.inventory && <p className="text-sm font-medium text-destructive">{errors.inventory}</p>}
      <div className="flex flex-wrap items-end gap-2">
        <div className="grid gap-1.5">
          <Label htmlFor={selectId}>New item type</Label>
          <NativeSelect
            id={selectId}
            value={type}
            onChange={(e) => setType(e.target.value as Item["type"])}
            className="w-40"
          >
            {Object.entries(itemTypeLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </NativeSelect>
        </div>
        <Button
          ref={addButton}
          variant="outline"
          onClick={() => update((d) => void d.inventory.push(newItem(type)))}
        >
          <Plus aria-hidden />
          Add item
        </Button>
      </div>
    </fieldset>
  );
}

function ItemEditor({
  item,
  index,
  errors,
  update,
  whenEmpty,
}: {
  item: Item;
  index: number;
  errors: FieldErrors;
  update: Update;
  whenEmpty: RefObject<HTMLElement | null>;
}) {
  const at = (field: string) => errorProps(errors, `inventory.${index}.${field}`);
  const edit = (recipe: (it: Item) => void) =>
    update((d) => {
      const it = d.inventory[index];
      if (it) recipe(it);
    });
  const title = `Item ${index + 1}`;
  return (
    <fieldset className="grid gap-3 rounded-md border p-3 sm:grid-cols-2">
      <legend className="px-1 text-sm font-medium">
        {title}: {itemTypeLabels[item.type]}
      </legend>
      <ItemFields item={item} at={at} edit={edit} equippable />
      <div className="sm:col-span-2">
        <RemoveRowButton
          label={`Remove ${item.name || title}`}
          whenEmpty={whenEmpty}
          onRemove={() =>
            update((d) => {
              const [removed] = d.inventory.splice(index, 1);
              if (!removed) return;
              // An attack left needing a missing weapon is refused at the table; it now needs none.
              for (const a of d.actions)
                if (a.kind === "attack" && a.weaponId === removed.id) delete a.weaponId;
            })
          }
        />
      </div>
    </fieldset>
  );
}
