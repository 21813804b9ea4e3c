import type { Item } from "@roundtable/live/engine";
import { produce } from "immer";
import { Plus } from "lucide-react";
import { useId, useRef, useState, type RefObject } from "react";
import { RemoveRowButton } from "../../components/RemoveRowButton";
import { Button } from "../../components/ui/button";
import { FieldError, type At } from "../../components/ui/field";
import { Label } from "../../components/ui/label";
import { NativeSelect } from "../../components/ui/native-select";
import { newItem } from "../characters/defaults";
import { ItemFields, type EditItem } from "../characters/ItemFields";
import { itemTypeLabels } from "../characters/labels";

type EditLoot = (recipe: (loot: Item[]) => Item[]) => void;

/**
 * A chest's loot. Errors come from the engine's GameMap schema (validateDraft), keyed
 * relative to the loot array (`0.name`, or "" for the array itself), with the form's key.
 */
export function LootEditor({
  chestName,
  loot,
  errorAt,
  onLootChange,
}: {
  chestName: string;
  loot: Item[];
  errorAt: At;
  onLootChange: EditLoot;
}) {
  const [type, setType] = useState<Item["type"]>("gear");
  const selectId = useId();
  const headingId = useId();
  const addButton = useRef<HTMLButtonElement>(null);
  return (
    <section aria-labelledby={headingId} className="col-span-2 grid gap-3 sm:col-span-4">
      <h4 id={headingId} className="text-sm font-medium">
        Loot in {chestName}
      </h4>
      {loot.length === 0 && <p className="text-sm text-muted-foreground">The chest is empty.</p>}
      <ol className="grid gap-3">
        {loot.map((item, j) => (
          <li key={item.id}>
            <LootItem
              item={item}
              index={j}
              errorAt={(f) => errorAt(`${j}.${f}`)}
              edit={(recipe) => onLootChange((l) => l.map((it, k) => (k === j ? produce(it, recipe) : it)))}
              remove={() => onLootChange((l) => l.filter((_, k) => k !== j))}
              whenEmpty={addButton}
            />
          </li>
        ))}
      </ol>
      <FieldError {...errorAt("")} />
      <div className="flex flex-wrap items-end gap-2">
        <div className="grid gap-1.5">
          <Label htmlFor={selectId}>New loot type</Label>
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
          aria-label={`Add loot to ${chestName}`}
          onClick={() => onLootChange((l) => [...l, newItem(type)])}
        >
          <Plus aria-hidden />
          Add loot
        </Button>
      </div>
    </section>
  );
}

function LootItem({
  item,
  index,
  errorAt,
  edit,
  remove,
  whenEmpty,
}: {
  item: Item;
  index: number;
  errorAt: At;
  edit: EditItem;
  remove: () => void;
  whenEmpty: RefObject<HTMLElement | null>;
}) {
  const title = `Loot ${index + 1}`;
  return (
    <fieldset className="grid gap-3 rounded-md border p-3 sm:grid-cols-2">
      <legend className="px-1 text-sm font-medium">
        {title}: {itemTypeLabels[item.type]}
      </legend>
      <ItemFields item={item} at={errorAt} edit={edit} nameLabel="Item name" equippable={false} />
      <div className="sm:col-span-2">
        <RemoveRowButton
          label={`Remove ${title}${item.name ? `: ${item.name}` : ""}`}
          whenEmpty={whenEmpty}
          onRemove={remove}
        />
      </div>
    </fieldset>
  );
}
